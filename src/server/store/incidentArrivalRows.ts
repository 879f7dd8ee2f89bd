/**
 * Confirmed arrivals of the assigned worker at the site in SQLite, one per dispatch (keyed by
 * the dispatch time, so a re-dispatch gets its own arrival).
 */
import { WORKER_ASSIGNEE_PREFIX, type IncidentArrival } from '../../shared/incidents';
import type { IncidentChange } from '../incidents/incidentRepository';
import type { StatementCache } from './statementCache';

interface ArrivalRow {
  incident_id: string;
  worker_id: number;
  arrived_at_ms: number;
  confirmed_at_ms: number;
}

/** False when this dispatch's arrival is recorded already (nothing written). */
export function writeArrival(statements: StatementCache, change: IncidentChange): boolean {
  const { arrival } = change;
  if (arrival === undefined) return true;
  const written = statements
    .get(
      'INSERT OR IGNORE INTO incident_arrivals (incident_id, dispatched_at_ms, worker_id, ' +
        'arrived_at_ms, confirmed_at_ms) VALUES (?, ?, ?, ?, ?)',
    )
    .run(
      change.incident.id,
      arrival.dispatchedAtMs,
      arrival.workerId,
      arrival.arrivedAtMs,
      arrival.confirmedAtMs,
    );
  return written.changes === 1;
}

export function arrivalsOf(statements: StatementCache, incidentId: string): IncidentArrival[] {
  const rows = statements
    .get(
      'SELECT incident_id, worker_id, arrived_at_ms, confirmed_at_ms FROM incident_arrivals ' +
        'WHERE incident_id = ? ORDER BY dispatched_at_ms',
    )
    .all(incidentId) as ArrivalRow[];
  return rows.map((row) => ({
    incidentId: row.incident_id,
    workerId: row.worker_id,
    assigneeUsername: WORKER_ASSIGNEE_PREFIX + String(row.worker_id),
    arrivedAtMs: row.arrived_at_ms,
    confirmedAtMs: row.confirmed_at_ms,
  }));
}

export function hasArrival(
  statements: StatementCache,
  incidentId: string,
  dispatchedAtMs: number,
): boolean {
  return (
    statements
      .get('SELECT 1 FROM incident_arrivals WHERE incident_id = ? AND dispatched_at_ms = ?')
      .get(incidentId, dispatchedAtMs) !== undefined
  );
}
