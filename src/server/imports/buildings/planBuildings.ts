/**
 * Turns footprint features (already in WGS84) and an optional unit table into planned buildings
 * with their units, checking every feature and listing every problem it has (not just the
 * first). Reads the register only to place buildings in base grids; writes nothing.
 */
import { createHash } from 'node:crypto';
import type { BuildingKind, UnitUse } from '../../../domain/registry';
import type { ImportProblem } from '../importKind';
import { checkFootprintRings } from './checkFootprintRings';
import { field, text } from './footprintFields';
import { placeBuilding } from './placeBuilding';
import type { FootprintFeature, PlanContext, PlannedBuilding } from './plannedBuilding';
import { planUnits } from './planUnits';
import { readBuildingNumbers } from './readBuildingNumbers';
import type { PolygonRings } from './splitFootprint';

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

/** Checks one feature and plans its building; problems are appended, null when refused. */
export function planBuilding(
  feature: FootprintFeature,
  context: PlanContext,
  problems: ImportProblem[],
): PlannedBuilding | null {
  const errorsBefore = problems.filter((item) => item.severity === 'error').length;
  const idText = text(field(feature, context, 'id'));
  const name = text(field(feature, context, 'name'));
  const address = text(field(feature, context, 'address'));
  const sourceKey = idText || (name || address ? `${name}|${address}` : '');
  const add = (code: string, zh: string, en: string, extra: Partial<ImportProblem> = {}) =>
    problems.push(problem(feature, sourceKey || undefined, code, zh, en, extra));

  if (!sourceKey) {
    add(
      'building-key-missing',
      '缺少楼栋编号，也没有名称或地址可作标识',
      'no building id, and no name or address to identify it by',
    );
  }

  const lonLatRings = checkFootprintRings(feature.rings, add);
  const { floors, floorHeightM, unitsValue, baseValue, yearValue } = readBuildingNumbers(
    feature,
    context,
    add,
  );
  const sourceKind = text(field(feature, context, 'kind'));
  const placement = lonLatRings ? placeBuilding(lonLatRings, feature, context, add) : null;

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
  if (errorsAfter > errorsBefore || !placement || !lonLatRings) return null;
  const { origin, local, gridCode } = placement;

  const kind = kindOf(sourceKind, local, floors);
  const use: UnitUse = kind === 'commercial' ? 'commercial' : 'residential';
  const unitPlan = planUnits(
    { sourceKey, local, floors, unitsValue, use, unitRows },
    problems,
    add,
  );
  if (!unitPlan) return null;
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
    unitsPerFloor: unitPlan.unitsPerFloor,
    floorHeightM,
    baseHeightM: baseValue !== null && !Number.isNaN(baseValue) ? baseValue : 0,
    builtYear: yearValue !== null && !Number.isNaN(yearValue) ? Math.round(yearValue) : 0,
    origin,
    wings: unitPlan.wings,
    footprint: { type: 'Polygon', coordinates: outerLonLat },
    gridCode,
    units: unitPlan.units,
  };
  const contentHash = createHash('sha256')
    .update(JSON.stringify(planned, (key, value) => (key === 'featureIndex' ? undefined : value)))
    .digest('hex');
  return { ...planned, contentHash };
}
