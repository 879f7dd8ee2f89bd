/**
 * SQLite adapter of AssessmentRepository: the scheme's versions (append-only, triggers refuse
 * changes; the default scheme is seeded as version 1 when there is none) and the raw rows a
 * period's assessment reads — incidents, their steps, escalations and arrivals, and fixes reduced
 * to the cells visited. The repository is asynchronous (sqliteAssessmentRepository); each method
 * runs the synchronous store's method to its end (promisedMethods.ts).
 */
import {
  DEFAULT_ASSESSMENT_SCHEME,
  type AssessmentScheme,
  type SchemeVersion,
} from '../../domain/assessment/assessmentScheme';
import type { AssessedIncident } from '../../domain/assessment/incidentFacts';
import { DAY_MS, districtDayStartMs } from '../../domain/districtTime';
import type { TrackPoint } from '../../domain/tracking/fix';
import type { AssessmentRepository } from '../assessment/assessmentRepository';
import { workerIdOfUsername } from '../incidents/incidentActors';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { prefixFilter } from './scopeSql';
import { StatementCache } from './statementCache';

export const LON_SHIFT_DEG = 180;
export const LAT_SHIFT_DEG = 90;

/** The default scheme is in force from before any period a district can ask about. */
export const DEFAULT_SCHEME_EFFECTIVE_FROM = '1970-01-01';
export const SYSTEM_AUTHOR = 'system';

/** The cells ("x,y" keys) as places at their centres, in the order of their indexes. */
export function cellsToPlaces(
  cells: ReadonlySet<string>,
  fixTimeMs: number,
  cellDeg: number,
): TrackPoint[] {
  const indexes = [...cells].map((key) => key.split(',').map(Number) as [number, number]);
  indexes.sort((left, right) => left[0] - right[0] || left[1] - right[1]);
  return indexes.map(([x, y]) => ({
    fixTimeMs,
    lon: (x + 0.5) * cellDeg - LON_SHIFT_DEG,
    lat: (y + 0.5) * cellDeg - LAT_SHIFT_DEG,
    accuracyM: 0,
  }));
}

interface SchemeRow {
  version: number;
  effective_from: string;
  scheme: string;
  created_by: string;
  created_at_ms: number;
}

interface IncidentRow {
  id: string;
  grid_code: string;
  department: string | null;
  source: string;
  assignee_username: string | null;
  reported_at_ms: number;
  dispatched_at_ms: number | null;
  due_at_ms: number | null;
  evaluation_score: number | null;
}

function toSchemeVersion(row: SchemeRow): SchemeVersion {
  return {
    version: row.version,
    effectiveFrom: row.effective_from,
    scheme: JSON.parse(row.scheme) as AssessmentScheme,
    createdBy: row.created_by,
    createdAtMs: row.created_at_ms,
  };
}

export function sqliteAssessmentRepository(db: SqliteDatabase): AssessmentRepository {
  return promisedMethods(new SqliteAssessmentStore(db), [
    'listSchemeVersions',
    'addSchemeVersion',
    'listIncidentsForPeriod',
    'visitedPlaces',
    'visitedPlacesOfWorkers',
  ]);
}

export class SqliteAssessmentStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    const count = this.statements.get('SELECT COUNT(*) AS n FROM assessment_schemes').get() as {
      n: number;
    };
    if (count.n === 0) {
      this.addSchemeVersion({
        effectiveFrom: DEFAULT_SCHEME_EFFECTIVE_FROM,
        scheme: DEFAULT_ASSESSMENT_SCHEME,
        createdBy: SYSTEM_AUTHOR,
        createdAtMs: 0,
      });
    }
  }

  listSchemeVersions(): SchemeVersion[] {
    const rows = this.statements
      .get(
        'SELECT version, effective_from, scheme, created_by, created_at_ms FROM assessment_schemes ORDER BY version',
      )
      .all() as SchemeRow[];
    return rows.map(toSchemeVersion);
  }

  addSchemeVersion(entry: {
    effectiveFrom: string;
    scheme: AssessmentScheme;
    createdBy: string;
    createdAtMs: number;
  }): SchemeVersion {
    const result = this.statements
      .get(
        'INSERT INTO assessment_schemes (version, effective_from, scheme, created_by, created_at_ms) ' +
          'VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM assessment_schemes), ?, ?, ?, ?)',
      )
      .run(entry.effectiveFrom, JSON.stringify(entry.scheme), entry.createdBy, entry.createdAtMs);
    return { version: Number(result.lastInsertRowid), ...entry };
  }

  listIncidentsForPeriod(
    startMs: number,
    endMs: number,
    scopes: readonly string[],
  ): AssessedIncident[] {
    const scope = prefixFilter('i.grid_code', scopes);
    // Anything in the period moved updated_at_ms (the latest step or escalation) past its start;
    // a due time in the period may have had no step since the dispatch.
    const inPeriod = `i.reported_at_ms < ? AND (i.updated_at_ms >= ? OR i.due_at_ms >= ?) AND ${scope.sql}`;
    const params = [endMs, startMs, startMs, ...scope.params];
    const accounts = new Map(
      (
        this.statements.get('SELECT username, worker_id FROM worker_accounts').all() as Array<{
          username: string;
          worker_id: number;
        }>
      ).map((row) => [row.username, row.worker_id]),
    );
    const workerOf = (username: string | null) =>
      workerIdOfUsername(username) ?? (username === null ? null : (accounts.get(username) ?? null));

    const incidents = new Map<string, AssessedIncident & { reporterUsername: string | null }>();
    const rows = this.statements
      .get(
        'SELECT i.id, i.grid_code, i.department, i.source, i.assignee_username, i.reported_at_ms, ' +
          `i.dispatched_at_ms, i.due_at_ms, i.evaluation_score FROM incidents i WHERE ${inPeriod}`,
      )
      .all(...params) as IncidentRow[];
    for (const row of rows) {
      incidents.set(row.id, {
        id: row.id,
        gridCode: row.grid_code,
        department: row.department,
        source: row.source,
        reporterWorkerId: null,
        reporterUsername: null,
        assigneeWorkerId: workerOf(row.assignee_username),
        reportedAtMs: row.reported_at_ms,
        dispatchedAtMs: row.dispatched_at_ms,
        dueAtMs: row.due_at_ms,
        evaluationScore: row.evaluation_score,
        transitions: [],
        escalationsAtMs: [],
        arrivals: [],
      });
    }
    const steps = this.statements
      .get(
        'SELECT t.incident_id, t.action, t.at_ms, t.actor_username FROM incident_transitions t ' +
          `JOIN incidents i ON i.id = t.incident_id WHERE ${inPeriod} ORDER BY t.incident_id, t.step`,
      )
      .all(...params) as Array<{
      incident_id: string;
      action: string;
      at_ms: number;
      actor_username: string;
    }>;
    for (const step of steps) {
      const incident = incidents.get(step.incident_id);
      if (incident === undefined) continue;
      (incident.transitions as Array<{ action: string; atMs: number }>).push({
        action: step.action,
        atMs: step.at_ms,
      });
      if (step.action === 'report') incident.reporterWorkerId = workerOf(step.actor_username);
    }
    const escalations = this.statements
      .get(
        'SELECT e.incident_id, e.at_ms FROM incident_escalations e ' +
          `JOIN incidents i ON i.id = e.incident_id WHERE ${inPeriod} ORDER BY e.at_ms`,
      )
      .all(...params) as Array<{ incident_id: string; at_ms: number }>;
    for (const escalation of escalations) {
      (incidents.get(escalation.incident_id)?.escalationsAtMs as number[] | undefined)?.push(
        escalation.at_ms,
      );
    }
    const arrivals = this.statements
      .get(
        'SELECT a.incident_id, a.worker_id, a.dispatched_at_ms, a.arrived_at_ms FROM incident_arrivals a ' +
          `JOIN incidents i ON i.id = a.incident_id WHERE ${inPeriod}`,
      )
      .all(...params) as Array<{
      incident_id: string;
      worker_id: number;
      dispatched_at_ms: number;
      arrived_at_ms: number;
    }>;
    for (const arrival of arrivals) {
      const incident = incidents.get(arrival.incident_id);
      (incident?.arrivals as AssessedIncident['arrivals'][number][] | undefined)?.push({
        workerId: arrival.worker_id,
        dispatchedAtMs: arrival.dispatched_at_ms,
        arrivedAtMs: arrival.arrived_at_ms,
      });
    }
    return [...incidents.values()].map(({ reporterUsername: _unused, ...incident }) => incident);
  }

  /** In this process a query per worker costs microseconds: one after another. */
  visitedPlacesOfWorkers(
    workerIds: readonly number[],
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): Map<number, TrackPoint[]> {
    return new Map(
      workerIds.map((workerId) => [
        workerId,
        this.visitedPlaces(workerId, fromMs, toMs, maxAccuracyM, cellDeg),
      ]),
    );
  }

  /**
   * Whole district days come from patrol_day_cells while the day's fix count is unchanged (else
   * they are read again and stored); a part of a day (today) is read from the fixes each time.
   */
  visitedPlaces(
    workerId: number,
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): TrackPoint[] {
    const cells = new Set<string>();
    const add = (flat: readonly number[]) => {
      for (let index = 0; index + 1 < flat.length; index += 2) {
        cells.add(`${flat[index]},${flat[index + 1]}`);
      }
    };
    for (let dayStartMs = districtDayStartMs(fromMs); dayStartMs < toMs; dayStartMs += DAY_MS) {
      const segmentFromMs = Math.max(fromMs, dayStartMs);
      const segmentToMs = Math.min(toMs, dayStartMs + DAY_MS);
      const wholeDay = segmentFromMs === dayStartMs && segmentToMs === dayStartMs + DAY_MS;
      if (wholeDay) add(this.dayCells(workerId, dayStartMs, maxAccuracyM, cellDeg));
      else add(this.cellsBetween(workerId, segmentFromMs, segmentToMs, maxAccuracyM, cellDeg));
    }
    return cellsToPlaces(cells, fromMs, cellDeg);
  }

  private dayCells(
    workerId: number,
    dayStartMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): number[] {
    const dayEndMs = dayStartMs + DAY_MS;
    const count = (
      this.statements
        .get(
          'SELECT COUNT(*) AS n FROM positions WHERE worker_id = ? AND fix_time_ms >= ? AND fix_time_ms < ?',
        )
        .get(workerId, dayStartMs, dayEndMs) as { n: number }
    ).n;
    if (count === 0) return [];
    const key = [workerId, dayStartMs, cellDeg, maxAccuracyM];
    const stored = this.statements
      .get(
        'SELECT fix_count, cells FROM patrol_day_cells WHERE worker_id = ? AND day_start_ms = ? ' +
          'AND cell_deg = ? AND max_accuracy_m = ?',
      )
      .get(...key) as { fix_count: number; cells: string } | undefined;
    if (stored?.fix_count === count) return JSON.parse(stored.cells) as number[];
    const cells = this.cellsBetween(workerId, dayStartMs, dayEndMs, maxAccuracyM, cellDeg);
    this.statements
      .get(
        'INSERT INTO patrol_day_cells (worker_id, day_start_ms, cell_deg, max_accuracy_m, fix_count, cells) ' +
          'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (worker_id, day_start_ms, cell_deg, max_accuracy_m) ' +
          'DO UPDATE SET fix_count = excluded.fix_count, cells = excluded.cells',
      )
      .run(...key, count, JSON.stringify(cells));
    return cells;
  }

  /** Cell indexes (x, y alternating) of the fixes in [fromMs, toMs), each cell once. */
  private cellsBetween(
    workerId: number,
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): number[] {
    // Shifted to positive values first, so that truncation (CAST; bound numbers are REAL in
    // SQLite) is the floor everywhere on the globe.
    const rows = this.statements
      .get(
        'SELECT CAST((lon + ?) / ? AS INTEGER) AS x, CAST((lat + ?) / ? AS INTEGER) AS y ' +
          'FROM positions WHERE worker_id = ? AND fix_time_ms >= ? AND fix_time_ms < ? ' +
          'AND accuracy_m <= ? GROUP BY x, y',
      )
      .raw()
      .all(
        LON_SHIFT_DEG,
        cellDeg,
        LAT_SHIFT_DEG,
        cellDeg,
        workerId,
        fromMs,
        toMs,
        maxAccuracyM,
      ) as Array<[number, number]>;
    return rows.flat();
  }
}
