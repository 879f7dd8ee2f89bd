/**
 * Which parts of a unit's walls can be seen from outside. Walls shared with a neighbouring unit
 * on the same floor are never visible, so they are not emitted: that is most of the bytes saved
 * against drawing every unit as a closed box.
 */
import type { LocalPoint, UnitFootprint } from '../../src/domain/buildingLayout';

/** A vertical wall strip along part of a footprint edge, outward normal in the horizontal plane. */
export interface WallSegment {
  start: LocalPoint;
  end: LocalPoint;
  normalEast: number;
  normalNorth: number;
}

/** How far outside an edge we look for a neighbour: abutting wings touch within this. */
const PROBE_OFFSET_M = 0.05;
/** Slivers shorter than this are rounding noise between wings, not walls anyone would see. */
const MIN_WALL_LENGTH_M = 0.05;

type Interval = [startT: number, endT: number];

/** Part of the segment from..from+direction (t in 0..1) inside a convex counter-clockwise polygon. */
function clipToConvex(
  fromEast: number,
  fromNorth: number,
  directionEast: number,
  directionNorth: number,
  polygon: readonly LocalPoint[],
): Interval | null {
  let startT = 0;
  let endT = 1;
  for (let index = 0; index < polygon.length; index++) {
    const [aEast, aNorth] = polygon[index]!;
    const [bEast, bNorth] = polygon[(index + 1) % polygon.length]!;
    // Outward normal of a counter-clockwise edge points to its right.
    const outEast = bNorth - aNorth;
    const outNorth = -(bEast - aEast);
    const offset = outEast * (fromEast - aEast) + outNorth * (fromNorth - aNorth);
    const rate = outEast * directionEast + outNorth * directionNorth;
    if (rate === 0) {
      if (offset > 0) return null;
      continue;
    }
    const crossingT = -offset / rate;
    if (rate > 0) endT = Math.min(endT, crossingT);
    else startT = Math.max(startT, crossingT);
    if (startT >= endT) return null;
  }
  return [startT, endT];
}

function complementOf(covered: Interval[]): Interval[] {
  covered.sort((left, right) => left[0] - right[0]);
  const open: Interval[] = [];
  let cursorT = 0;
  for (const [startT, endT] of covered) {
    if (startT > cursorT) open.push([cursorT, startT]);
    cursorT = Math.max(cursorT, endT);
  }
  if (cursorT < 1) open.push([cursorT, 1]);
  return open;
}

/** Visible wall segments of `footprint`, given the other footprints present on the same floor. */
export function exposedWalls(
  footprint: UnitFootprint,
  neighbours: readonly UnitFootprint[],
): WallSegment[] {
  const walls: WallSegment[] = [];
  for (let index = 0; index < footprint.length; index++) {
    const [fromEast, fromNorth] = footprint[index]!;
    const [toEast, toNorth] = footprint[(index + 1) % footprint.length]!;
    const directionEast = toEast - fromEast;
    const directionNorth = toNorth - fromNorth;
    const lengthM = Math.hypot(directionEast, directionNorth);
    if (lengthM < MIN_WALL_LENGTH_M) continue;
    const normalEast = directionNorth / lengthM;
    const normalNorth = -directionEast / lengthM;
    const probeEast = fromEast + normalEast * PROBE_OFFSET_M;
    const probeNorth = fromNorth + normalNorth * PROBE_OFFSET_M;
    const covered: Interval[] = [];
    for (const neighbour of neighbours) {
      const clipped = clipToConvex(probeEast, probeNorth, directionEast, directionNorth, neighbour);
      if (clipped) covered.push(clipped);
    }
    for (const [startT, endT] of complementOf(covered)) {
      if ((endT - startT) * lengthM < MIN_WALL_LENGTH_M) continue;
      walls.push({
        start: [fromEast + directionEast * startT, fromNorth + directionNorth * startT],
        end: [fromEast + directionEast * endT, fromNorth + directionNorth * endT],
        normalEast,
        normalNorth,
      });
    }
  }
  return walls;
}
