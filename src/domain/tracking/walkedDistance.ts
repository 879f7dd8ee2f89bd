/**
 * Distance a worker walked, for the worker card ("distance walked today"). Summing raw steps
 * between fixes counts GPS jitter: a phone lying on a desk "walks" kilometres a day. So a step
 * is only taken once the worker has left the accuracy circle of the last counted fix.
 */
import type { TrackPoint } from './fix';
import { groundDistanceM } from '../geo/groundDistance';

/** Smallest step counted even with perfect accuracy (stationary receivers wander a metre or two). */
export const MIN_COUNTED_STEP_M = 3;
/** Fixes worse than this (cell-tower fallbacks) say nothing about metres walked. */
export const MAX_ACCURACY_FOR_DISTANCE_M = 50;

/**
 * How far from the last counted fix a new one must be before the move is believed: once the two
 * accuracy circles no longer overlap, the worker has moved.
 */
export function jitterThresholdM(anchor: TrackPoint, point: TrackPoint): number {
  return Math.max(MIN_COUNTED_STEP_M, anchor.accuracyM + point.accuracyM);
}

/**
 * Sum of steps over a track ordered by fix time. Each counted step runs from an anchor fix to the
 * first later fix beyond the jitter threshold, which then becomes the anchor; in a straight walk
 * nothing is lost, on a turn at most one threshold (two accuracy radii) is cut off, and standing still adds nothing.
 */
export function measureWalkedDistanceM(track: readonly TrackPoint[]): number {
  let anchor: TrackPoint | null = null;
  let walkedM = 0;
  for (const point of track) {
    if (point.accuracyM > MAX_ACCURACY_FOR_DISTANCE_M) continue;
    if (anchor === null) {
      anchor = point;
      continue;
    }
    const stepM = groundDistanceM(anchor, point);
    if (stepM > jitterThresholdM(anchor, point)) {
      walkedM += stepM;
      anchor = point;
    }
  }
  return walkedM;
}
