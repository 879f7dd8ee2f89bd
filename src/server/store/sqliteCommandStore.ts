/**
 * SQLite adapter of CommandRepository: the emergency event, its checklists, its timeline and the
 * scenario's steps, all in the database file so that a restart keeps them (docs/decisions/0037).
 */
import type { TimelineEntry } from '../../domain/emergency/command/commandTimeline';
import type { ChecklistStep } from '../../domain/emergency/command/planChecklist';
import type { ResponseLevel } from '../../domain/emergency/command/responseLevel';
import type { PlumeAssessmentRequest } from '../../shared/emergency';
import {
  ActiveEventExistsError,
  type ActivatedPlan,
  type CommandEventStatus,
  type CommandRepository,
  type NewCommandEvent,
  type NewTimelineEntry,
  type StoredCommandEvent,
} from '../emergency/command/commandRepository';
import type { SqliteDatabase } from './openDatabase';
import { StatementCache } from './statementCache';

interface EventRow {
  id: number;
  title: string;
  incident_type: string;
  level: ResponseLevel;
  status: CommandEventStatus;
  scenario_id: string | null;
  plan_record_id: number | null;
  plan_name: string | null;
  plan_units: string;
  plan_seq: number;
  opened_at_ms: number;
  opened_by: string;
  terminated_at_ms: number | null;
  terminated_by: string | null;
  summary: string | null;
}

interface ChecklistRow {
  step_index: number;
  text: string;
  done_at_ms: number | null;
  done_by: string | null;
  note: string | null;
}

interface TimelineRow {
  id: number;
  at_ms: number;
  actor: string;
  kind: TimelineEntry['kind'];
  payload: string;
}

function toEvent(row: EventRow): StoredCommandEvent {
  return {
    id: row.id,
    title: row.title,
    incidentType: row.incident_type,
    level: row.level,
    status: row.status,
    scenarioId: row.scenario_id,
    planRecordId: row.plan_record_id,
    planName: row.plan_name,
    planUnits: JSON.parse(row.plan_units) as string[],
    planSeq: row.plan_seq,
    openedAtMs: row.opened_at_ms,
    openedBy: row.opened_by,
    terminatedAtMs: row.terminated_at_ms,
    terminatedBy: row.terminated_by,
    summary: row.summary,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class SqliteCommandStore implements CommandRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  activeEvent(): StoredCommandEvent | null {
    const row = this.statements
      .get("SELECT * FROM command_events WHERE status = 'active'")
      .get() as EventRow | undefined;
    return row === undefined ? null : toEvent(row);
  }

  findEvent(id: number): StoredCommandEvent | null {
    const row = this.statements.get('SELECT * FROM command_events WHERE id = ?').get(id) as
      EventRow | undefined;
    return row === undefined ? null : toEvent(row);
  }

  listEvents(limit: number): StoredCommandEvent[] {
    const rows = this.statements
      .get('SELECT * FROM command_events ORDER BY opened_at_ms DESC, id DESC LIMIT ?')
      .all(limit) as EventRow[];
    return rows.map(toEvent);
  }

  openEvent(event: NewCommandEvent): number {
    try {
      return Number(
        this.statements
          .get(
            'INSERT INTO command_events (title, incident_type, level, status, scenario_id, ' +
              "opened_at_ms, opened_by) VALUES (?, ?, ?, 'active', ?, ?, ?)",
          )
          .run(event.title, event.incidentType, event.level, event.scenarioId, event.atMs, event.by)
          .lastInsertRowid,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new ActiveEventExistsError('an event is already active');
      throw error;
    }
  }

  setScenario(eventId: number, scenarioId: string): void {
    this.statements
      .get('UPDATE command_events SET scenario_id = ? WHERE id = ?')
      .run(scenarioId, eventId);
  }

  setLevel(eventId: number, level: ResponseLevel): void {
    this.statements.get('UPDATE command_events SET level = ? WHERE id = ?').run(level, eventId);
  }

  activatePlan(eventId: number, plan: ActivatedPlan): number {
    return this.transaction(() => {
      this.statements
        .get(
          'UPDATE command_events SET plan_record_id = ?, plan_name = ?, plan_units = ?, ' +
            'plan_seq = plan_seq + 1 WHERE id = ?',
        )
        .run(plan.recordId, plan.name, JSON.stringify(plan.units), eventId);
      const { plan_seq: planSeq } = this.statements
        .get('SELECT plan_seq FROM command_events WHERE id = ?')
        .get(eventId) as { plan_seq: number };
      const insert = this.statements.get(
        'INSERT INTO command_checklist (event_id, plan_seq, step_index, text) VALUES (?, ?, ?, ?)',
      );
      plan.steps.forEach((text, index) => insert.run(eventId, planSeq, index, text));
      return planSeq;
    });
  }

  checklist(eventId: number, planSeq: number): ChecklistStep[] {
    const rows = this.statements
      .get(
        'SELECT step_index, text, done_at_ms, done_by, note FROM command_checklist ' +
          'WHERE event_id = ? AND plan_seq = ? ORDER BY step_index',
      )
      .all(eventId, planSeq) as ChecklistRow[];
    return rows.map((row) => ({
      index: row.step_index,
      text: row.text,
      doneAtMs: row.done_at_ms,
      doneBy: row.done_by,
      note: row.note,
    }));
  }

  tickStep(
    eventId: number,
    planSeq: number,
    index: number,
    atMs: number,
    by: string,
    note: string | null,
  ): boolean {
    const result = this.statements
      .get(
        'UPDATE command_checklist SET done_at_ms = ?, done_by = ?, note = ? ' +
          'WHERE event_id = ? AND plan_seq = ? AND step_index = ? AND done_at_ms IS NULL',
      )
      .run(atMs, by, note, eventId, planSeq, index);
    return result.changes === 1;
  }

  terminate(eventId: number, atMs: number, by: string, summary: string): void {
    this.statements
      .get(
        "UPDATE command_events SET status = 'terminated', terminated_at_ms = ?, " +
          'terminated_by = ?, summary = ? WHERE id = ?',
      )
      .run(atMs, by, summary, eventId);
  }

  appendTimeline(eventId: number, entry: NewTimelineEntry): number {
    return Number(
      this.statements
        .get(
          'INSERT INTO command_timeline (event_id, at_ms, actor, kind, payload) VALUES (?, ?, ?, ?, ?)',
        )
        .run(eventId, entry.atMs, entry.actor, entry.kind, JSON.stringify(entry.payload))
        .lastInsertRowid,
    );
  }

  timeline(eventId: number, afterId: number): TimelineEntry[] {
    const rows = this.statements
      .get(
        'SELECT id, at_ms, actor, kind, payload FROM command_timeline ' +
          'WHERE event_id = ? AND id > ? ORDER BY id',
      )
      .all(eventId, afterId) as TimelineRow[];
    return rows.map(
      (row) =>
        ({
          id: row.id,
          atMs: row.at_ms,
          actor: row.actor,
          kind: row.kind,
          payload: JSON.parse(row.payload) as unknown,
        }) as TimelineEntry,
    );
  }

  appendScenarioStep(
    eventId: number,
    scenarioId: string,
    atMs: number,
    request: PlumeAssessmentRequest,
  ): void {
    this.statements
      .get(
        'INSERT INTO command_scenario_steps (event_id, scenario_id, at_ms, request) VALUES (?, ?, ?, ?)',
      )
      .run(eventId, scenarioId, atMs, JSON.stringify(request));
  }

  scenarioSteps(
    eventId: number,
    scenarioId: string,
  ): Array<{ atMs: number; request: PlumeAssessmentRequest }> {
    const rows = this.statements
      .get(
        'SELECT at_ms, request FROM command_scenario_steps WHERE event_id = ? AND scenario_id = ? ' +
          'ORDER BY at_ms, rowid',
      )
      .all(eventId, scenarioId) as Array<{ at_ms: number; request: string }>;
    return rows.map((row) => ({
      atMs: row.at_ms,
      request: JSON.parse(row.request) as PlumeAssessmentRequest,
    }));
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
