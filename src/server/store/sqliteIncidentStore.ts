/**
 * The SQLite adapter of IncidentRepository. An incident is one row of current state plus its
 * transitions and escalations; the feed is an append-only table whose AUTOINCREMENT key is the
 * persisted sequence. A change and its events are written in one transaction.
 */
import type {
  Attachment,
  EscalationEvent,
  Incident,
  IncidentAction,
  IncidentRole,
  IncidentSource,
  IncidentState,
  IncidentTransition,
} from '../../domain/incidents/incident';
import { OPEN_INCIDENT_STATES } from '../../domain/incidents/incident';
import type { IncidentPriority } from '../../domain/incidents/incidentCategories';
import {
  CLOCK_RUNNING_STATES,
  NEAR_DEADLINE_FRACTION,
} from '../../domain/incidents/incidentDeadlines';
import {
  WORKER_ASSIGNEE_PREFIX,
  type IncidentArrival,
  type IncidentFeedEvent,
} from '../../shared/incidents';
import type {
  IncidentChange,
  IncidentFilter,
  IncidentRepository,
  ReporterContact,
  UnsequencedFeedEvent,
} from '../incidents/incidentRepository';
import type { PageRequest, PageResult } from '../registry/registryRecords';
import type { SqliteDatabase } from './openDatabase';
import { prefixFilter, type SqlFragment } from './scopeSql';
import { StatementCache } from './statementCache';

export const INCIDENT_ID_PREFIX = 'INC';
const INCIDENT_ID_DIGITS = 8;

interface IncidentRow {
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

interface TransitionRow {
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

interface ArrivalRow {
  incident_id: string;
  worker_id: number;
  arrived_at_ms: number;
  confirmed_at_ms: number;
}

const INCIDENT_COLUMNS =
  'id, category_code, priority, source, lon, lat, grid_code, description, state, department, ' +
  'assignee_username, reported_at_ms, dispatched_at_ms, due_at_ms, evaluation_score';
/** SQLite caps bound parameters; pages and id lists stay well under it. */
const MAX_IDS_PER_QUERY = 500;

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

function toTransition(row: TransitionRow): IncidentTransition {
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

function toIncident(
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

/** The WHERE clause of a list query (always at least the scope filter). */
function filterSql(filter: IncidentFilter): SqlFragment {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const scope = prefixFilter('grid_code', filter.scopes);
  clauses.push(scope.sql);
  params.push(...scope.params);
  if (filter.gridCode !== undefined) {
    const subtree = prefixFilter('grid_code', [filter.gridCode]);
    clauses.push(subtree.sql);
    params.push(...subtree.params);
  }
  if (filter.states !== undefined) {
    clauses.push(`state IN (${placeholders(filter.states.length)})`);
    params.push(...filter.states);
  }
  const equalities: Array<[string, string | undefined]> = [
    ['category_code', filter.categoryCode],
    ['priority', filter.priority],
    ['source', filter.source],
    ['assignee_username', filter.assigneeUsername],
  ];
  for (const [column, value] of equalities) {
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    params.push(value);
  }
  if (filter.reportedFromMs !== undefined) {
    clauses.push('reported_at_ms >= ?');
    params.push(filter.reportedFromMs);
  }
  if (filter.reportedToMs !== undefined) {
    clauses.push('reported_at_ms < ?');
    params.push(filter.reportedToMs);
  }
  if (filter.deadlinePhase !== undefined && filter.nowMs !== undefined) {
    const phase = deadlinePhaseSql(filter.deadlinePhase, filter.nowMs);
    clauses.push(phase.sql);
    params.push(...phase.params);
  }
  return { sql: clauses.join(' AND '), params: params as string[] };
}

/** The same phases as computeDeadlineState for running clocks (tested against it). */
function deadlinePhaseSql(
  phase: NonNullable<IncidentFilter['deadlinePhase']>,
  nowMs: number,
): { sql: string; params: Array<string | number> } {
  const running =
    `state IN (${placeholders(CLOCK_RUNNING_STATES.length)}) ` +
    'AND due_at_ms IS NOT NULL AND dispatched_at_ms IS NOT NULL';
  const remaining = '(due_at_ms - ?)';
  const nearLimit = `((due_at_ms - dispatched_at_ms) * ${NEAR_DEADLINE_FRACTION})`;
  const condition =
    phase === 'overdue'
      ? `${remaining} <= 0`
      : phase === 'near_deadline'
        ? `${remaining} > 0 AND ${remaining} <= ${nearLimit}`
        : `${remaining} > ${nearLimit}`;
  const nowCount = phase === 'near_deadline' ? 2 : 1;
  return {
    sql: `(${running} AND ${condition})`,
    params: [...CLOCK_RUNNING_STATES, ...new Array<number>(nowCount).fill(nowMs)],
  };
}

export class SqliteIncidentStore implements IncidentRepository {
  private readonly statements: StatementCache;
  private readonly commitTransaction: (change: IncidentChange) => IncidentFeedEvent[];

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.commitTransaction = db.transaction((change: IncidentChange) => this.writeChange(change));
  }

  nextIncidentId(): string {
    const row = this.statements
      .get('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM incidents')
      .get() as {
      next: number;
    };
    return INCIDENT_ID_PREFIX + String(row.next).padStart(INCIDENT_ID_DIGITS, '0');
  }

  commitChange(change: IncidentChange): IncidentFeedEvent[] {
    return this.commitTransaction(change);
  }

  private writeChange(change: IncidentChange): IncidentFeedEvent[] {
    const { incident } = change;
    if (change.isNew) this.insertIncidentRow(incident);
    else this.updateIncidentRow(incident);
    const insertTransition = this.statements.get(
      'INSERT OR IGNORE INTO incident_transitions (incident_id, step, action, from_state, to_state, ' +
        'actor_username, actor_role, at_ms, note, attachments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    incident.history.forEach((transition, step) => {
      insertTransition.run(
        incident.id,
        step,
        transition.action,
        transition.fromState,
        transition.toState,
        transition.actor.username,
        transition.actor.role,
        transition.atMs,
        transition.note,
        JSON.stringify(transition.attachments),
      );
    });
    const insertEscalation = this.statements.get(
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
    if (change.reporter !== undefined) {
      this.statements
        .get('INSERT INTO incident_reporters (incident_id, name, phone, email) VALUES (?, ?, ?, ?)')
        .run(incident.id, change.reporter.name, change.reporter.phone, change.reporter.email);
    }
    if (change.deviceReport !== undefined) {
      this.statements
        .get(
          'INSERT INTO incident_device_reports (worker_id, client_ref, incident_id) VALUES (?, ?, ?)',
        )
        .run(change.deviceReport.workerId, change.deviceReport.clientRef, incident.id);
    }
    if (change.arrival !== undefined) {
      const { arrival } = change;
      this.statements
        .get(
          'INSERT INTO incident_arrivals (incident_id, dispatched_at_ms, worker_id, arrived_at_ms, ' +
            'confirmed_at_ms) VALUES (?, ?, ?, ?, ?)',
        )
        .run(
          incident.id,
          arrival.dispatchedAtMs,
          arrival.workerId,
          arrival.arrivedAtMs,
          arrival.confirmedAtMs,
        );
    }
    return change.events.map((event) => this.appendEvent(event));
  }

  private appendEvent(event: UnsequencedFeedEvent): IncidentFeedEvent {
    const inserted = this.statements
      .get('INSERT INTO incident_events (incident_id, grid_code, event) VALUES (?, ?, ?)')
      .run(event.incident.id, event.incident.gridCode, JSON.stringify(event));
    return { sequence: Number(inserted.lastInsertRowid), ...event };
  }

  private insertIncidentRow(incident: Incident): void {
    this.statements
      .get(
        `INSERT INTO incidents (${INCIDENT_COLUMNS}, updated_at_ms) ` +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(...this.rowValues(incident));
  }

  private updateIncidentRow(incident: Incident): void {
    const values = this.rowValues(incident);
    const [id, ...rest] = values;
    const result = this.statements
      .get(
        'UPDATE incidents SET category_code = ?, priority = ?, source = ?, lon = ?, lat = ?, ' +
          'grid_code = ?, description = ?, state = ?, department = ?, assignee_username = ?, ' +
          'reported_at_ms = ?, dispatched_at_ms = ?, due_at_ms = ?, evaluation_score = ?, ' +
          'updated_at_ms = ? WHERE id = ?',
      )
      .run(...rest, id);
    if (result.changes !== 1) throw new Error(`incident ${incident.id} is not stored`);
  }

  private rowValues(incident: Incident): Array<string | number | null> {
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

  findIncident(id: string): Incident | null {
    const row = this.statements
      .get(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ?`)
      .get(id) as IncidentRow | undefined;
    return row === undefined ? null : (this.withChildren([row])[0] ?? null);
  }

  listIncidents(filter: IncidentFilter, page: PageRequest): PageResult<Incident> {
    const where = filterSql(filter);
    const total = (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM incidents WHERE ${where.sql}`)
        .get(...where.params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE ${where.sql} ` +
          'ORDER BY reported_at_ms DESC, seq DESC LIMIT ? OFFSET ?',
      )
      .all(...where.params, page.pageSize, (page.page - 1) * page.pageSize) as IncidentRow[];
    return { items: this.withChildren(rows), total };
  }

  listOpenNear(
    categoryCode: string,
    box: { west: number; south: number; east: number; north: number },
    fromMs: number,
    toMs: number,
  ): Incident[] {
    const rows = this.statements
      .get(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE category_code = ? ` +
          `AND state IN (${placeholders(OPEN_INCIDENT_STATES.length)}) ` +
          'AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND reported_at_ms BETWEEN ? AND ?',
      )
      .all(
        categoryCode,
        ...OPEN_INCIDENT_STATES,
        box.west,
        box.east,
        box.south,
        box.north,
        fromMs,
        toMs,
      ) as IncidentRow[];
    return this.withChildren(rows);
  }

  listClockRunning(dueByMs = Number.MAX_SAFE_INTEGER): Incident[] {
    const rows = this.statements
      .get(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents ` +
          `WHERE state IN (${placeholders(CLOCK_RUNNING_STATES.length)}) AND due_at_ms <= ?`,
      )
      .all(...CLOCK_RUNNING_STATES, dueByMs) as IncidentRow[];
    return this.withChildren(rows);
  }

  listAssignedOpen(assigneeUsername: string): Incident[] {
    const rows = this.statements
      .get(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE assignee_username = ? ` +
          `AND state IN (${placeholders(CLOCK_RUNNING_STATES.length)}) ORDER BY seq`,
      )
      .all(assigneeUsername, ...CLOCK_RUNNING_STATES) as IncidentRow[];
    return this.withChildren(rows);
  }

  eventsAfter(
    afterSequence: number,
    scopes: readonly string[],
    limit: number,
  ): IncidentFeedEvent[] {
    const scope = prefixFilter('grid_code', scopes);
    const rows = this.statements
      .get(
        `SELECT sequence, event FROM incident_events WHERE sequence > ? AND ${scope.sql} ` +
          'ORDER BY sequence LIMIT ?',
      )
      .all(afterSequence, ...scope.params, limit) as Array<{ sequence: number; event: string }>;
    return rows.map((row) => ({
      sequence: row.sequence,
      ...(JSON.parse(row.event) as UnsequencedFeedEvent),
    }));
  }

  latestSequence(): number {
    const row = this.statements
      .get('SELECT COALESCE(MAX(sequence), 0) AS latest FROM incident_events')
      .get() as { latest: number };
    return row.latest;
  }

  incidentIdOfDeviceReport(workerId: number, clientRef: string): string | null {
    const row = this.statements
      .get('SELECT incident_id FROM incident_device_reports WHERE worker_id = ? AND client_ref = ?')
      .get(workerId, clientRef) as { incident_id: string } | undefined;
    return row?.incident_id ?? null;
  }

  arrivalsOf(incidentId: string): IncidentArrival[] {
    const rows = this.statements
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

  hasArrival(incidentId: string, dispatchedAtMs: number): boolean {
    return (
      this.statements
        .get('SELECT 1 FROM incident_arrivals WHERE incident_id = ? AND dispatched_at_ms = ?')
        .get(incidentId, dispatchedAtMs) !== undefined
    );
  }

  reporterOf(incidentId: string): ReporterContact | null {
    const row = this.statements
      .get('SELECT name, phone, email FROM incident_reporters WHERE incident_id = ?')
      .get(incidentId) as ReporterContact | undefined;
    return row ?? null;
  }

  /** Loads the history and escalations of the rows (in batches of ids) and builds incidents. */
  private withChildren(rows: readonly IncidentRow[]): Incident[] {
    const histories = new Map<string, IncidentTransition[]>();
    const escalations = new Map<string, EscalationEvent[]>();
    for (let start = 0; start < rows.length; start += MAX_IDS_PER_QUERY) {
      const ids = rows.slice(start, start + MAX_IDS_PER_QUERY).map((row) => row.id);
      const list = placeholders(ids.length);
      const transitions = this.db
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
      const escalationRows = this.db
        .prepare(
          'SELECT incident_id, from_level_code, to_level_code, at_ms FROM incident_escalations ' +
            `WHERE incident_id IN (${list}) ORDER BY incident_id, at_ms`,
        )
        .all(...ids) as EscalationRow[];
      for (const row of escalationRows) {
        const list = escalations.get(row.incident_id) ?? [];
        list.push(toEscalation(row));
        escalations.set(row.incident_id, list);
      }
    }
    return rows.map((row) =>
      toIncident(row, histories.get(row.id) ?? [], escalations.get(row.id) ?? []),
    );
  }
}
