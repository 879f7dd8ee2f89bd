/**
 * Patrol coverage for the worker card: the share of a grid's street length walked today. Streets
 * are sampled every few metres and a sample counts as covered when some fix of the day lies
 * within a buffer of it; fixes go into a spatial hash so a day of 1 Hz fixes stays fast. The
 * caller passes streets already clipped to the grid (geo/clipLinesToArea).
 */
import type { LonLat } from '../registry';
import type { LonLatLine } from '../geo/clipLinesToArea';
import { toLocalMetres } from '../geo/localFrame';
import type { TrackPoint } from './fix';
import { SpatialHash } from './SpatialHash';

/** Half a typical street width plus the GPS error of a phone in a pocket between buildings. */
export const COVERAGE_BUFFER_M = 25;
/** Fine enough that a walked stretch is not rounded away, coarse enough to stay cheap. */
export const COVERAGE_SAMPLE_STEP_M = 10;
/** Worse fixes could "cover" a street the worker never set foot in. */
export const MAX_ACCURACY_FOR_COVERAGE_M = 50;

export interface CoverageOptions {
  bufferM: number;
  sampleStepM: number;
  maxAccuracyM: number;
}

export const DEFAULT_COVERAGE_OPTIONS: CoverageOptions = {
  bufferM: COVERAGE_BUFFER_M,
  sampleStepM: COVERAGE_SAMPLE_STEP_M,
  maxAccuracyM: MAX_ACCURACY_FOR_COVERAGE_M,
};

export interface PatrolCoverage {
  coveredM: number;
  totalM: number;
  /** coveredM / totalM in [0, 1]; 0 for a grid without streets. */
  share: number;
}

function toLonLatPoint(position: readonly number[]): LonLat {
  return { lon: position[0]!, lat: position[1]! };
}

export function measurePatrolCoverage(
  streets: readonly LonLatLine[],
  fixes: readonly TrackPoint[],
  options: CoverageOptions = DEFAULT_COVERAGE_OPTIONS,
): PatrolCoverage {
  const firstPosition = streets.find((street) => street.length > 0)?.[0];
  if (firstPosition === undefined) return { coveredM: 0, totalM: 0, share: 0 };
  const origin = toLonLatPoint(firstPosition);

  const fixIndex = new SpatialHash(options.bufferM);
  for (const fix of fixes) {
    if (fix.accuracyM > options.maxAccuracyM) continue;
    const local = toLocalMetres(origin, fix);
    fixIndex.insert(local.eastM, local.northM);
  }

  let totalM = 0;
  let coveredM = 0;
  for (const street of streets) {
    for (let index = 0; index + 1 < street.length; index++) {
      const start = toLocalMetres(origin, toLonLatPoint(street[index]!));
      const end = toLocalMetres(origin, toLonLatPoint(street[index + 1]!));
      const lengthM = Math.hypot(end.eastM - start.eastM, end.northM - start.northM);
      if (lengthM === 0) continue;
      const pieceCount = Math.ceil(lengthM / options.sampleStepM);
      const pieceM = lengthM / pieceCount;
      totalM += lengthM;
      // No fix, nothing covered: most grids early in the day, on a district's cockpit.
      if (fixIndex.size === 0) continue;
      for (let piece = 0; piece < pieceCount; piece++) {
        // Each piece is judged by its midpoint.
        const fraction = (piece + 0.5) / pieceCount;
        const xM = start.eastM + fraction * (end.eastM - start.eastM);
        const yM = start.northM + fraction * (end.northM - start.northM);
        if (fixIndex.hasPointWithin(xM, yM, options.bufferM)) coveredM += pieceM;
      }
    }
  }
  return { coveredM, totalM, share: totalM > 0 ? coveredM / totalM : 0 };
}
