/**
 * Cuts street lines to a grid polygon, so that patrol coverage measures the grid's own streets.
 * Segments are split into short pieces and a piece is kept when its midpoint is inside; the cut
 * lands within half a step of the true boundary crossing, which is far below what coverage can
 * resolve, and it needs no exact segment–polygon intersection code.
 */
import { isPointInArea, type AreaGeometry } from './polygonContainment';
import { groundDistanceM } from './groundDistance';
import { COVERAGE_SAMPLE_STEP_M, type LonLatLine } from './patrolCoverage';

function interpolate(start: readonly number[], end: readonly number[], fraction: number): number[] {
  return [
    start[0]! + fraction * (end[0]! - start[0]!),
    start[1]! + fraction * (end[1]! - start[1]!),
  ];
}

/** The inside parts of each street as separate lines, in the order they occur. */
export function clipStreetsToArea(
  streets: readonly LonLatLine[],
  area: AreaGeometry,
  sampleStepM: number = COVERAGE_SAMPLE_STEP_M,
): number[][][] {
  const clipped: number[][][] = [];
  for (const street of streets) {
    let current: number[][] | null = null;
    for (let index = 0; index + 1 < street.length; index++) {
      const start = street[index]!;
      const end = street[index + 1]!;
      const lengthM = groundDistanceM(
        { lon: start[0]!, lat: start[1]! },
        { lon: end[0]!, lat: end[1]! },
      );
      if (lengthM === 0) continue;
      const pieceCount = Math.ceil(lengthM / sampleStepM);
      for (let piece = 0; piece < pieceCount; piece++) {
        const middle = interpolate(start, end, (piece + 0.5) / pieceCount);
        if (isPointInArea({ lon: middle[0]!, lat: middle[1]! }, area)) {
          if (current === null) current = [interpolate(start, end, piece / pieceCount)];
          current.push(interpolate(start, end, (piece + 1) / pieceCount));
        } else if (current !== null) {
          clipped.push(current);
          current = null;
        }
      }
    }
    if (current !== null) clipped.push(current);
  }
  return clipped;
}
