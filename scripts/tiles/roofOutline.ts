/**
 * A roof's outline with the corners of neighbouring roofs that touch its edges added in. Where
 * wings meet (L-shapes, staggered towers), a neighbour's corner lies part-way along an edge;
 * without a vertex there too, the two roofs leave a hairline crack (a T-junction) that shows
 * as flickering dots along the seam.
 */
import type { LocalPoint, UnitFootprint } from '../../src/domain/buildingLayout';

/** A corner closer than this to an edge is on it. */
const ON_EDGE_TOLERANCE_M = 0.01;
/** Corners this close to an edge's ends are that end already. */
const END_TOLERANCE_M = 0.01;

/** Counter-clockwise outline: `footprint`'s corners, with neighbours' corners on its edges. */
export function roofOutline(
  footprint: UnitFootprint,
  neighbours: readonly UnitFootprint[],
): LocalPoint[] {
  const outline: LocalPoint[] = [];
  for (let index = 0; index < footprint.length; index++) {
    const from = footprint[index]!;
    const to = footprint[(index + 1) % footprint.length]!;
    outline.push(from);
    const directionEast = to[0] - from[0];
    const directionNorth = to[1] - from[1];
    const lengthM = Math.hypot(directionEast, directionNorth);
    if (lengthM <= 2 * END_TOLERANCE_M) continue;
    const along: number[] = [];
    for (const neighbour of neighbours) {
      for (const [eastM, northM] of neighbour) {
        const offsetEast = eastM - from[0];
        const offsetNorth = northM - from[1];
        const alongM = (offsetEast * directionEast + offsetNorth * directionNorth) / lengthM;
        const acrossM =
          Math.abs(offsetEast * directionNorth - offsetNorth * directionEast) / lengthM;
        if (
          acrossM <= ON_EDGE_TOLERANCE_M &&
          alongM > END_TOLERANCE_M &&
          alongM < lengthM - END_TOLERANCE_M
        )
          along.push(alongM);
      }
    }
    along.sort((left, right) => left - right);
    let lastM = 0;
    for (const alongM of along) {
      if (alongM - lastM <= END_TOLERANCE_M) continue;
      outline.push([
        from[0] + (directionEast * alongM) / lengthM,
        from[1] + (directionNorth * alongM) / lengthM,
      ]);
      lastM = alongM;
    }
  }
  return outline;
}
