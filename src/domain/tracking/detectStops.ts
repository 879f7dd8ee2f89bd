/**
 * Where a worker stayed put (a household visit, a lunch break): marked on replay and kept when a
 * long track is downsampled. A stop is a run of fixes that all lie within a radius of the run's
 * centre for at least a minimum duration (the classic stay-point definition).
 */
import type { LonLat } from '../registry';
import { toLocalMetres, toLonLat } from '../geo/localFrame';
import type { TrackPoint } from './fix';

/** A doorstep conversation keeps a worker within a building's footprint plus GPS noise. */
export const DEFAULT_STOP_RADIUS_M = 30;
/** Shorter pauses are traffic lights and greetings, not visits. */
export const DEFAULT_STOP_MIN_DURATION_MS = 5 * 60 * 1000;

export interface StopOptions {
  radiusM: number;
  minDurationMs: number;
}

export const DEFAULT_STOP_OPTIONS: StopOptions = {
  radiusM: DEFAULT_STOP_RADIUS_M,
  minDurationMs: DEFAULT_STOP_MIN_DURATION_MS,
};

export interface Stop {
  startTimeMs: number;
  endTimeMs: number;
  durationMs: number;
  centre: LonLat;
  /** Indices into the track of the first and last fix of the stop (inclusive). */
  startIndex: number;
  endIndex: number;
}

/**
 * Stops along a track ordered by fix time. From each start fix, the run grows while the next fix
 * lies within the radius of the run's running centre; a run long enough in time is a stop and the
 * search resumes after it, otherwise it resumes at the next fix. Linear for a walking worker.
 */
export function detectStops(
  track: readonly TrackPoint[],
  options: StopOptions = DEFAULT_STOP_OPTIONS,
): Stop[] {
  // Local metres once up front: the inner loop then costs a hypot, not a radius of curvature.
  const origin = track[0];
  const xM = new Float64Array(track.length);
  const yM = new Float64Array(track.length);
  track.forEach((point, index) => {
    const local = toLocalMetres(origin!, point);
    xM[index] = local.eastM;
    yM[index] = local.northM;
  });
  const stops: Stop[] = [];
  let startIndex = 0;
  while (startIndex < track.length) {
    let sumX = xM[startIndex]!;
    let sumY = yM[startIndex]!;
    let endIndex = startIndex;
    while (endIndex + 1 < track.length) {
      const runCount = endIndex - startIndex + 1;
      const distanceM = Math.hypot(
        xM[endIndex + 1]! - sumX / runCount,
        yM[endIndex + 1]! - sumY / runCount,
      );
      if (distanceM > options.radiusM) break;
      sumX += xM[endIndex + 1]!;
      sumY += yM[endIndex + 1]!;
      endIndex += 1;
    }
    const startTimeMs = track[startIndex]!.fixTimeMs;
    const endTimeMs = track[endIndex]!.fixTimeMs;
    if (endTimeMs - startTimeMs >= options.minDurationMs) {
      const runCount = endIndex - startIndex + 1;
      stops.push({
        startTimeMs,
        endTimeMs,
        durationMs: endTimeMs - startTimeMs,
        centre: toLonLat(origin!, sumX / runCount, sumY / runCount),
        startIndex,
        endIndex,
      });
      startIndex = endIndex + 1;
    } else {
      startIndex += 1;
    }
  }
  return stops;
}
