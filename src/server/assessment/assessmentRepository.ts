/**
 * What the assessment needs from the store, by interface (adapters: store/sqliteAssessmentStore.ts,
 * store/pg/postgresAssessmentRepository.ts; asynchronous, docs/decisions/0040-postgresql.md): the
 * scheme's versions, and the raw incident rows and fixes of a period inside the caller's scope.
 */
import type { AssessmentScheme, SchemeVersion } from '../../domain/assessment/assessmentScheme';
import type { AssessedIncident } from '../../domain/assessment/incidentFacts';
import type { TrackPoint } from '../../domain/tracking/fix';

export interface AssessmentRepository {
  listSchemeVersions(): Promise<SchemeVersion[]>;
  /** Appends a version; the number is the next one (versions added at once each get their own). */
  addSchemeVersion(entry: {
    effectiveFrom: string;
    scheme: AssessmentScheme;
    createdBy: string;
    createdAtMs: number;
  }): Promise<SchemeVersion>;
  /**
   * Incidents in the scope with anything in [startMs, endMs): reported, a step, an escalation, or
   * a due time. Each with its whole history; actors mapped to worker ids.
   */
  listIncidentsForPeriod(
    startMs: number,
    endMs: number,
    scopes: readonly string[],
  ): Promise<AssessedIncident[]>;
  /**
   * A worker's fixes in [fromMs, toMs) no worse than `maxAccuracyM`, one per cell of `cellDeg`
   * degrees (the cell's centre): a month of 1 Hz fixes shrinks to the places visited.
   */
  visitedPlaces(
    workerId: number,
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): Promise<TrackPoint[]>;
  /**
   * `visitedPlaces` of each of the workers, by worker id: a district's cockpit asks for a
   * thousand workers at once, which must not cost a thousand round trips.
   */
  visitedPlacesOfWorkers(
    workerIds: readonly number[],
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): Promise<Map<number, TrackPoint[]>>;
}
