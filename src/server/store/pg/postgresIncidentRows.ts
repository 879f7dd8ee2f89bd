/**
 * An incident's rows on PostgreSQL (migration 0007): the current-state row, its history and
 * escalations (both only grow: a step already stored is left as it is), how it came in, arrivals
 * and the feed. Each function runs on the client of the caller's transaction.
 */
import type {
  EscalationEvent,
  Incident,
  IncidentTransition,
} from '../../../domain/incidents/incident';
import type { IncidentFeedEvent } from '../../../shared/incidents';
import type { IncidentChange, UnsequencedFeedEvent } from '../../incidents/incidentRepository';
import {
  TRANSITION_COLUMNS,
  toTransition,
  transitionValues,
  type TransitionRow,
} from '../incidentHistoryRows';
import { INCIDENT_COLUMNS, rowValues, toIncident, type IncidentRow } from '../incidentRows';
import type { IdentifierSealer } from '../sealedIdentifiers';
import type { PostgresClient, PostgresPool } from './postgresPool';

type Queryable = PostgresPool | PostgresClient;
type Row = Record<string, unknown>;

const INCIDENT_COLUMN_COUNT = INCIDENT_COLUMNS.split(',').length + 1;

/** `($1, $2, …), (…)`: `rows` tuples of `width` numbered parameters. */
function valuesList(rows: number, width: number): string {
  return Array.from(
    { length: rows },
    (_, row) =>
      '(' +
      Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ') +
      ')',
  ).join(', ');
}

/** A new incident; `seq` is the number its id was made from (null: the identity's next). */
export async function insertIncident(
  client: PostgresClient,
  incident: Incident,
  seq: number | null,
): Promise<void> {
  const values = rowValues(incident);
  const columns = `${INCIDENT_COLUMNS}, updated_at_ms`;
  if (seq === null) {
    await client.query(
      `INSERT INTO incidents (${columns}) VALUES ${valuesList(1, INCIDENT_COLUMN_COUNT)}`,
      values,
    );
    return;
  }
  await client.query(
    `INSERT INTO incidents (seq, ${columns}) VALUES ${valuesList(1, INCIDENT_COLUMN_COUNT + 1)}`,
    [seq, ...values],
  );
}

export async function updateIncident(client: PostgresClient, incident: Incident): Promise<void> {
  const [id, ...rest] = rowValues(incident);
  const { rowCount } = await client.query(
    'UPDATE incidents SET category_code = $1, priority = $2, source = $3, lon = $4, lat = $5, ' +
      'grid_code = $6, description = $7, state = $8, department = $9, assignee_username = $10, ' +
      'reported_at_ms = $11, dispatched_at_ms = $12, due_at_ms = $13, evaluation_score = $14, ' +
      'updated_at_ms = $15 WHERE id = $16',
    [...rest, id],
  );
  if (rowCount !== 1) throw new Error(`incident ${incident.id} is not stored`);
}

/** Writes the steps and escalations not stored yet. */
export async function writeHistory(client: PostgresClient, incident: Incident): Promise<void> {
  if (incident.history.length > 0) {
    await client.query(
      `INSERT INTO incident_transitions (${TRANSITION_COLUMNS}) VALUES ` +
        `${valuesList(incident.history.length, 10)} ON CONFLICT DO NOTHING`,
      incident.history.flatMap((transition, step) =>
        transitionValues(incident.id, step, transition),
      ),
    );
  }
  if (incident.escalations.length > 0) {
    await client.query(
      'INSERT INTO incident_escalations (incident_id, from_level_code, to_level_code, at_ms) ' +
        `VALUES ${valuesList(incident.escalations.length, 4)} ON CONFLICT DO NOTHING`,
      incident.escalations.flatMap((escalation) => [
        incident.id,
        escalation.fromLevelCode,
        escalation.toLevelCode,
        escalation.atMs,
      ]),
    );
  }
}

/** The reporter's contact sealed, the device report's key, an Open311 create's token. */
export async function writeIntake(
  client: PostgresClient,
  change: IncidentChange,
  sealer: () => IdentifierSealer,
): Promise<void> {
  const incidentId = change.incident.id;
  if (change.reporter !== undefined) {
    const seal = sealer();
    await client.query(
      'INSERT INTO incident_reporters (incident_id, name_sealed, phone_sealed, email_sealed) ' +
        'VALUES ($1, $2, $3, $4)',
      [
        incidentId,
        seal.seal('reporter_name', change.reporter.name),
        seal.seal('reporter_phone', change.reporter.phone),
        seal.seal('reporter_email', change.reporter.email),
      ],
    );
  }
  if (change.deviceReport !== undefined) {
    await client.query(
      'INSERT INTO incident_device_reports (worker_id, client_ref, incident_id) VALUES ($1, $2, $3)',
      [change.deviceReport.workerId, change.deviceReport.clientRef, incidentId],
    );
  }
  if (change.open311 !== undefined) {
    await client.query(
      'INSERT INTO incident_open311 (incident_id, token, address) VALUES ($1, $2, $3)',
      [incidentId, change.open311.token, change.open311.address],
    );
  }
}

/** False when this dispatch's arrival is stored already (nothing written). */
export async function writeArrival(
  client: PostgresClient,
  change: IncidentChange,
): Promise<boolean> {
  const { arrival } = change;
  if (arrival === undefined) return true;
  const { rowCount } = await client.query(
    'INSERT INTO incident_arrivals (incident_id, dispatched_at_ms, worker_id, arrived_at_ms, ' +
      'confirmed_at_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
    [
      change.incident.id,
      arrival.dispatchedAtMs,
      arrival.workerId,
      arrival.arrivedAtMs,
      arrival.confirmedAtMs,
    ],
  );
  return rowCount === 1;
}

/**
 * Numbers and appends the change's events. The head row stays locked until the transaction
 * ends, so the next writer's numbers are higher and become visible after these.
 */
export async function appendFeedEvents(
  client: PostgresClient,
  events: readonly UnsequencedFeedEvent[],
): Promise<IncidentFeedEvent[]> {
  if (events.length === 0) return [];
  const { rows } = await client.query(
    'UPDATE incident_feed_head SET last_sequence = GREATEST(last_sequence, ' +
      '(SELECT COALESCE(MAX(sequence), 0) FROM incident_events)) + $1 RETURNING last_sequence',
    [events.length],
  );
  const first = Number((rows as Row[])[0]!.last_sequence) - events.length + 1;
  const sequenced = events.map((event, index) => ({ sequence: first + index, ...event }));
  await client.query(
    'INSERT INTO incident_events (sequence, incident_id, grid_code, event) VALUES ' +
      valuesList(events.length, 4),
    events.flatMap((event, index) => [
      first + index,
      event.incident.id,
      event.incident.gridCode,
      JSON.stringify(event),
    ]),
  );
  return sequenced;
}

/** The incidents of `rows` with their history and escalations (two queries for all of them). */
export async function incidentsWithHistory(
  queryable: Queryable,
  rows: readonly IncidentRow[],
): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [transitions, escalations] = await Promise.all([
    queryable.query(
      'SELECT incident_id, action, from_state, to_state, actor_username, actor_role, at_ms, ' +
        'note, attachments FROM incident_transitions WHERE incident_id = ANY($1) ' +
        'ORDER BY incident_id, step',
      [ids],
    ),
    queryable.query(
      'SELECT incident_id, from_level_code, to_level_code, at_ms FROM incident_escalations ' +
        'WHERE incident_id = ANY($1) ORDER BY incident_id, at_ms',
      [ids],
    ),
  ]);
  const histories = new Map<string, IncidentTransition[]>();
  for (const row of transitions.rows as TransitionRow[]) {
    histories.set(row.incident_id, [...(histories.get(row.incident_id) ?? []), toTransition(row)]);
  }
  const escalated = new Map<string, EscalationEvent[]>();
  for (const row of escalations.rows as Row[]) {
    const id = String(row.incident_id);
    escalated.set(id, [
      ...(escalated.get(id) ?? []),
      {
        incidentId: id,
        fromLevelCode: String(row.from_level_code),
        toLevelCode: String(row.to_level_code),
        atMs: Number(row.at_ms),
      },
    ]);
  }
  return rows.map((row) =>
    toIncident(row, histories.get(row.id) ?? [], escalated.get(row.id) ?? []),
  );
}
