/**
 * Cuts lines (streets) to an area: segments are split into short pieces and a piece is kept when
 * its midpoint is inside; the cut lands within half a step of the true boundary crossing, far
 * below what coverage or a walking route can resolve, and needs no exact segment–polygon
 * intersection code. "Inside" is the caller's: strictly inside a grid for coverage figures, or
 * inside or along the boundary for the streets a worker walks.
 */
import { groundDistanceM } from './groundDistance';
import type { LonLat } from '../registry';

/** A line of [lon, lat] positions. */
export type LonLatLine = readonly (readonly number[])[];

function interpolate(start: readonly number[], end: readonly number[], fraction: number): number[] {
  return [
    start[0]! + fraction * (end[0]! - start[0]!),
    start[1]! + fraction * (end[1]! - start[1]!),
  ];
}

/**
 * The inside parts of each line as separate lines, in the order they occur. A part keeps the
 * line's own vertices between its two cut points (no vertex per sampled piece).
 */
export function clipLinesToArea(
  lines: readonly LonLatLine[],
  isInside: (point: LonLat) => boolean,
  sampleStepM: number,
): number[][][] {
  const clipped: number[][][] = [];
  for (const line of lines) {
    let current: number[][] | null = null;
    for (let index = 0; index + 1 < line.length; index++) {
      const start = line[index]!;
      const end = line[index + 1]!;
      const lengthM = groundDistanceM(
        { lon: start[0]!, lat: start[1]! },
        { lon: end[0]!, lat: end[1]! },
      );
      if (lengthM === 0) continue;
      const pieceCount = Math.ceil(lengthM / sampleStepM);
      for (let piece = 0; piece < pieceCount; piece++) {
        const middle = interpolate(start, end, (piece + 0.5) / pieceCount);
        if (isInside({ lon: middle[0]!, lat: middle[1]! })) {
          if (current === null) current = [interpolate(start, end, piece / pieceCount)];
          // Pieces of one segment are collinear: only the segment's last inside point is kept.
          if (piece === pieceCount - 1) current.push([end[0]!, end[1]!]);
        } else if (current !== null) {
          // At piece 0 the run ended at this segment's start, already kept as the last end.
          if (piece > 0) current.push(interpolate(start, end, piece / pieceCount));
          clipped.push(current);
          current = null;
        }
      }
    }
    if (current !== null) clipped.push(current);
  }
  return clipped;
}
