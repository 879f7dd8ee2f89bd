/**
 * SQLite adapter of AssessmentRepository: the scheme's versions (append-only, triggers refuse
 * changes; the default scheme is seeded as version 1 when there is none) and the raw rows a
 * period's assessment reads — incidents, their steps, escalations and arrivals, and fixes reduced
 * to the cells visited.
 */
import {
  DEFAULT_ASSESSMENT_SCHEME,
  type AssessmentScheme,
  type SchemeVersion,
} from '../../domain/assessment/assessmentScheme';
import type { AssessedIncident } from '../../domain/assessment/incidentFacts';
import type { TrackPoint } from '../../domain/tracking/fix';
import type { AssessmentRepository } from '../assessment/assessmentRepository';
import { workerIdOfUsername } from '../incidents/incidentActors';
import type { SqliteDatabase } from './openDatabase';
import { prefixFilter } from './scopeSql';
import { StatementCache } from './statementCache';

/** The default scheme is in force from before any period a district can ask about. */
export const DEFAULT_SCHEME_EFFECTIVE_FROM = '1970-01-01';
const SYSTEM_AUTHOR = 'system';

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

export class SqliteAssessmentStore implements AssessmentRepository {
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

  visitedPlaces(
    workerId: number,
    fromMs: number,
    toMs: number,
    maxAccuracyM: number,
    cellDeg: number,
  ): TrackPoint[] {
    // Shifted to positive values first, so that truncation (CAST; bound numbers are REAL in
    // SQLite) is the floor everywhere on the globe.
    const rows = this.statements
      .get(
        'SELECT CAST((lon + 180) / ? AS INTEGER) AS x, CAST((lat + 90) / ? AS INTEGER) AS y, ' +
          'MIN(fix_time_ms) AS at_ms FROM positions WHERE worker_id = ? AND fix_time_ms >= ? ' +
          'AND fix_time_ms < ? AND accuracy_m <= ? GROUP BY x, y',
      )
      .all(cellDeg, cellDeg, workerId, fromMs, toMs, maxAccuracyM) as Array<{
      x: number;
      y: number;
      at_ms: number;
    }>;
    return rows.map((row) => ({
      fixTimeMs: row.at_ms,
      lon: (row.x + 0.5) * cellDeg - 180,
      lat: (row.y + 0.5) * cellDeg - 90,
      accuracyM: 0,
    }));
  }
}
