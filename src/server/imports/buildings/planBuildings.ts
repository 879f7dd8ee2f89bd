/**
 * Turns footprint features (already in WGS84) and an optional unit table into planned buildings
 * with their units, checking every feature and listing every problem it has (not just the
 * first). Reads the register only to place buildings in base grids; writes nothing.
 */
import { createHash } from 'node:crypto';
import { kinks, polygon as turfPolygon } from '@turf/turf';
import { roomLabel as defaultRoomLabel, type Wing } from '../../../domain/buildingLayout';
import { toLocalMetres, toLonLat } from '../../../domain/geo/localFrame';
import { isPointInArea, type AreaGeometry } from '../../../domain/geo/polygonContainment';
import { isPointInRing, ringCentroid, signedRingAreaM2 } from '../../../domain/geo/planarGeometry';
import type { BuildingKind, LonLat, UnitUse } from '../../../domain/registry';
import type { ImportProblem } from '../importKind';
import type { BuildingField } from './footprintFields';
import {
  normaliseRings,
  pieceWing,
  polygonAreaM2,
  splitFootprint,
  SplitError,
  type PolygonRings,
} from './splitFootprint';

function roomsByFloorOf(rows: readonly UnitTableRow[]): Map<number, string[]> {
  const rooms = new Map<number, string[]>();
  for (const row of rows) {
    const list = rooms.get(row.floor) ?? [];
    if (!list.includes(row.room)) list.push(row.room);
    rooms.set(row.floor, list);
  }
  return rooms;
}

export interface FootprintFeature {
  /** 1-based feature index in the file. */
  index: number;
  properties: Record<string, unknown>;
  /** Outer ring then holes, [lon, lat] WGS84, rings not closed; null when unusable. */
  rings: [number, number][][] | null;
}

export interface UnitTableRow {
  /** 1-based data row of the unit table. */
  row: number;
  building: string;
  floor: number;
  room: string;
}

export interface PlannedUnit {
  floor: number;
  unitNo: number;
  roomLabel: string;
  use: UnitUse;
  areaM2: number;
  rings: PolygonRings;
}

export interface PlannedBuilding {
  featureIndex: number;
  sourceKey: string;
  name: string;
  address: string;
  kind: BuildingKind;
  sourceKind: string;
  floors: number;
  unitsPerFloor: number;
  floorHeightM: number;
  baseHeightM: number;
  builtYear: number;
  origin: LonLat;
  wings: Wing[];
  footprint: GeoJSON.Polygon;
  gridCode: string;
  units: PlannedUnit[];
  contentHash: string;
}

export interface BaseGrid {
  code: string;
  area: AreaGeometry;
}

const DEFAULT_FLOOR_HEIGHT_M = 3;
const MIN_FLOOR_HEIGHT_M = 2;
const MAX_FLOOR_HEIGHT_M = 10;
const MAX_FLOORS = 99;
const MAX_UNITS_PER_FLOOR = 64;
/** A unit per this much floor area when the file does not say. */
const DEFAULT_UNIT_AREA_M2 = 90;
const MIN_FOOTPRINT_M2 = 10;
/** Floors stored in tiles are UINT8 and in the register 1–99. */
const TOWER_MIN_FLOORS = 12;
const COMMERCIAL_WORDS = [
  'commercial',
  'shop',
  'office',
  'retail',
  '商业',
  '商铺',
  '办公',
  '商场',
  '写字楼',
];

function problem(
  feature: FootprintFeature | null,
  key: string | undefined,
  code: string,
  messageZh: string,
  messageEn: string,
  extra: Partial<ImportProblem> = {},
): ImportProblem {
  return {
    row: feature?.index ?? null,
    ...(key ? { feature: key } : {}),
    code,
    messageZh,
    messageEn,
    severity: 'error',
    ...extra,
  };
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

/** A number from a property, null when absent, NaN when present but not a number. */
function numberOf(value: unknown): number | null {
  const raw = text(value);
  if (raw === '') return null;
  const parsed = Number(raw.replace(/[，,]/g, ''));
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

function hasConcaveCorner(ring: readonly (readonly [number, number])[]): boolean {
  let sign = 0;
  for (let index = 0; index < ring.length; index++) {
    const a = ring[index]!;
    const b = ring[(index + 1) % ring.length]!;
    const c = ring[(index + 2) % ring.length]!;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (Math.abs(cross) < 1e-6) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return true;
  }
  return false;
}

function kindOf(sourceKind: string, rings: PolygonRings, floors: number): BuildingKind {
  const lower = sourceKind.toLowerCase();
  if (COMMERCIAL_WORDS.some((word) => lower.includes(word))) return 'commercial';
  if (rings.length > 1) return 'courtyard';
  if (hasConcaveCorner(rings[0]!)) return 'l_shape';
  return floors >= TOWER_MIN_FLOORS ? 'tower' : 'slab';
}

interface Context {
  mapping: Record<string, string>;
  baseGrids: readonly BaseGrid[];
  gridCodes: ReadonlySet<string>;
  unitRows: ReadonlyMap<string, UnitTableRow[]>;
}

function field(feature: FootprintFeature, context: Context, name: BuildingField): unknown {
  const column = context.mapping[name];
  return column === undefined ? undefined : feature.properties[column];
}

function localRings(rings: [number, number][][], origin: LonLat): PolygonRings {
  return rings.map((ring) =>
    ring.map(([lon, lat]) => {
      const { eastM, northM } = toLocalMetres(origin, { lon, lat });
      return [eastM, northM] as const;
    }),
  );
}

/** Checks one feature and plans its building; problems are appended, null when refused. */
export function planBuilding(
  feature: FootprintFeature,
  context: Context,
  problems: ImportProblem[],
): PlannedBuilding | null {
  const errorsBefore = problems.filter((item) => item.severity === 'error').length;
  const idText = text(field(feature, context, 'id'));
  const name = text(field(feature, context, 'name'));
  const address = text(field(feature, context, 'address'));
  const sourceKey = idText || (name || address ? `${name}|${address}` : '');
  const add = (code: string, zh: string, en: string, extra: Partial<ImportProblem> = {}) =>
    problems.push(problem(feature, sourceKey || undefined, code, zh, en, extra));
  const column = (name: BuildingField) => context.mapping[name];

  if (!sourceKey) {
    add(
      'building-key-missing',
      '缺少楼栋编号，也没有名称或地址可作标识',
      'no building id, and no name or address to identify it by',
    );
  }

  // Geometry
  let lonLatRings: [number, number][][] | null = feature.rings;
  if (!lonLatRings || lonLatRings.length === 0) {
    add(
      'geometry-missing',
      '没有可用的面状轮廓（需要 Polygon）',
      'no usable polygon footprint (Polygon expected)',
    );
    lonLatRings = null;
  } else if (lonLatRings.some((ring) => ring.length < 3)) {
    add(
      'ring-too-short',
      '轮廓的环少于 3 个不同的点',
      'a ring of the footprint has fewer than 3 distinct points',
    );
    lonLatRings = null;
  } else {
    const closedRings = lonLatRings.map((ring) => [...ring, ring[0]!]);
    const crossings = kinks(turfPolygon(closedRings)).features;
    if (crossings.length > 0) {
      const [lon, lat] = crossings[0]!.geometry.coordinates as [number, number];
      add(
        'self-intersection',
        `轮廓自相交（${crossings.length} 处，首处 ${lon.toFixed(6)}, ${lat.toFixed(6)}）`,
        `the footprint crosses itself (${crossings.length} places, first at ${lon.toFixed(6)}, ${lat.toFixed(6)})`,
      );
      lonLatRings = null;
    } else {
      const outer = lonLatRings[0]!;
      lonLatRings.slice(1).forEach((hole, holeIndex) => {
        if (!hole.every((point) => isPointInRing(point, outer))) {
          add(
            'hole-outside',
            `第 ${holeIndex + 1} 个内环（天井）不在外轮廓内`,
            `hole ${holeIndex + 1} (courtyard) does not lie inside the outer ring`,
          );
          lonLatRings = null;
        }
      });
    }
  }

  // Numbers
  const floorsValue = numberOf(field(feature, context, 'floors'));
  const heightValue = numberOf(field(feature, context, 'height'));
  const floorHeightValue = numberOf(field(feature, context, 'floorHeight'));
  const unitsValue = numberOf(field(feature, context, 'unitsPerFloor'));
  const baseValue = numberOf(field(feature, context, 'baseHeight'));
  const yearValue = numberOf(field(feature, context, 'year'));
  const badNumber = (name: BuildingField, zh: string, en: string) =>
    add('not-a-number', `${zh}不是数字`, `${en} is not a number`, { column: column(name) });
  if (Number.isNaN(floorsValue)) badNumber('floors', '层数', 'floors');
  if (Number.isNaN(heightValue)) badNumber('height', '高度', 'height');
  if (Number.isNaN(floorHeightValue)) badNumber('floorHeight', '层高', 'floor height');
  if (Number.isNaN(unitsValue)) badNumber('unitsPerFloor', '每层户数', 'units per floor');
  if (Number.isNaN(baseValue)) badNumber('baseHeight', '基底高度', 'base height');
  if (Number.isNaN(yearValue)) badNumber('year', '建成年份', 'year built');

  let floorHeightM = DEFAULT_FLOOR_HEIGHT_M;
  let floors = 0;
  if (floorHeightValue !== null && !Number.isNaN(floorHeightValue)) floorHeightM = floorHeightValue;
  if (floorsValue !== null && !Number.isNaN(floorsValue)) {
    floors = floorsValue;
    if (
      floorHeightValue === null &&
      heightValue !== null &&
      !Number.isNaN(heightValue) &&
      floors > 0
    ) {
      floorHeightM = heightValue / floors;
    }
  } else if (heightValue !== null && !Number.isNaN(heightValue)) {
    floors = Math.max(1, Math.round(heightValue / floorHeightM));
  } else if (floorsValue === null) {
    add('floors-missing', '没有层数，也没有高度', 'neither floors nor height is given', {
      column: column('floors'),
    });
  }
  if (floors !== 0 && (!Number.isInteger(floors) || floors < 1 || floors > MAX_FLOORS)) {
    add(
      'floors-range',
      `层数 ${floors} 不在 1–${MAX_FLOORS} 之间`,
      `floors ${floors} is not a whole number in 1–${MAX_FLOORS}`,
      {
        column: column('floors'),
      },
    );
  }
  if (floorHeightM < MIN_FLOOR_HEIGHT_M || floorHeightM > MAX_FLOOR_HEIGHT_M) {
    add(
      'floor-height-range',
      `层高 ${floorHeightM.toFixed(2)} 米不在 ${MIN_FLOOR_HEIGHT_M}–${MAX_FLOOR_HEIGHT_M} 米之间`,
      `floor height ${floorHeightM.toFixed(2)} m is outside ${MIN_FLOOR_HEIGHT_M}–${MAX_FLOOR_HEIGHT_M} m`,
      { column: column(floorHeightValue === null ? 'height' : 'floorHeight') },
    );
  }
  if (unitsValue !== null && !Number.isNaN(unitsValue)) {
    if (!Number.isInteger(unitsValue) || unitsValue < 1 || unitsValue > MAX_UNITS_PER_FLOOR) {
      add(
        'units-range',
        `每层户数 ${unitsValue} 不在 1–${MAX_UNITS_PER_FLOOR} 之间`,
        `units per floor ${unitsValue} is not a whole number in 1–${MAX_UNITS_PER_FLOOR}`,
        { column: column('unitsPerFloor') },
      );
    }
  }
  const sourceKind = text(field(feature, context, 'kind'));

  // Placement
  let origin: LonLat | null = null;
  let local: PolygonRings | null = null;
  let gridCode = '';
  if (lonLatRings) {
    const first = { lon: lonLatRings[0]![0]![0], lat: lonLatRings[0]![0]![1] };
    const centre = ringCentroid(localRings([lonLatRings[0]!], first)[0]!);
    origin = toLonLat(first, centre[0], centre[1]);
    local = normaliseRings(localRings(lonLatRings, origin));
    const areaM2 = polygonAreaM2(local);
    if (areaM2 < MIN_FOOTPRINT_M2 || Math.abs(signedRingAreaM2(local[0]!)) < MIN_FOOTPRINT_M2) {
      add(
        'footprint-too-small',
        `轮廓面积 ${areaM2.toFixed(1)} 平方米，小于 ${MIN_FOOTPRINT_M2} 平方米`,
        `footprint area ${areaM2.toFixed(1)} m² is under ${MIN_FOOTPRINT_M2} m²`,
      );
    }
    const givenGrid = text(field(feature, context, 'gridCode'));
    if (givenGrid) {
      if (!context.gridCodes.has(givenGrid)) {
        add(
          'grid-unknown',
          `网格编码 ${givenGrid} 不是已有的基础网格`,
          `grid code ${givenGrid} is not an existing base grid`,
          {
            column: column('gridCode'),
          },
        );
      } else gridCode = givenGrid;
    } else {
      gridCode = context.baseGrids.find((grid) => isPointInArea(origin!, grid.area))?.code ?? '';
      if (!gridCode) {
        add(
          'outside-grids',
          `楼栋中心 ${origin.lon.toFixed(6)}, ${origin.lat.toFixed(6)} 不在任何基础网格内（请先导入网格，或填写网格编码）`,
          `the building's centre ${origin.lon.toFixed(6)}, ${origin.lat.toFixed(6)} lies in no base grid (import grids first, or give a grid code)`,
        );
      }
    }
  }

  const unitRows = sourceKey ? (context.unitRows.get(sourceKey) ?? []) : [];
  for (const unitRow of unitRows) {
    if (floors > 0 && (unitRow.floor < 1 || unitRow.floor > floors)) {
      problems.push({
        row: unitRow.row,
        feature: sourceKey,
        column: 'floor',
        code: 'unit-floor-range',
        messageZh: `户表第 ${unitRow.row} 行：楼层 ${unitRow.floor} 不在该楼 1–${floors} 层内`,
        messageEn: `unit table row ${unitRow.row}: floor ${unitRow.floor} is not within the building's floors 1–${floors}`,
        severity: 'error',
      });
    }
  }

  const errorsAfter = problems.filter((item) => item.severity === 'error').length;
  if (errorsAfter > errorsBefore || !origin || !local || !lonLatRings) return null;

  const areaM2 = polygonAreaM2(local);
  const defaultUnits =
    unitsValue !== null && !Number.isNaN(unitsValue)
      ? unitsValue
      : Math.max(1, Math.min(MAX_UNITS_PER_FLOOR, Math.round(areaM2 / DEFAULT_UNIT_AREA_M2)));
  const kind = kindOf(sourceKind, local, floors);
  const use: UnitUse = kind === 'commercial' ? 'commercial' : 'residential';

  const splits = new Map<number, ReturnType<typeof splitFootprint>>();
  const splitOf = (count: number) => {
    let split = splits.get(count);
    if (!split) {
      split = splitFootprint(local!, count);
      splits.set(count, split);
    }
    return split;
  };
  try {
    splitOf(defaultUnits);
    for (const rooms of roomsByFloorOf(unitRows).values()) splitOf(rooms.length);
  } catch (error) {
    if (!(error instanceof SplitError)) throw error;
    add(
      'split-failed',
      '轮廓无法切分成房屋（几何过于复杂或有近乎重合的点），请简化轮廓后重试',
      `the footprint could not be cut into units (too complex, or points nearly on top of each other); simplify it and retry (${error.message})`,
    );
    return null;
  }
  const roomsByFloor = new Map<number, string[]>();
  for (const unitRow of unitRows) {
    const rooms = roomsByFloor.get(unitRow.floor) ?? [];
    if (rooms.includes(unitRow.room)) {
      problems.push({
        row: unitRow.row,
        feature: sourceKey,
        column: 'room',
        code: 'unit-duplicate',
        messageZh: `户表第 ${unitRow.row} 行：${unitRow.floor} 层的房号 ${unitRow.room} 重复`,
        messageEn: `unit table row ${unitRow.row}: room ${unitRow.room} on floor ${unitRow.floor} appears twice`,
        severity: 'warning',
      });
      continue;
    }
    rooms.push(unitRow.room);
    roomsByFloor.set(unitRow.floor, rooms);
  }

  const units: PlannedUnit[] = [];
  // One warning per unit count that cannot be met, not one per floor.
  const warnedCounts = new Set<number>();
  for (let floor = 1; floor <= floors; floor++) {
    const rooms = roomsByFloor.get(floor);
    const count = rooms ? rooms.length : defaultUnits;
    const split = splitOf(count);
    if (split.pieces.length !== count && !warnedCounts.has(count)) {
      warnedCounts.add(count);
      add(
        'units-split-short',
        `轮廓只能分成 ${split.pieces.length} 户，而第 ${floor} 层要求 ${count} 户`,
        `the footprint splits into ${split.pieces.length} units, floor ${floor} asks for ${count}`,
        { severity: 'warning' },
      );
    }
    split.pieces.forEach((piece, index) => {
      units.push({
        floor,
        unitNo: index + 1,
        roomLabel: rooms?.[index] ?? defaultRoomLabel(floor, index + 1),
        use,
        areaM2: Math.round(piece.areaM2 * 10) / 10,
        rings: piece.rings,
      });
    });
  }
  const layout = splitOf(defaultUnits);
  const wings = layout.pieces.map((piece) => pieceWing(piece, layout.axisDeg));
  const outerLonLat = lonLatRings.map((ring) => {
    const closedRing = ring.map(([lon, lat]) => [lon, lat]);
    closedRing.push([ring[0]![0], ring[0]![1]]);
    return closedRing;
  });
  const planned: Omit<PlannedBuilding, 'contentHash'> = {
    featureIndex: feature.index,
    sourceKey,
    name: name || address || sourceKey,
    address,
    kind,
    sourceKind,
    floors,
    unitsPerFloor: layout.pieces.length,
    floorHeightM,
    baseHeightM: baseValue !== null && !Number.isNaN(baseValue) ? baseValue : 0,
    builtYear: yearValue !== null && !Number.isNaN(yearValue) ? Math.round(yearValue) : 0,
    origin,
    wings,
    footprint: { type: 'Polygon', coordinates: outerLonLat },
    gridCode,
    units,
  };
  const contentHash = createHash('sha256')
    .update(JSON.stringify(planned, (key, value) => (key === 'featureIndex' ? undefined : value)))
    .digest('hex');
  return { ...planned, contentHash };
}

export type PlanContext = Context;
