/**
 * Cuts a checked footprint into every floor's units: the unit table's rooms where it lists a
 * floor, an even split elsewhere. Each distinct unit count is split once, since floors mostly
 * repeat and the clipper is the slow part.
 */
import { roomLabel as defaultRoomLabel, type Wing } from '../../../domain/buildingLayout';
import type { UnitUse } from '../../../domain/registry';
import type { ImportProblem } from '../importKind';
import type { PlannedUnit, ReportBuildingProblem, UnitTableRow } from './plannedBuilding';
import { MAX_UNITS_PER_FLOOR } from './readBuildingNumbers';
import {
  pieceWing,
  polygonAreaM2,
  splitFootprint,
  SplitError,
  type PolygonRings,
} from './splitFootprint';

/** A unit per this much floor area when the file does not say. */
const DEFAULT_UNIT_AREA_M2 = 90;

export interface UnitRequest {
  sourceKey: string;
  /** The footprint in local metres. */
  local: PolygonRings;
  floors: number;
  /** Units per floor as the file gives them (null when absent, NaN when not a number). */
  unitsValue: number | null;
  use: UnitUse;
  unitRows: readonly UnitTableRow[];
}

export interface UnitPlan {
  units: PlannedUnit[];
  wings: Wing[];
  unitsPerFloor: number;
}

function roomsByFloorOf(rows: readonly UnitTableRow[]): Map<number, string[]> {
  const rooms = new Map<number, string[]>();
  for (const row of rows) {
    const list = rooms.get(row.floor) ?? [];
    if (!list.includes(row.room)) list.push(row.room);
    rooms.set(row.floor, list);
  }
  return rooms;
}

/** Plans the units of every floor; problems are appended, null when the footprint cannot split. */
export function planUnits(
  request: UnitRequest,
  problems: ImportProblem[],
  add: ReportBuildingProblem,
): UnitPlan | null {
  const { sourceKey, local, floors, unitsValue, use, unitRows } = request;
  const areaM2 = polygonAreaM2(local);
  const defaultUnits =
    unitsValue !== null && !Number.isNaN(unitsValue)
      ? unitsValue
      : Math.max(1, Math.min(MAX_UNITS_PER_FLOOR, Math.round(areaM2 / DEFAULT_UNIT_AREA_M2)));

  const splits = new Map<number, ReturnType<typeof splitFootprint>>();
  const splitOf = (count: number) => {
    let split = splits.get(count);
    if (!split) {
      split = splitFootprint(local, count);
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
  return { units, wings, unitsPerFloor: layout.pieces.length };
}
