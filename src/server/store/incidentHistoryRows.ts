/**
 * An incident's history (transitions, one row per step) and escalations in SQLite. Both only
 * grow: rows are written with INSERT OR IGNORE, so rewriting a whole history after one more step
 * adds just that step.
 */
import type {
  Attachment,
  EscalationEvent,
  Incident,
  IncidentAction,
  IncidentRole,
  IncidentState,
  IncidentTransition,
} from '../../domain/incidents/incident';
import type { SqliteDatabase } from './openDatabase';
import { placeholders, toIncident, type IncidentRow } from './incidentRows';
import type { StatementCache } from './statementCache';

/** SQLite caps bound parameters; pages and id lists stay well under it. */
const MAX_IDS_PER_QUERY = 500;

export interface TransitionRow {
  incident_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_username: string;
  actor_role: string;
  at_ms: number;
  note: string;
  attachments: string;
}

interface EscalationRow {
  incident_id: string;
  from_level_code: string;
  to_level_code: string;
  at_ms: number;
}

export function toTransition(row: TransitionRow): IncidentTransition {
  return {
    action: row.action as IncidentAction | 'report',
    fromState: row.from_state as IncidentState | null,
    toState: row.to_state as IncidentState,
    actor: { username: row.actor_username, role: row.actor_role as IncidentRole },
    atMs: row.at_ms,
    note: row.note,
    attachments: JSON.parse(row.attachments) as Attachment[],
  };
}

function toEscalation(row: EscalationRow): EscalationEvent {
  return {
    incidentId: row.incident_id,
    fromLevelCode: row.from_level_code,
    toLevelCode: row.to_level_code,
    atMs: row.at_ms,
  };
}

export const TRANSITION_COLUMNS =
  'incident_id, step, action, from_state, to_state, actor_username, actor_role, at_ms, note, ' +
  'attachments';

/** A step's values in TRANSITION_COLUMNS order (both engines store it so). */
export function transitionValues(
  incidentId: string,
  step: number,
  transition: IncidentTransition,
): Array<string | number | null> {
  return [
    incidentId,
    step,
    transition.action,
    transition.fromState,
    transition.toState,
    transition.actor.username,
    transition.actor.role,
    transition.atMs,
    transition.note,
    JSON.stringify(transition.attachments),
  ];
}

/** Writes the steps and escalations the store does not hold yet. */
export function writeHistory(statements: StatementCache, incident: Incident): void {
  const insertTransition = statements.get(
    `INSERT OR IGNORE INTO incident_transitions (${TRANSITION_COLUMNS}) ` +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  incident.history.forEach((transition, step) => {
    insertTransition.run(...transitionValues(incident.id, step, transition));
  });
  const insertEscalation = statements.get(
    'INSERT OR IGNORE INTO incident_escalations (incident_id, from_level_code, to_level_code, at_ms) ' +
      'VALUES (?, ?, ?, ?)',
  );
  for (const escalation of incident.escalations) {
    insertEscalation.run(
      incident.id,
      escalation.fromLevelCode,
      escalation.toLevelCode,
      escalation.atMs,
    );
  }
}

/** Loads the history and escalations of the rows (in batches of ids) and builds incidents. */
export function incidentsWithHistory(db: SqliteDatabase, rows: readonly IncidentRow[]): Incident[] {
  const histories = new Map<string, IncidentTransition[]>();
  const escalations = new Map<string, EscalationEvent[]>();
  for (let start = 0; start < rows.length; start += MAX_IDS_PER_QUERY) {
    const ids = rows.slice(start, start + MAX_IDS_PER_QUERY).map((row) => row.id);
    const list = placeholders(ids.length);
    const transitions = db
      .prepare(
        'SELECT incident_id, action, from_state, to_state, actor_username, actor_role, at_ms, ' +
          `note, attachments FROM incident_transitions WHERE incident_id IN (${list}) ` +
          'ORDER BY incident_id, step',
      )
      .all(...ids) as TransitionRow[];
    for (const row of transitions) {
      const history = histories.get(row.incident_id) ?? [];
      history.push(toTransition(row));
      histories.set(row.incident_id, history);
    }
    const escalationRows = db
      .prepare(
        'SELECT incident_id, from_level_code, to_level_code, at_ms FROM incident_escalations ' +
          `WHERE incident_id IN (${list}) ORDER BY incident_id, at_ms`,
      )
      .all(...ids) as EscalationRow[];
    for (const row of escalationRows) {
      const escalated = escalations.get(row.incident_id) ?? [];
      escalated.push(toEscalation(row));
      escalations.set(row.incident_id, escalated);
    }
  }
  return rows.map((row) =>
    toIncident(row, histories.get(row.id) ?? [], escalations.get(row.id) ?? []),
  );
}
