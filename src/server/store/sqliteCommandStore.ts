/**
 * SQLite adapter of CommandRepository: the emergency event, its checklists, its timeline and the
 * scenario's steps, all in the database file so that a restart keeps them (docs/decisions/0037).
 * The repository is asynchronous (sqliteCommandRepository); each method runs the synchronous
 * store's method to its end, one transaction (promisedMethods.ts). The row shapes and their SQL
 * conditions are shared with the PostgreSQL adapter (pg/postgresCommandRepository.ts).
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
  type ScenarioStepRecord,
  type StoredCommandEvent,
} from '../emergency/command/commandRepository';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

export interface EventRow {
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

export interface ChecklistRow {
  step_index: number;
  text: string;
  done_at_ms: number | null;
  done_by: string | null;
  note: string | null;
}

export interface TimelineRow {
  id: number;
  at_ms: number;
  actor: string;
  kind: TimelineEntry['kind'];
  payload: string;
}

export function toEvent(row: EventRow): StoredCommandEvent {
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

export function toChecklistStep(row: ChecklistRow): ChecklistStep {
  return {
    index: row.step_index,
    text: row.text,
    doneAtMs: row.done_at_ms,
    doneBy: row.done_by,
    note: row.note,
  };
}

export function toTimelineEntry(row: TimelineRow): TimelineEntry {
  return {
    id: row.id,
    atMs: row.at_ms,
    actor: row.actor,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
  } as TimelineEntry;
}

export function toScenarioStep(row: { at_ms: number; request: string }): {
  atMs: number;
  request: PlumeAssessmentRequest;
} {
  return { atMs: row.at_ms, request: JSON.parse(row.request) as PlumeAssessmentRequest };
}

export const OPEN_EVENT_COLUMNS =
  'title, incident_type, level, status, scenario_id, opened_at_ms, opened_by';
/**
 * A scenario's step opens an event only where none is active (the partial unique index): of two
 * steps at once, the second finds the first's event instead of failing on the index.
 */
export const OPEN_IF_NONE_ACTIVE = "ON CONFLICT (status) WHERE status = 'active' DO NOTHING";
export const EVENTS_NEWEST_FIRST = 'ORDER BY opened_at_ms DESC, id DESC';
export const CHECKLIST_ORDER = 'ORDER BY step_index';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function sqliteCommandRepository(db: SqliteDatabase): CommandRepository {
  return promisedMethods(new SqliteCommandStore(db), [
    'activeEvent',
    'findEvent',
    'listEvents',
    'openEvent',
    'recordScenarioStep',
    'changeLevel',
    'activatePlan',
    'checklist',
    'tickStep',
    'terminate',
    'appendTimeline',
    'appendToActive',
    'timeline',
    'scenarioSteps',
  ]);
}

export class SqliteCommandStore {
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
      .get(`SELECT * FROM command_events ${EVENTS_NEWEST_FIRST} LIMIT ?`)
      .all(limit) as EventRow[];
    return rows.map(toEvent);
  }

  openEvent(event: NewCommandEvent, opened: NewTimelineEntry<'event_opened'>): number {
    return this.db.transaction(() => {
      let eventId: number;
      try {
        eventId = Number(
          this.statements
            .get(
              `INSERT INTO command_events (${OPEN_EVENT_COLUMNS}) ` +
                "VALUES (?, ?, ?, 'active', ?, ?, ?)",
            )
            .run(...openEventValues(event)).lastInsertRowid,
        );
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ActiveEventExistsError('an event is already active');
        throw error;
      }
      this.appendTimeline(eventId, opened);
      return eventId;
    })();
  }

  recordScenarioStep(step: ScenarioStepRecord): number {
    return this.db.transaction(() => {
      const opened = this.statements
        .get(
          `INSERT INTO command_events (${OPEN_EVENT_COLUMNS}) ` +
            `VALUES (?, ?, ?, 'active', ?, ?, ?) ${OPEN_IF_NONE_ACTIVE} RETURNING id`,
        )
        .get(...openEventValues(step.opening)) as { id: number } | undefined;
      let eventId: number;
      if (opened !== undefined) {
        eventId = opened.id;
        this.appendTimeline(eventId, step.opened);
      } else {
        eventId = (
          this.statements
            .get("UPDATE command_events SET scenario_id = ? WHERE status = 'active' RETURNING id")
            .get(step.scenarioId) as { id: number }
        ).id;
      }
      this.statements
        .get(
          'INSERT INTO command_scenario_steps (event_id, scenario_id, at_ms, request) VALUES (?, ?, ?, ?)',
        )
        .run(eventId, step.scenarioId, step.atMs, JSON.stringify(step.request));
      this.appendTimeline(eventId, step.entry);
      return eventId;
    })();
  }

  changeLevel(
    eventId: number,
    from: ResponseLevel,
    entry: NewTimelineEntry<'level_changed'>,
  ): boolean {
    return this.db.transaction(() => {
      const { changes } = this.statements
        .get(
          'UPDATE command_events SET level = ? ' +
            "WHERE id = ? AND status = 'active' AND level = ?",
        )
        .run(entry.payload.to, eventId, from);
      if (changes !== 1) return false;
      this.appendTimeline(eventId, entry);
      return true;
    })();
  }

  activatePlan(
    eventId: number,
    plan: ActivatedPlan,
    entry: NewTimelineEntry<'plan_activated'>,
  ): number | null {
    return this.db.transaction(() => {
      const row = this.statements
        .get(
          'UPDATE command_events SET plan_record_id = ?, plan_name = ?, plan_units = ?, ' +
            "plan_seq = plan_seq + 1 WHERE id = ? AND status = 'active' RETURNING plan_seq",
        )
        .get(plan.recordId, plan.name, JSON.stringify(plan.units), eventId) as
        { plan_seq: number } | undefined;
      if (row === undefined) return null;
      const insert = this.statements.get(
        'INSERT INTO command_checklist (event_id, plan_seq, step_index, text) VALUES (?, ?, ?, ?)',
      );
      plan.steps.forEach((text, index) => insert.run(eventId, row.plan_seq, index, text));
      this.appendTimeline(eventId, entry);
      return row.plan_seq;
    })();
  }

  checklist(eventId: number, planSeq: number): ChecklistStep[] {
    const rows = this.statements
      .get(
        'SELECT step_index, text, done_at_ms, done_by, note FROM command_checklist ' +
          `WHERE event_id = ? AND plan_seq = ? ${CHECKLIST_ORDER}`,
      )
      .all(eventId, planSeq) as ChecklistRow[];
    return rows.map(toChecklistStep);
  }

  tickStep(eventId: number, planSeq: number, entry: NewTimelineEntry<'step_done'>): boolean {
    return this.db.transaction(() => {
      const current = this.statements
        .get("SELECT plan_seq FROM command_events WHERE id = ? AND status = 'active'")
        .get(eventId) as { plan_seq: number } | undefined;
      if (current?.plan_seq !== planSeq) return false;
      const { changes } = this.statements
        .get(
          'UPDATE command_checklist SET done_at_ms = ?, done_by = ?, note = ? ' +
            'WHERE event_id = ? AND plan_seq = ? AND step_index = ? AND done_at_ms IS NULL',
        )
        .run(entry.atMs, entry.actor, entry.payload.note, eventId, planSeq, entry.payload.index);
      if (changes !== 1) return false;
      this.appendTimeline(eventId, entry);
      return true;
    })();
  }

  terminate(eventId: number, entry: NewTimelineEntry<'event_terminated'>): boolean {
    return this.db.transaction(() => {
      const { changes } = this.statements
        .get(
          "UPDATE command_events SET status = 'terminated', terminated_at_ms = ?, " +
            "terminated_by = ?, summary = ? WHERE id = ? AND status = 'active'",
        )
        .run(entry.atMs, entry.actor, entry.payload.summary, eventId);
      if (changes !== 1) return false;
      this.appendTimeline(eventId, entry);
      return true;
    })();
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

  appendToActive(entry: NewTimelineEntry, scenarioId?: string): number | null {
    return this.db.transaction(() => {
      const event = this.activeEvent();
      if (event === null || (scenarioId !== undefined && event.scenarioId !== scenarioId)) {
        return null;
      }
      this.appendTimeline(event.id, entry);
      return event.id;
    })();
  }

  timeline(eventId: number, afterId: number): TimelineEntry[] {
    const rows = this.statements
      .get(
        'SELECT id, at_ms, actor, kind, payload FROM command_timeline ' +
          'WHERE event_id = ? AND id > ? ORDER BY id',
      )
      .all(eventId, afterId) as TimelineRow[];
    return rows.map(toTimelineEntry);
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
    return rows.map(toScenarioStep);
  }
}

/** The values of OPEN_EVENT_COLUMNS but status, in their order. */
export function openEventValues(event: NewCommandEvent): unknown[] {
  return [event.title, event.incidentType, event.level, event.scenarioId, event.atMs, event.by];
}
