/**
 * Believable building shapes as wings (src/domain/buildingLayout.ts), in lattice-aligned local
 * metres around the centre of the building's bounding box: slabs facing south, point towers,
 * L-shapes, old low-rise courtyards and commercial blocks. Wings only abut, never overlap, so
 * unit footprints never overlap either.
 */
import type { Wing } from '../../src/domain/buildingLayout';
import type { BuildingKind } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';

export interface BuildingShape {
  kind: BuildingKind;
  /** Rotation 0 (long axis along u) or 90 (along v), centred on the bounding box. */
  wings: Wing[];
  sizeUM: number;
  sizeVM: number;
  floors: number;
  floorHeightM: number;
  builtYear: number;
}

/** Residential units are sized from a target floor area, so areas stay in this range. */
const RESIDENTIAL_UNIT_AREA_M2 = { min: 70, max: 135 } as const;
const RESIDENTIAL_FLOOR_HEIGHT_M = { min: 2.9, max: 3.2 } as const;
const COMMERCIAL_FLOOR_HEIGHT_M = { min: 4, max: 5 } as const;
/** Slabs built before this year are walk-ups of at most seven floors. */
const ELEVATOR_ERA_YEAR = 2000;
const WALK_UP_SLAB_SHARE = 0.65;
const TWO_WING_TOWER_SHARE = 0.4;
const FOUR_WING_COURTYARD_SHARE = 0.6;
/**
 * Wing numbers are rounded to micrometres: short in JSON, and abutting wings overlap by at most
 * a few square micrometres (millimetre rounding made them overlap by up to 0.01 m²).
 */
const METRE_DECIMALS_SCALE = 1e6;
/** Floor heights are design values in whole centimetres. */
const CENTIMETRES_PER_METRE = 100;

interface Rectangle {
  minU: number;
  minV: number;
  maxU: number;
  maxV: number;
  alongU: boolean;
  unitCount: number;
}

export function roundMetres(value: number): number {
  return Math.round(value * METRE_DECIMALS_SCALE) / METRE_DECIMALS_SCALE;
}

/** Wings from rectangles, re-centred on their common bounding box. */
function shapeFromRectangles(
  kind: BuildingKind,
  rectangles: Rectangle[],
  floors: number,
  floorHeightM: number,
  builtYear: number,
): BuildingShape {
  const minU = Math.min(...rectangles.map((rectangle) => rectangle.minU));
  const maxU = Math.max(...rectangles.map((rectangle) => rectangle.maxU));
  const minV = Math.min(...rectangles.map((rectangle) => rectangle.minV));
  const maxV = Math.max(...rectangles.map((rectangle) => rectangle.maxV));
  const centreU = (minU + maxU) / 2;
  const centreV = (minV + maxV) / 2;
  const wings = rectangles.map((rectangle): Wing => {
    const spanU = rectangle.maxU - rectangle.minU;
    const spanV = rectangle.maxV - rectangle.minV;
    return {
      centerEastM: roundMetres((rectangle.minU + rectangle.maxU) / 2 - centreU),
      centerNorthM: roundMetres((rectangle.minV + rectangle.maxV) / 2 - centreV),
      lengthM: roundMetres(rectangle.alongU ? spanU : spanV),
      depthM: roundMetres(rectangle.alongU ? spanV : spanU),
      rotationDeg: rectangle.alongU ? 0 : 90,
      unitCount: rectangle.unitCount,
    };
  });
  return {
    kind,
    wings,
    sizeUM: maxU - minU,
    sizeVM: maxV - minV,
    floors,
    floorHeightM: Math.round(floorHeightM * CENTIMETRES_PER_METRE) / CENTIMETRES_PER_METRE,
    builtYear,
  };
}

function unitWidthM(random: SeededRandom, depthM: number): number {
  return random.between(RESIDENTIAL_UNIT_AREA_M2.min, RESIDENTIAL_UNIT_AREA_M2.max) / depthM;
}

function residentialFloorHeightM(random: SeededRandom): number {
  return random.between(RESIDENTIAL_FLOOR_HEIGHT_M.min, RESIDENTIAL_FLOOR_HEIGHT_M.max);
}

function slab(random: SeededRandom): BuildingShape {
  // Most of Gulou's housing is 1980s–90s walk-ups: two or three stairwells of two flats each.
  const walkUp = random.chance(WALK_UP_SLAB_SHARE);
  const builtYear = walkUp
    ? random.int(1982, ELEVATOR_ERA_YEAR - 1)
    : random.int(ELEVATOR_ERA_YEAR, 2020);
  const floors = walkUp ? random.int(6, 7) : random.int(9, 18);
  const units = walkUp ? random.int(4, 6) : random.int(4, 8);
  const depthM = random.between(11, 14);
  const lengthM = units * unitWidthM(random, depthM);
  return shapeFromRectangles(
    'slab',
    [{ minU: 0, minV: 0, maxU: lengthM, maxV: depthM, alongU: true, unitCount: units }],
    floors,
    residentialFloorHeightM(random),
    builtYear,
  );
}

function tower(random: SeededRandom): BuildingShape {
  const builtYear = random.int(2003, 2022);
  const floors = random.int(18, 33);
  const floorHeightM = residentialFloorHeightM(random);
  if (random.chance(TWO_WING_TOWER_SHARE)) {
    // Two staggered wings sharing part of a wall, a common point-tower plan.
    const depthM = random.between(15, 18);
    const westUnits = random.int(2, 3);
    const eastUnits = random.int(2, 3);
    const westLengthM = westUnits * unitWidthM(random, depthM);
    const eastLengthM = eastUnits * unitWidthM(random, depthM);
    const staggerM = depthM * random.between(0.25, 0.5);
    return shapeFromRectangles(
      'tower',
      [
        { minU: -westLengthM, minV: 0, maxU: 0, maxV: depthM, alongU: true, unitCount: westUnits },
        {
          minU: 0,
          minV: -staggerM,
          maxU: eastLengthM,
          maxV: depthM - staggerM,
          alongU: true,
          unitCount: eastUnits,
        },
      ],
      floors,
      floorHeightM,
      builtYear,
    );
  }
  const units = random.int(2, 4);
  const depthM = random.between(16, 21);
  const lengthM = units * unitWidthM(random, depthM);
  return shapeFromRectangles(
    'tower',
    [{ minU: 0, minV: 0, maxU: lengthM, maxV: depthM, alongU: true, unitCount: units }],
    floors,
    floorHeightM,
    builtYear,
  );
}

function lShape(random: SeededRandom): BuildingShape {
  const builtYear = random.int(1995, 2020);
  const floors = random.int(8, 18);
  const depthM = random.between(11, 13);
  const baseUnits = random.int(2, 4);
  const armUnits = random.int(2, 4);
  const baseLengthM = baseUnits * unitWidthM(random, depthM);
  const armLengthM = armUnits * unitWidthM(random, depthM);
  const armAtEast = random.chance(0.5);
  const armMinU = armAtEast ? baseLengthM - depthM : 0;
  return shapeFromRectangles(
    'l_shape',
    [
      { minU: 0, minV: 0, maxU: baseLengthM, maxV: depthM, alongU: true, unitCount: baseUnits },
      {
        minU: armMinU,
        minV: depthM,
        maxU: armMinU + depthM,
        maxV: depthM + armLengthM,
        alongU: false,
        unitCount: armUnits,
      },
    ],
    floors,
    residentialFloorHeightM(random),
    builtYear,
  );
}

function courtyard(random: SeededRandom): BuildingShape {
  const builtYear = random.int(1980, 1998);
  const floors = random.int(2, 6);
  const depthM = random.between(8, 9);
  const courtM = random.between(10, 14);
  const sizeM = 2 * depthM + courtM;
  const rectangles: Rectangle[] = [
    { minU: 0, minV: 0, maxU: sizeM, maxV: depthM, alongU: true, unitCount: 2 },
    { minU: 0, minV: depthM, maxU: depthM, maxV: sizeM - depthM, alongU: false, unitCount: 1 },
    {
      minU: sizeM - depthM,
      minV: depthM,
      maxU: sizeM,
      maxV: sizeM - depthM,
      alongU: false,
      unitCount: 1,
    },
  ];
  if (random.chance(FOUR_WING_COURTYARD_SHARE)) {
    rectangles.push({
      minU: 0,
      minV: sizeM - depthM,
      maxU: sizeM,
      maxV: sizeM,
      alongU: true,
      unitCount: 2,
    });
  }
  return shapeFromRectangles('courtyard', rectangles, floors, random.between(2.9, 3.0), builtYear);
}

function commercial(random: SeededRandom): BuildingShape {
  const lengthM = random.between(50, 90);
  const depthM = random.between(30, 45);
  const floorHeightM = random.between(COMMERCIAL_FLOOR_HEIGHT_M.min, COMMERCIAL_FLOOR_HEIGHT_M.max);
  return shapeFromRectangles(
    'commercial',
    [{ minU: 0, minV: 0, maxU: lengthM, maxV: depthM, alongU: true, unitCount: random.int(2, 8) }],
    random.int(2, 5),
    floorHeightM,
    random.int(1995, 2022),
  );
}

const SHAPE_MAKERS: Record<BuildingKind, (random: SeededRandom) => BuildingShape> = {
  slab,
  tower,
  l_shape: lShape,
  courtyard,
  commercial,
};

export function createBuildingShape(kind: BuildingKind, random: SeededRandom): BuildingShape {
  return SHAPE_MAKERS[kind](random);
}
