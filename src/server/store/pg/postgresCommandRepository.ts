/**
 * The PostgreSQL adapter of CommandRepository (migration 0007's emergency command section),
 * checked with the SQLite one by emergency/command/commandRepository.contract.test.ts. Every
 * write with its timeline entry is one transaction on one client. Writes that race across nodes
 * are conditional statements on the event's row, which PostgreSQL re-reads once a concurrent
 * writer of it commits: a level changes only from the level read, a step is ticked only while
 * undone, an event ends only while active; a tick and an entry appended to the active event
 * first share-lock the event's row, so a plan activated or an end committed meanwhile is seen.
 */
import type { TimelineEntry } from '../../../domain/emergency/command/commandTimeline';
import type { ChecklistStep } from '../../../domain/emergency/command/planChecklist';
import type { ResponseLevel } from '../../../domain/emergency/command/responseLevel';
import type { PlumeAssessmentRequest } from '../../../shared/emergency';
import {
  ActiveEventExistsError,
  type ActivatedPlan,
  type CommandRepository,
  type NewCommandEvent,
  type NewTimelineEntry,
  type ScenarioStepRecord,
  type StoredCommandEvent,
} from '../../emergency/command/commandRepository';
import {
  CHECKLIST_ORDER,
  EVENTS_NEWEST_FIRST,
  OPEN_EVENT_COLUMNS,
  OPEN_IF_NONE_ACTIVE,
  openEventValues,
  toChecklistStep,
  toEvent,
  toScenarioStep,
  toTimelineEntry,
  type ChecklistRow,
  type EventRow,
  type TimelineRow,
} from '../sqliteCommandStore';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

const OPEN_EVENT_VALUES = "VALUES ($1, $2, $3, 'active', $4, $5, $6)";
const ACTIVE_EVENT_INDEX = 'command_events_one_active';
/**
 * Between the opening that found an active event and the update of its scenario, that event can
 * end on another node: the step then opens one after all (tried again this many times).
 */
const SCENARIO_STEP_TRIES = 3;

type Queryable = Pick<PostgresClient, 'query'>;

function isActiveEventViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === ACTIVE_EVENT_INDEX
  );
}

async function appendEntry(
  db: Queryable,
  eventId: number,
  entry: NewTimelineEntry,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO command_timeline (event_id, at_ms, actor, kind, payload) ' +
      'VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [eventId, entry.atMs, entry.actor, entry.kind, JSON.stringify(entry.payload)],
  );
  return rows[0]!.id;
}

/** The active event's id and scenario, share-locked until the transaction ends. */
async function lockActiveEvent(
  client: PostgresClient,
): Promise<{ id: number; scenario_id: string | null; plan_seq: number } | null> {
  const { rows } = await client.query<{
    id: number;
    scenario_id: string | null;
    plan_seq: number;
  }>("SELECT id, scenario_id, plan_seq FROM command_events WHERE status = 'active' FOR SHARE");
  return rows[0] ?? null;
}

export class PostgresCommandRepository implements CommandRepository {
  constructor(private readonly pool: PostgresPool) {}

  async activeEvent(): Promise<StoredCommandEvent | null> {
    const { rows } = await this.pool.query<EventRow>(
      "SELECT * FROM command_events WHERE status = 'active'",
    );
    return rows[0] === undefined ? null : toEvent(rows[0]);
  }

  async findEvent(id: number): Promise<StoredCommandEvent | null> {
    const { rows } = await this.pool.query<EventRow>('SELECT * FROM command_events WHERE id = $1', [
      id,
    ]);
    return rows[0] === undefined ? null : toEvent(rows[0]);
  }

  async listEvents(limit: number): Promise<StoredCommandEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT * FROM command_events ${EVENTS_NEWEST_FIRST} LIMIT $1`,
      [limit],
    );
    return rows.map(toEvent);
  }

  async openEvent(
    event: NewCommandEvent,
    opened: NewTimelineEntry<'event_opened'>,
  ): Promise<number> {
    try {
      return await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO command_events (${OPEN_EVENT_COLUMNS}) ${OPEN_EVENT_VALUES} RETURNING id`,
          openEventValues(event),
        );
        await appendEntry(client, rows[0]!.id, opened);
        return rows[0]!.id;
      });
    } catch (error) {
      if (isActiveEventViolation(error)) {
        throw new ActiveEventExistsError('an event is already active');
      }
      throw error;
    }
  }

  recordScenarioStep(step: ScenarioStepRecord): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const eventId = await this.eventForScenario(client, step);
      await client.query(
        'INSERT INTO command_scenario_steps (event_id, scenario_id, at_ms, request) ' +
          'VALUES ($1, $2, $3, $4)',
        [eventId, step.scenarioId, step.atMs, JSON.stringify(step.request)],
      );
      await appendEntry(client, eventId, step.entry);
      return eventId;
    });
  }

  changeLevel(
    eventId: number,
    from: ResponseLevel,
    entry: NewTimelineEntry<'level_changed'>,
  ): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        'UPDATE command_events SET level = $1 ' +
          "WHERE id = $2 AND status = 'active' AND level = $3",
        [entry.payload.to, eventId, from],
      );
      if (rowCount !== 1) return false;
      await appendEntry(client, eventId, entry);
      return true;
    });
  }

  activatePlan(
    eventId: number,
    plan: ActivatedPlan,
    entry: NewTimelineEntry<'plan_activated'>,
  ): Promise<number | null> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ plan_seq: number }>(
        'UPDATE command_events SET plan_record_id = $1, plan_name = $2, plan_units = $3, ' +
          "plan_seq = plan_seq + 1 WHERE id = $4 AND status = 'active' RETURNING plan_seq",
        [plan.recordId, plan.name, JSON.stringify(plan.units), eventId],
      );
      const planSeq = rows[0]?.plan_seq;
      if (planSeq === undefined) return null;
      await client.query(
        'INSERT INTO command_checklist (event_id, plan_seq, step_index, text) ' +
          'SELECT $1, $2, step.ordinality - 1, step.text ' +
          'FROM unnest($3::text[]) WITH ORDINALITY AS step(text, ordinality)',
        [eventId, planSeq, plan.steps],
      );
      await appendEntry(client, eventId, entry);
      return planSeq;
    });
  }

  async checklist(eventId: number, planSeq: number): Promise<ChecklistStep[]> {
    const { rows } = await this.pool.query<ChecklistRow>(
      'SELECT step_index, text, done_at_ms, done_by, note FROM command_checklist ' +
        `WHERE event_id = $1 AND plan_seq = $2 ${CHECKLIST_ORDER}`,
      [eventId, planSeq],
    );
    return rows.map(toChecklistStep);
  }

  tickStep(
    eventId: number,
    planSeq: number,
    entry: NewTimelineEntry<'step_done'>,
  ): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const event = await lockActiveEvent(client);
      if (event?.id !== eventId || event.plan_seq !== planSeq) return false;
      const { rowCount } = await client.query(
        'UPDATE command_checklist SET done_at_ms = $1, done_by = $2, note = $3 ' +
          'WHERE event_id = $4 AND plan_seq = $5 AND step_index = $6 AND done_at_ms IS NULL',
        [entry.atMs, entry.actor, entry.payload.note, eventId, planSeq, entry.payload.index],
      );
      if (rowCount !== 1) return false;
      await appendEntry(client, eventId, entry);
      return true;
    });
  }

  terminate(eventId: number, entry: NewTimelineEntry<'event_terminated'>): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        "UPDATE command_events SET status = 'terminated', terminated_at_ms = $1, " +
          "terminated_by = $2, summary = $3 WHERE id = $4 AND status = 'active'",
        [entry.atMs, entry.actor, entry.payload.summary, eventId],
      );
      if (rowCount !== 1) return false;
      await appendEntry(client, eventId, entry);
      return true;
    });
  }

  appendTimeline(eventId: number, entry: NewTimelineEntry): Promise<number> {
    return appendEntry(this.pool, eventId, entry);
  }

  appendToActive(entry: NewTimelineEntry, scenarioId?: string): Promise<number | null> {
    return inTransaction(this.pool, async (client) => {
      const event = await lockActiveEvent(client);
      if (event === null || (scenarioId !== undefined && event.scenario_id !== scenarioId)) {
        return null;
      }
      await appendEntry(client, event.id, entry);
      return event.id;
    });
  }

  async timeline(eventId: number, afterId: number): Promise<TimelineEntry[]> {
    const { rows } = await this.pool.query<TimelineRow>(
      'SELECT id, at_ms, actor, kind, payload FROM command_timeline ' +
        'WHERE event_id = $1 AND id > $2 ORDER BY id',
      [eventId, afterId],
    );
    return rows.map(toTimelineEntry);
  }

  async scenarioSteps(
    eventId: number,
    scenarioId: string,
  ): Promise<Array<{ atMs: number; request: PlumeAssessmentRequest }>> {
    const { rows } = await this.pool.query<{ at_ms: number; request: string }>(
      'SELECT at_ms, request FROM command_scenario_steps ' +
        'WHERE event_id = $1 AND scenario_id = $2 ORDER BY at_ms, id',
      [eventId, scenarioId],
    );
    return rows.map(toScenarioStep);
  }

  /** The active event, now running the step's scenario, or the one opened for it. */
  private async eventForScenario(
    client: PostgresClient,
    step: ScenarioStepRecord,
  ): Promise<number> {
    for (let attempt = 0; attempt < SCENARIO_STEP_TRIES; attempt++) {
      const opened = await client.query<{ id: number }>(
        `INSERT INTO command_events (${OPEN_EVENT_COLUMNS}) ${OPEN_EVENT_VALUES} ` +
          `${OPEN_IF_NONE_ACTIVE} RETURNING id`,
        openEventValues(step.opening),
      );
      if (opened.rows[0] !== undefined) {
        await appendEntry(client, opened.rows[0].id, step.opened);
        return opened.rows[0].id;
      }
      const active = await client.query<{ id: number }>(
        "UPDATE command_events SET scenario_id = $1 WHERE status = 'active' RETURNING id",
        [step.scenarioId],
      );
      if (active.rows[0] !== undefined) return active.rows[0].id;
    }
    throw new Error('the active emergency event kept changing under a scenario step');
  }
}
