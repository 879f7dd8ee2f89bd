/**
 * The exploded stack of one building as plain data: every unit a prism over its slice of the
 * footprint, floors lifted apart by a gap so each floor's units can be seen and picked. Units are
 * cut from the wings by the same `unitFootprints` the tileset builder uses, so unit 3 of a floor
 * here is the unit 3 the globe shows. Free of three.js, so it is tested in Node.
 */
import {
  unitFootprints,
  wingOutlines,
  type LocalPoint,
  type UnitFootprint,
  type Wing,
} from '../../../domain/buildingLayout';

/** The gap between two floors, as a share of the floor height: wide enough to see a floor's top. */
export const EXPLODE_GAP_SHARE = 0.55;
/** Each unit drawn this far inside its slice, so neighbouring units read as separate blocks. */
export const UNIT_INSET_M = 0.35;

/** What the stack needs of a unit: which slice, which floor. */
export interface StackUnitKey {
  id: number;
  floor: number;
  unitNo: number;
}

/** One unit's prism in local metres: east/north footprint, from `baseM` up `heightM`. */
export interface UnitPrism {
  unitId: number;
  floor: number;
  unitNo: number;
  footprint: UnitFootprint;
  baseM: number;
  heightM: number;
}

export interface StackShape {
  wings: readonly Wing[];
  floorHeightM: number;
}

export interface StackBounds {
  minEastM: number;
  maxEastM: number;
  minNorthM: number;
  maxNorthM: number;
  topM: number;
}

/** Height of a floor's base in the exploded stack: floor 1 on the ground, each floor above gapped. */
export function explodedBaseM(floor: number, floorHeightM: number): number {
  return (floor - 1) * floorHeightM * (1 + EXPLODE_GAP_SHARE);
}

/**
 * Moves every edge of a convex counter-clockwise quad inwards by `insetM`. For the rectangles
 * the wings are cut into, the corner moves along the sum of its two edge directions.
 */
export function insetFootprint(footprint: UnitFootprint, insetM: number): UnitFootprint {
  const moved = footprint.map((corner, index): LocalPoint => {
    const next = footprint[(index + 1) % footprint.length]!;
    const previous = footprint[(index + footprint.length - 1) % footprint.length]!;
    const toNext = unitVector(corner, next);
    const toPrevious = unitVector(corner, previous);
    return [
      corner[0] + insetM * (toNext[0] + toPrevious[0]),
      corner[1] + insetM * (toNext[1] + toPrevious[1]),
    ];
  });
  return [moved[0]!, moved[1]!, moved[2]!, moved[3]!];
}

function unitVector(from: LocalPoint, to: LocalPoint): LocalPoint {
  const lengthM = Math.hypot(to[0] - from[0], to[1] - from[1]) || 1;
  return [(to[0] - from[0]) / lengthM, (to[1] - from[1]) / lengthM];
}

/**
 * One prism per unit, in the order given. A unit whose number lies outside the wings (a data
 * error the tileset builder refuses) is left out rather than drawn somewhere wrong.
 */
export function unitPrisms(shape: StackShape, units: readonly StackUnitKey[]): UnitPrism[] {
  const footprints = unitFootprints(shape.wings).map((footprint) =>
    insetFootprint(footprint, UNIT_INSET_M),
  );
  const prisms: UnitPrism[] = [];
  for (const unit of units) {
    const footprint = footprints[unit.unitNo - 1];
    if (!footprint || unit.floor < 1) continue;
    prisms.push({
      unitId: unit.id,
      floor: unit.floor,
      unitNo: unit.unitNo,
      footprint,
      baseM: explodedBaseM(unit.floor, shape.floorHeightM),
      heightM: shape.floorHeightM,
    });
  }
  return prisms;
}

/** Extent of the whole stack, for framing the camera; a building with no wings is a point. */
export function stackBounds(shape: StackShape, floors: number): StackBounds {
  const corners = wingOutlines(shape.wings).flat();
  const easts = corners.length > 0 ? corners.map(([eastM]) => eastM) : [0];
  const norths = corners.length > 0 ? corners.map(([, northM]) => northM) : [0];
  return {
    minEastM: Math.min(...easts),
    maxEastM: Math.max(...easts),
    minNorthM: Math.min(...norths),
    maxNorthM: Math.max(...norths),
    topM: floors > 0 ? explodedBaseM(floors, shape.floorHeightM) + shape.floorHeightM : 0,
  };
}
