/**
 * Patrol coverage of base grids over a span of time, as the assessment measures it: each
 * worker's fixes reduced to cells of COVERAGE_CELL_DEG (the store keeps whole past days per
 * worker; a part of a day is read from the fixes), then the share of each grid's streets within
 * the coverage buffer of its workers' cells. The assessment scores it per period; the cockpit
 * shows it for today. One measure, so the two never disagree.
 */
import type { PatrolLength } from '../../domain/assessment/scoreAssessment';
import type { TrackPoint } from '../../domain/tracking/fix';
import {
  MAX_ACCURACY_FOR_COVERAGE_M,
  measurePatrolCoverage,
} from '../../domain/tracking/patrolCoverage';
import type { GridStreets } from '../tracking/gridStreets';
import type { WorkerRecord } from '../tracking/trackingRepository';
import type { AssessmentRepository } from './assessmentRepository';

/** About 5 m: well inside the 25 m coverage buffer, and a month of fixes shrinks a hundredfold. */
export const COVERAGE_CELL_DEG = 0.00005;

/** Each worker's visited cells in [fromMs, toMs). */
export async function visitedPlacesByWorker(
  store: Pick<AssessmentRepository, 'visitedPlacesOfWorkers'>,
  workers: readonly WorkerRecord[],
  fromMs: number,
  toMs: number,
): Promise<Map<number, TrackPoint[]>> {
  return store.visitedPlacesOfWorkers(
    workers.map((worker) => worker.workerId),
    fromMs,
    toMs,
    MAX_ACCURACY_FOR_COVERAGE_M,
    COVERAGE_CELL_DEG,
  );
}

export function coverageOf(
  streets: ReturnType<GridStreets['streetsOf']>,
  places: readonly TrackPoint[],
): PatrolLength {
  const { coveredM, totalM } = measurePatrolCoverage(streets, places);
  return { coveredM, totalM };
}

/** Per base grid: its street length and the part its workers' cells covered. */
export function measureGridCoverage(
  baseGridCodes: readonly string[],
  streets: Pick<GridStreets, 'streetsOf'>,
  workers: readonly WorkerRecord[],
  placesByWorker: ReadonlyMap<number, readonly TrackPoint[]>,
): Map<string, PatrolLength> {
  // Each grid's workers, found once (a district has a thousand grids and a thousand workers).
  const workersByGrid = new Map<string, WorkerRecord[]>();
  for (const worker of workers) {
    for (const code of new Set(worker.gridCodes)) {
      const gridWorkers = workersByGrid.get(code);
      if (gridWorkers === undefined) workersByGrid.set(code, [worker]);
      else gridWorkers.push(worker);
    }
  }
  const coverage = new Map<string, PatrolLength>();
  for (const code of baseGridCodes) {
    const places = (workersByGrid.get(code) ?? []).flatMap(
      (worker) => placesByWorker.get(worker.workerId) ?? [],
    );
    coverage.set(code, coverageOf(streets.streetsOf(code), places));
  }
  return coverage;
}

/** The base grids' street length and covered part in [fromMs, toMs), summed. */
export type PatrolMeasure = (
  baseGridCodes: readonly string[],
  workers: readonly WorkerRecord[],
  fromMs: number,
  toMs: number,
) => Promise<PatrolLength>;

export function createPatrolMeasure(
  store: Pick<AssessmentRepository, 'visitedPlacesOfWorkers'>,
  streets: Pick<GridStreets, 'streetsOf'>,
): PatrolMeasure {
  return async (baseGridCodes, workers, fromMs, toMs) => {
    const places = await visitedPlacesByWorker(store, workers, fromMs, toMs);
    let coveredM = 0;
    let totalM = 0;
    for (const length of measureGridCoverage(baseGridCodes, streets, workers, places).values()) {
      coveredM += length.coveredM;
      totalM += length.totalM;
    }
    return { coveredM, totalM };
  };
}
