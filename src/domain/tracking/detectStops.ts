/**
 * Where a worker stayed put (a household visit, a lunch break): marked on replay and kept when a
 * long track is downsampled. A stop is a run of fixes that all lie within a radius of the run's
 * centre for at least a minimum duration (the classic stay-point definition).
 */
import type { LonLat } from '../registry';
import type { TrackPoint } from './fix';
import { groundDistanceM } from './groundDistance';

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
  const stops: Stop[] = [];
  let startIndex = 0;
  while (startIndex < track.length) {
    const start = track[startIndex]!;
    let sumLon = start.lon;
    let sumLat = start.lat;
    let endIndex = startIndex;
    while (endIndex + 1 < track.length) {
      const candidate = track[endIndex + 1]!;
      const runCount = endIndex - startIndex + 1;
      const centre = { lon: sumLon / runCount, lat: sumLat / runCount };
      if (groundDistanceM(centre, candidate) > options.radiusM) break;
      sumLon += candidate.lon;
      sumLat += candidate.lat;
      endIndex += 1;
    }
    const durationMs = track[endIndex]!.fixTimeMs - start.fixTimeMs;
    if (durationMs >= options.minDurationMs) {
      const runCount = endIndex - startIndex + 1;
      stops.push({
        startTimeMs: start.fixTimeMs,
        endTimeMs: track[endIndex]!.fixTimeMs,
        durationMs,
        centre: { lon: sumLon / runCount, lat: sumLat / runCount },
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
