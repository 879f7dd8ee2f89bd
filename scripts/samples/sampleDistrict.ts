/**
 * The sample files a new user tries the import with (demo data, generated, deterministic): a
 * small district in Fuzhou's Gulou district — 1 street, 2 communities, 6 base grids — in GCJ-02
 * as a Chinese web map would give it, the same grids with the mistakes real files have, ~20
 * building footprints of mixed shapes, and the district configuration for them.
 *
 * Grids come from one jittered 4×3 lattice of points, so neighbours share their vertices exactly
 * (no overlap, no gap) and the mistakes are introduced on purpose, one per grid.
 */
import { fromWgs84 } from '../../src/domain/geo/crs';
import { toLonLat } from '../../src/domain/geo/localFrame';
import { createSeededRandom, hashString32 } from '../../src/domain/seededRandom';

export const SAMPLE_ORIGIN = { lon: 119.2915, lat: 26.0835 };
const CELL_EAST_M = 420;
const CELL_NORTH_M = 360;
const LATTICE_JITTER_M = 45;
const EDGE_BEND_M = 18;
const DISTRICT_CODE = '350102';
const STREET_CODE = '350102901';

type Point = [east: number, north: number];

export interface SampleFeature {
  type: 'Feature';
  properties: Record<string, string | number>;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}
export interface SampleCollection {
  type: 'FeatureCollection';
  name: string;
  features: SampleFeature[];
}

function lattice(): Point[][] {
  const random = createSeededRandom(20_260_105);
  const points: Point[][] = [];
  for (let i = 0; i <= 3; i += 1) {
    points.push([]);
    for (let j = 0; j <= 2; j += 1) {
      const jitter = (): number => random.between(-LATTICE_JITTER_M, LATTICE_JITTER_M);
      points[i]!.push([i * CELL_EAST_M + jitter(), j * CELL_NORTH_M + jitter()]);
    }
  }
  return points;
}

/**
 * The bent middle of the lattice edge between two nodes, the same point whichever side walks the
 * edge: two grids sharing an edge then share every vertex of it.
 */
function edgeMiddle(points: Point[][], from: [number, number], to: [number, number]): Point {
  const [lo, hi] = `${from}` < `${to}` ? [from, to] : [to, from];
  const a = points[lo[0]]![lo[1]]!;
  const b = points[hi[0]]![hi[1]]!;
  const bend = createSeededRandom(hashString32(`${lo}-${hi}`)).between(-EDGE_BEND_M, EDGE_BEND_M);
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = Math.hypot(dx, dy);
  return [a[0] + dx / 2 - (dy / length) * bend, a[1] + dy / 2 + (dx / length) * bend];
}

/** A closed ring through lattice nodes (i, j) with each edge bent, in local metres. */
function ringThrough(points: Point[][], path: Array<[number, number]>): Point[] {
  const ring: Point[] = [];
  path.forEach((node, k) => {
    const next = path[(k + 1) % path.length]!;
    ring.push(points[node[0]]![node[1]]!, edgeMiddle(points, node, next));
  });
  ring.push(ring[0]!);
  return ring;
}

const toGcj = (ring: Point[]): number[][] =>
  ring.map(([east, north]) => {
    const wgs = toLonLat(SAMPLE_ORIGIN, east, north);
    const [lon, lat] = fromWgs84('gcj02', wgs.lon, wgs.lat);
    return [round(lon), round(lat)];
  });

const round = (value: number): number => Number(value.toFixed(7));

interface GridPlan {
  code: string;
  name: string;
  nameEn: string;
  level: number;
  parent: string;
  path: Array<[number, number]>;
}

const COMMUNITY_A = `${STREET_CODE}001`;
const COMMUNITY_B = `${STREET_CODE}002`;
const STREET_PATH: Array<[number, number]> = [
  [0, 0],
  [1, 0],
  [2, 0],
  [3, 0],
  [3, 1],
  [3, 2],
  [2, 2],
  [1, 2],
  [0, 2],
  [0, 1],
];

function gridPlans(): GridPlan[] {
  const cell = (i: number, j: number): Array<[number, number]> => [
    [i, j],
    [i + 1, j],
    [i + 1, j + 1],
    [i, j + 1],
  ];
  return [
    {
      code: DISTRICT_CODE,
      name: '鼓楼区（演示）',
      nameEn: 'Gulou District (demo)',
      level: 1,
      parent: '',
      path: STREET_PATH,
    },
    {
      code: STREET_CODE,
      name: '示范街道（演示）',
      nameEn: 'Shifan Street (demo)',
      level: 2,
      parent: DISTRICT_CODE,
      path: STREET_PATH,
    },
    {
      code: COMMUNITY_A,
      name: '榕荫社区（演示）',
      nameEn: 'Rongyin Community (demo)',
      level: 3,
      parent: STREET_CODE,
      path: [
        [0, 0],
        [1, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 2],
        [0, 2],
        [0, 1],
      ],
    },
    {
      code: COMMUNITY_B,
      name: '三坊社区（演示）',
      nameEn: 'Sanfang Community (demo)',
      level: 3,
      parent: STREET_CODE,
      path: [
        [2, 0],
        [3, 0],
        [3, 1],
        [3, 2],
        [2, 2],
        [1, 2],
        [1, 1],
        [2, 1],
      ],
    },
    {
      code: `${COMMUNITY_A}001`,
      name: '榕荫第一网格',
      nameEn: 'Rongyin grid 1',
      level: 4,
      parent: COMMUNITY_A,
      path: cell(0, 0),
    },
    {
      code: `${COMMUNITY_A}002`,
      name: '榕荫第二网格',
      nameEn: 'Rongyin grid 2',
      level: 4,
      parent: COMMUNITY_A,
      path: cell(1, 0),
    },
    {
      code: `${COMMUNITY_A}003`,
      name: '榕荫第三网格',
      nameEn: 'Rongyin grid 3',
      level: 4,
      parent: COMMUNITY_A,
      path: cell(0, 1),
    },
    {
      code: `${COMMUNITY_B}001`,
      name: '三坊第一网格',
      nameEn: 'Sanfang grid 1',
      level: 4,
      parent: COMMUNITY_B,
      path: cell(2, 0),
    },
    {
      code: `${COMMUNITY_B}002`,
      name: '三坊第二网格',
      nameEn: 'Sanfang grid 2',
      level: 4,
      parent: COMMUNITY_B,
      path: cell(2, 1),
    },
    {
      code: `${COMMUNITY_B}003`,
      name: '三坊第三网格',
      nameEn: 'Sanfang grid 3',
      level: 4,
      parent: COMMUNITY_B,
      path: cell(1, 1),
    },
  ];
}

function gridFeature(plan: GridPlan, ring: Point[]): SampleFeature {
  return {
    type: 'Feature',
    properties: {
      网格编码: plan.code,
      网格名称: plan.name,
      英文名称: plan.nameEn,
      层级: plan.level,
      上级编码: plan.parent,
      数据说明: '演示数据（生成） demo data, generated',
    },
    geometry: { type: 'Polygon', coordinates: [toGcj(ring)] },
  };
}

/** The sample grids, rings in local metres (for the Shapefile variant and the footprints). */
export function sampleGridRings(): Array<{ plan: GridPlan; ring: Point[] }> {
  const points = lattice();
  return gridPlans().map((plan) => ({ plan, ring: ringThrough(points, plan.path) }));
}

export function sampleGrids(): SampleCollection {
  return {
    type: 'FeatureCollection',
    name: 'sample-grids-gcj02 (demo)',
    features: sampleGridRings().map(({ plan, ring }) => gridFeature(plan, ring)),
  };
}

/**
 * The same grids with one typical mistake in each of four base grids: an overlap (a corner
 * pushed 40 m into the neighbour) and a gap (an edge pulled 30 m back) in one community, a
 * malformed code and a self-intersecting boundary (two corners swapped) in the other.
 */
export function sampleGridsWithMistakes(): SampleCollection {
  const features = sampleGridRings().map(({ plan, ring }) => {
    const copy = ring.map((point) => [...point] as Point);
    const planCopy = { ...plan };
    if (plan.code === `${COMMUNITY_A}001`) {
      copy[2] = [copy[2]![0] + 40, copy[2]![1] + 10]; // overlap into 榕荫第二网格
    } else if (plan.code === `${COMMUNITY_A}003`) {
      // gap: the south edge (shared with 榕荫第一网格) pulled 30 m north
      for (const k of [0, 1, 2]) copy[k] = [copy[k]![0], copy[k]![1] + 30];
    } else if (plan.code === `${COMMUNITY_B}001`) {
      planCopy.code = `${COMMUNITY_B}01`; // a digit short
    } else if (plan.code === `${COMMUNITY_B}002`) {
      [copy[2], copy[4]] = [copy[4]!, copy[2]!]; // bow-tie
    }
    copy[copy.length - 1] = copy[0]!;
    return gridFeature(planCopy, copy);
  });
  return { type: 'FeatureCollection', name: 'sample-grids-gcj02-with-mistakes (demo)', features };
}

type Shape = 'slab' | 'tower' | 'l' | 'u' | 'courtyard' | 'commercial';

/** Outer ring (and hole) of each shape in metres, counter-clockwise, origin at the south-west. */
function shapeRings(shape: Shape): Point[][] {
  const box = (w: number, h: number, x = 0, y = 0): Point[] => [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ];
  switch (shape) {
    case 'slab':
      return [box(60, 13)];
    case 'tower':
      return [box(26, 24)];
    case 'commercial':
      return [box(44, 32)];
    case 'l':
      return [
        [
          [0, 0],
          [48, 0],
          [48, 14],
          [14, 14],
          [14, 40],
          [0, 40],
        ],
      ];
    case 'u':
      return [
        [
          [0, 0],
          [50, 0],
          [50, 36],
          [36, 36],
          [36, 14],
          [14, 14],
          [14, 36],
          [0, 36],
        ],
      ];
    case 'courtyard':
      return [box(52, 40), [...box(28, 18, 12, 11)].reverse()];
  }
}

const SHAPE_KIND: Record<
  Shape,
  { kind: string; floors: [number, number]; units: [number, number]; floorHeight: number }
> = {
  slab: { kind: 'slab', floors: [6, 11], units: [4, 6], floorHeight: 2.9 },
  tower: { kind: 'tower', floors: [18, 32], units: [4, 8], floorHeight: 3.0 },
  l: { kind: 'l_shape', floors: [5, 9], units: [4, 6], floorHeight: 2.9 },
  u: { kind: 'courtyard', floors: [4, 7], units: [6, 8], floorHeight: 3.0 },
  courtyard: { kind: 'courtyard', floors: [3, 6], units: [6, 10], floorHeight: 3.1 },
  commercial: { kind: 'commercial', floors: [2, 5], units: [2, 4], floorHeight: 4.2 },
};

const SHAPE_ORDER: Shape[] = [
  'slab',
  'l',
  'tower',
  'u',
  'courtyard',
  'commercial',
  'slab',
  'l',
  'tower',
  'u',
];
const SLOTS: Point[] = [
  [-115, -95],
  [35, -95],
  [-115, 55],
  [35, 55],
];
const STREET_NAMES = ['杨桥路', '南后街', '光禄坊', '文儒坊'];

/** About 20 footprints in the six base grids, GCJ-02, with the attributes a survey gives. */
export function sampleFootprints(): SampleCollection {
  const random = createSeededRandom(20_260_106);
  const points = lattice();
  const cells: Array<[number, number]> = [
    [0, 0],
    [1, 0],
    [0, 1],
    [2, 0],
    [2, 1],
    [1, 1],
  ];
  const features: SampleFeature[] = [];
  let number = 0;
  cells.forEach(([i, j], cellIndex) => {
    const corners = [
      points[i]![j]!,
      points[i + 1]![j]!,
      points[i + 1]![j + 1]!,
      points[i]![j + 1]!,
    ];
    const centre: Point = [
      corners.reduce((sum, p) => sum + p[0], 0) / 4,
      corners.reduce((sum, p) => sum + p[1], 0) / 4,
    ];
    SLOTS.forEach((slot, slotIndex) => {
      // Two cells keep a slot empty (a square, a school yard): 20 buildings in all.
      if ((cellIndex === 1 || cellIndex === 4) && slotIndex === 3) return;
      if ((cellIndex === 2 || cellIndex === 5) && slotIndex === 0) return;
      number += 1;
      const shape = SHAPE_ORDER[(number - 1) % SHAPE_ORDER.length]!;
      const spec = SHAPE_KIND[shape];
      const angle = random.between(-0.25, 0.25);
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const place = (ring: Point[]): Point[] => {
        const moved = ring.map(([x, y]): Point => [
          centre[0] + slot[0] + x * cos - y * sin,
          centre[1] + slot[1] + x * sin + y * cos,
        ]);
        return [...moved, moved[0]!];
      };
      const street = STREET_NAMES[cellIndex % STREET_NAMES.length]!;
      features.push({
        type: 'Feature',
        properties: {
          name: `示范小区${number}号楼（演示）`,
          name_en: `Shifan Estate building ${number} (demo)`,
          address: `福州市鼓楼区${street}${number}号`,
          floors: random.int(spec.floors[0], spec.floors[1]),
          floor_height_m: spec.floorHeight,
          units_per_floor: random.int(spec.units[0], spec.units[1]),
          base_height_m: 0,
          year: random.int(1985, 2020),
          kind: spec.kind,
          shape,
          数据说明: '演示数据（生成） demo data, generated',
        },
        geometry: {
          type: 'Polygon',
          coordinates: shapeRings(shape).map((ring) => toGcj(place(ring))),
        },
      });
    });
  });
  return { type: 'FeatureCollection', name: 'sample-footprints-gcj02 (demo)', features };
}

const WORKER_SURNAMES = '林陈黄郑王吴';
const WORKER_GIVEN = ['晓峰', '丽娟', '志强', '秀琴', '建明', '美玲'];
const WORKER_PINYIN_SURNAMES = ['Lin', 'Chen', 'Huang', 'Zheng', 'Wang', 'Wu'];
const WORKER_PINYIN_GIVEN = ['Xiaofeng', 'Lijuan', 'Zhiqiang', 'Xiuqin', 'Jianming', 'Meiling'];

/**
 * The grid workers' roster (网格员花名册, demo data) as a street office keeps it: one worker per
 * base grid, the community's last worker also covering the next grid, as CSV with Chinese
 * headers. Phones are on a prefix no sample resident has.
 */
export function sampleWorkerRoster(): string {
  const baseGrids = sampleGridRings()
    .map(({ plan }) => plan)
    .filter((plan) => plan.level === 4);
  const lines = ['工号,姓名,姓名拼音,手机号码,负责网格,备注'];
  baseGrids.forEach((grid, index) => {
    const sibling = baseGrids[index + 1];
    const grids =
      index % 3 === 2 && sibling !== undefined ? `${grid.code}、${sibling.code}` : grid.code;
    const surname = index % WORKER_SURNAMES.length;
    const given = (index * 5) % WORKER_GIVEN.length;
    lines.push(
      [
        String(1001 + index),
        `${WORKER_SURNAMES[surname]}${WORKER_GIVEN[given]}`,
        `${WORKER_PINYIN_SURNAMES[surname]} ${WORKER_PINYIN_GIVEN[given]}`,
        `1990591${String(index + 1).padStart(4, '0')}`,
        grids,
        '演示数据 demo data',
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}
