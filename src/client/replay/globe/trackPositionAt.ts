/**
 * Where a replayed worker was at a replay time: linear interpolation between the two fixes
 * around it. Before the first fix the worker is not shown; after the last fix, or inside a gap
 * longer than the hold time, the worker stays at the last fix for the hold time and then
 * disappears (an offline phone must not look like a walk). Pure and Cesium-free.
 */
import { OFFLINE_AFTER_MS } from '../../../domain/tracking/workerStatus';
import type { LonLatTime } from '../../../shared/tracking';

export interface InterpolationOptions {
  /** Longer gaps between fixes are not walked across. */
  maxGapMs: number;
  /** How long a worker stays visible at its last fix. */
  holdMs: number;
}

/** Same thresholds as the live wall: after five minutes without a fix a worker is offline. */
export const DEFAULT_INTERPOLATION: InterpolationOptions = {
  maxGapMs: OFFLINE_AFTER_MS,
  holdMs: OFFLINE_AFTER_MS,
};

/** Index of the last point at or before `timeMs`, -1 when every point is later. */
export function lastIndexAtOrBefore(points: readonly LonLatTime[], timeMs: number): number {
  let low = 0;
  let high = points.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (points[middle]!.fixTimeMs <= timeMs) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

export interface TrackPosition {
  lon: number;
  lat: number;
}

/** Position on a track ordered by fix time at `timeMs`, or null when the worker is not shown. */
export function trackPositionAt(
  points: readonly LonLatTime[],
  timeMs: number,
  options: InterpolationOptions = DEFAULT_INTERPOLATION,
): TrackPosition | null {
  const index = lastIndexAtOrBefore(points, timeMs);
  if (index < 0) return null;
  const before = points[index]!;
  const after = points[index + 1];
  const sinceMs = timeMs - before.fixTimeMs;
  if (after === undefined || after.fixTimeMs - before.fixTimeMs > options.maxGapMs) {
    return sinceMs <= options.holdMs ? { lon: before.lon, lat: before.lat } : null;
  }
  const spanMs = after.fixTimeMs - before.fixTimeMs;
  const fraction = spanMs > 0 ? sinceMs / spanMs : 0;
  return {
    lon: before.lon + fraction * (after.lon - before.lon),
    lat: before.lat + fraction * (after.lat - before.lat),
  };
}
