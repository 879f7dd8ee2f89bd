/**
 * A footprint's floors, heights, units per floor, base height and year, read together because
 * floors and floor height stand in for each other when the file gives only one with the height.
 */
import { field, numberOf, type BuildingField } from './footprintFields';
import type { FootprintFeature, PlanContext, ReportBuildingProblem } from './plannedBuilding';

const DEFAULT_FLOOR_HEIGHT_M = 3;
const MIN_FLOOR_HEIGHT_M = 2;
const MAX_FLOOR_HEIGHT_M = 10;
/** Floors stored in tiles are UINT8 and in the register 1–99. */
const MAX_FLOORS = 99;
export const MAX_UNITS_PER_FLOOR = 64;

export interface BuildingNumbers {
  floors: number;
  floorHeightM: number;
  /** As the file gives them: null when absent, NaN when not a number. */
  unitsValue: number | null;
  baseValue: number | null;
  yearValue: number | null;
}

/** Reads and range-checks the feature's numbers; problems are reported, never thrown. */
export function readBuildingNumbers(
  feature: FootprintFeature,
  context: PlanContext,
  add: ReportBuildingProblem,
): BuildingNumbers {
  const column = (name: BuildingField) => context.mapping[name];
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
  return { floors, floorHeightM, unitsValue, baseValue, yearValue };
}
