/**
 * The demo set of emergency records (演示数据): generated from the demo district's own grids and
 * green spaces with a seeded generator, so every start gives the same set. Hazard sources stand
 * in the base grids farthest from the district's centre (plants at the edge), shelters in its
 * green spaces (parks) and at grid centres (school grounds), sensors beside the hazards and
 * across the grids, a camera at each hazard and shelter, and three plans. Every record is
 * flagged demo and its name says so; contact phones use the 170 0000 block, not a real line.
 */
import {
  aeglValuePpm,
  findChemical,
  DEFAULT_AEGL_DURATION_MIN,
} from '../../../domain/emergency/chemicals';
import type { EmergencyRecordInput } from '../../../shared/emergencyRecords';
import { toLocalMetres, toLonLat } from '../../../domain/geo/localFrame';
import type { GridRecord, LonLat } from '../../../domain/registry';
import { createSeededRandom } from '../../../domain/seededRandom';

export const DEMO_RECORDS_SEED = 12;
export const DEMO_SUFFIX = '（演示）';

const HAZARD_SUBSTANCES = ['chlorine', 'ammonia', 'hydrogen_sulfide', 'sulfur_dioxide'];
/** How far a plant sits from its grid's centre, outwards, as a share of the way to the edge. */
const HAZARD_OUTWARD_M = 120;
/** A detector between the plant and the homes. */
const DETECTOR_INWARD_M = 150;
const MAX_PARK_SHELTERS = 4;
const SCHOOL_SHELTERS = 3;
const PM25_MONITORS = 8;
/** The 24-hour PM2.5 limit of GB 3095-2012 grade II, µg/m³: the monitors' alarm threshold. */
const PM25_THRESHOLD_UG_M3 = 75;

function centroidOf(ring: readonly number[][]): LonLat {
  const points = ring.slice(0, -1);
  const lon = points.reduce((sum, point) => sum + point[0]!, 0) / points.length;
  const lat = points.reduce((sum, point) => sum + point[1]!, 0) / points.length;
  return { lon, lat };
}

function pushed(from: LonLat, toward: LonLat, distanceM: number): LonLat {
  const { eastM, northM } = toLocalMetres(from, toward);
  const length = Math.hypot(eastM, northM) || 1;
  return toLonLat(from, (eastM / length) * distanceM, (northM / length) * distanceM);
}

const demoPhone = (index: number) => `1700000${String(1000 + index).slice(-4)}`;

export function generateDemoEmergencyRecords(
  grids: readonly GridRecord[],
  greenAreas: ReadonlyArray<{ name: string; ring: readonly number[][] }>,
  seed: number = DEMO_RECORDS_SEED,
): EmergencyRecordInput[] {
  const random = createSeededRandom(seed);
  const baseGrids = grids.filter((grid) => grid.level === 4);
  if (baseGrids.length === 0) return [];
  const centre: LonLat = {
    lon: baseGrids.reduce((sum, grid) => sum + grid.center.lon, 0) / baseGrids.length,
    lat: baseGrids.reduce((sum, grid) => sum + grid.center.lat, 0) / baseGrids.length,
  };
  const distanceFromCentre = (grid: GridRecord) => {
    const { eastM, northM } = toLocalMetres(centre, grid.center);
    return Math.hypot(eastM, northM);
  };
  const byDistance = [...baseGrids].sort((a, b) => distanceFromCentre(b) - distanceFromCentre(a));
  const records: EmergencyRecordInput[] = [];
  const usedNames = new Set<string>();
  /** Demo-labelled and unique (two parks of a district may share a name): 2, 3, … on repeats. */
  const named = (name: string) => {
    let unique = name;
    for (let repeat = 2; usedNames.has(unique); repeat++) unique = `${name}${repeat}`;
    usedNames.add(unique);
    return `${unique}${DEMO_SUFFIX}`;
  };

  const edgeGrids = byDistance.slice(0, Math.min(HAZARD_SUBSTANCES.length, byDistance.length));
  edgeGrids.forEach((grid, index) => {
    const chemical = findChemical(HAZARD_SUBSTANCES[index]!)!;
    const plant = pushed(grid.center, centre, -HAZARD_OUTWARD_M);
    const aegl1 = aeglValuePpm(chemical, 'AEGL-1', DEFAULT_AEGL_DURATION_MIN);
    records.push({
      kind: 'hazard',
      name: named(`${grid.name}${chemical.nameZh}储存点`),
      location: plant,
      attributes: {
        enterprise: `演示化工有限公司${index + 1}号厂区`,
        substance: chemical.id,
        quantityT: Math.round(random.between(5, 80)),
        contactName: `安全主管${index + 1}`,
        contactPhone: demoPhone(index),
      },
    });
    records.push({
      kind: 'sensor',
      name: named(`${grid.name}${chemical.nameZh}探测器`),
      location: pushed(plant, centre, DETECTOR_INWARD_M),
      attributes: {
        sensorType: 'toxic_gas',
        substance: chemical.id,
        // The AEGL-1 (60 min) level where EPA gives one, else a tenth of AEGL-2.
        threshold:
          typeof aegl1 === 'number'
            ? aegl1
            : Number(aeglValuePpm(chemical, 'AEGL-2', DEFAULT_AEGL_DURATION_MIN)) / 10,
        unit: 'ppm',
      },
    });
    records.push({
      kind: 'video',
      name: named(`${grid.name}厂区周界摄像机`),
      location: pushed(plant, centre, 30),
      attributes: { status: 'online', streamUrl: `rtsp://127.0.0.1:8554/demo-hazard-${index + 1}` },
    });
  });

  const parks = greenAreas.slice(0, MAX_PARK_SHELTERS);
  const schoolGrids = byDistance.slice(-SCHOOL_SHELTERS);
  const shelterSites = [
    ...parks.map((park, index) => ({
      name: `${park.name || `公园${index + 1}`}应急避难场所`,
      at: centroidOf(park.ring),
      area: random.between(8_000, 30_000),
    })),
    ...schoolGrids.map((grid, index) => ({
      name: `${grid.name}第${index + 1}中学操场`,
      at: grid.center,
      area: random.between(4_000, 9_000),
    })),
  ];
  shelterSites.forEach((site, index) => {
    const areaM2 = Math.round(site.area);
    records.push({
      kind: 'shelter',
      name: named(site.name),
      location: site.at,
      attributes: {
        // About 2 m² a person, as emergency shelter guidance (GB 21734-2008) allows at least 1.5.
        capacityPersons: Math.floor(areaM2 / 2),
        areaM2,
        status: index === 0 ? 'in_use' : 'available',
      },
    });
    records.push({
      kind: 'video',
      name: named(`${site.name}摄像机`),
      location: pushed(site.at, centre, 20),
      attributes: {
        status: random.chance(0.2) ? 'offline' : 'online',
        streamUrl: `rtsp://127.0.0.1:8554/demo-shelter-${index + 1}`,
      },
    });
  });

  const resourceKinds = [
    ['rescue_team', '消防救援站', 30],
    ['medical_point', '社区卫生服务中心', 12],
    ['supplies', '应急物资储备库', 500],
    ['equipment', '应急装备库', 40],
    ['expert', '危化品应急专家', 1],
    ['expert', '医疗救护专家', 1],
  ] as const;
  resourceKinds.forEach(([resourceType, label, quantity], index) => {
    const grid = baseGrids[Math.floor(random.next() * baseGrids.length)]!;
    records.push({
      kind: 'resource',
      name: named(`${grid.name}${label}`),
      location: grid.center,
      attributes: {
        resourceType,
        quantity,
        contactName: `联系人${index + 1}`,
        contactPhone: demoPhone(10 + index),
      },
    });
  });

  const step = Math.max(1, Math.floor(baseGrids.length / PM25_MONITORS));
  for (let index = 0; index < baseGrids.length && index / step < PM25_MONITORS; index += step) {
    const grid = baseGrids[index]!;
    records.push({
      kind: 'sensor',
      name: named(`${grid.name}PM2.5监测点`),
      location: grid.center,
      attributes: { sensorType: 'pm25', threshold: PM25_THRESHOLD_UG_M3, unit: 'µg/m³' },
    });
  }

  records.push(
    {
      kind: 'plan',
      name: named('危险化学品泄漏事故专项应急预案'),
      location: null,
      attributes: {
        incidentType: '危化品泄漏',
        responseLevel: 'II',
        steps: [
          '接警核实',
          '启动响应并报告',
          '划定警戒区',
          '疏散下风向群众',
          '监测与处置',
          '善后与评估',
        ],
        responsibleUnits: ['区应急管理局', '消防救援大队', '生态环境局', '属地街道'],
      },
    },
    {
      kind: 'plan',
      name: named('有毒气体监测超标处置预案'),
      location: null,
      attributes: {
        incidentType: '有毒气体超标',
        responseLevel: 'III',
        steps: ['核实读数与设备状态', '通知企业排查', '现场复测', '视情况扩大响应'],
        responsibleUnits: ['区应急管理局', '生态环境局'],
      },
    },
    {
      kind: 'plan',
      name: named('重污染天气应急预案'),
      location: null,
      attributes: {
        incidentType: '重污染天气',
        responseLevel: 'IV',
        steps: ['发布预警', '提醒易感人群减少外出', '落实减排措施', '解除预警'],
        responsibleUnits: ['生态环境局', '各街道办事处'],
      },
    },
  );
  return records;
}
