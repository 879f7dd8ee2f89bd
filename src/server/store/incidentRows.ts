/**
 * The incident's own row (current state) in SQLite: its columns, writing it, and building the
 * domain incident from it once its history and escalations are loaded.
 */
import type {
  EscalationEvent,
  Incident,
  IncidentSource,
  IncidentState,
  IncidentTransition,
} from '../../domain/incidents/incident';
import type { IncidentPriority } from '../../domain/incidents/incidentCategories';
import type { StatementCache } from './statementCache';

export interface IncidentRow {
  id: string;
  category_code: string;
  priority: string;
  source: string;
  lon: number;
  lat: number;
  grid_code: string;
  description: string;
  state: string;
  department: string | null;
  assignee_username: string | null;
  reported_at_ms: number;
  dispatched_at_ms: number | null;
  due_at_ms: number | null;
  evaluation_score: number | null;
}

export const INCIDENT_COLUMNS =
  'id, category_code, priority, source, lon, lat, grid_code, description, state, department, ' +
  'assignee_username, reported_at_ms, dispatched_at_ms, due_at_ms, evaluation_score';

/** `?, ?, …` for an IN list or a VALUES tuple. */
export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

export function toIncident(
  row: IncidentRow,
  history: IncidentTransition[],
  escalations: EscalationEvent[],
): Incident {
  return {
    id: row.id,
    categoryCode: row.category_code,
    priority: row.priority as IncidentPriority,
    source: row.source as IncidentSource,
    location: { lon: row.lon, lat: row.lat },
    gridCode: row.grid_code,
    description: row.description,
    state: row.state as IncidentState,
    department: row.department,
    assigneeUsername: row.assignee_username,
    reportedAtMs: row.reported_at_ms,
    dispatchedAtMs: row.dispatched_at_ms,
    dueAtMs: row.due_at_ms,
    evaluationScore: row.evaluation_score,
    escalations,
    history,
  };
}

/** Column values in INCIDENT_COLUMNS order, then updated_at_ms (the latest change). */
export function rowValues(incident: Incident): Array<string | number | null> {
  const updatedAtMs = Math.max(
    incident.history.at(-1)?.atMs ?? incident.reportedAtMs,
    incident.escalations.at(-1)?.atMs ?? 0,
  );
  return [
    incident.id,
    incident.categoryCode,
    incident.priority,
    incident.source,
    incident.location.lon,
    incident.location.lat,
    incident.gridCode,
    incident.description,
    incident.state,
    incident.department,
    incident.assigneeUsername,
    incident.reportedAtMs,
    incident.dispatchedAtMs,
    incident.dueAtMs,
    incident.evaluationScore,
    updatedAtMs,
  ];
}

export function insertIncidentRow(statements: StatementCache, incident: Incident): void {
  statements
    .get(
      `INSERT INTO incidents (${INCIDENT_COLUMNS}, updated_at_ms) ` +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(...rowValues(incident));
}

export function updateIncidentRow(statements: StatementCache, incident: Incident): void {
  const [id, ...rest] = rowValues(incident);
  const result = statements
    .get(
      'UPDATE incidents SET category_code = ?, priority = ?, source = ?, lon = ?, lat = ?, ' +
        'grid_code = ?, description = ?, state = ?, department = ?, assignee_username = ?, ' +
        'reported_at_ms = ?, dispatched_at_ms = ?, due_at_ms = ?, evaluation_score = ?, ' +
        'updated_at_ms = ? WHERE id = ?',
    )
    .run(...rest, id);
  if (result.changes !== 1) throw new Error(`incident ${incident.id} is not stored`);
}
