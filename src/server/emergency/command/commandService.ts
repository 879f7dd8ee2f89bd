/**
 * The emergency command's use cases: an emergency event (应急事件) opened by hand or when a
 * scenario starts, the plan the commander activates (its steps become the checklist), ticks with
 * who and when, changes of the response level with their reason, termination with a summary —
 * each kept in the database and written to the event's one timeline, and audited. The
 * scenario's steps are kept too, so a restart brings the scenario back (`scenarioToRestore`).
 * Residents' messages are ResidentNotifications'; the report is CommandReports'; what the
 * scenario writes to the event is in commandScenarioRecords.ts.
 */
import { checkTick } from '../../../domain/emergency/command/planChecklist';
import {
  checkLevelChange,
  type ResponseLevel,
} from '../../../domain/emergency/command/responseLevel';
import type { ScenarioStep } from '../../../shared/emergencyScenario';
import type { DoorKnockAssignment } from '../../../shared/emergencyScenario';
import type {
  CommandEventSummary,
  OpenEventRequest,
  PlanCandidate,
} from '../../../shared/emergencyCommand';
import type { AuditRepository } from '../../audit/auditRepository';
import { LocalizedError, type Caller } from '../../registry/accessErrors';
import type { StoredEmergencyRecord } from '../records/emergencyRecordRepository';
import type { ScenarioLifecycle } from '../scenarioHub';
import { COMMAND_ACTIONS, recordCommandAudit } from './commandAudit';
import {
  ActiveEventExistsError,
  type CommandRepository,
  type NewTimelineEntry,
  type StoredCommandEvent,
} from './commandRepository';
import {
  openedEntry,
  recordDoorKnock,
  recordScenarioLifecycle,
  restorableScenario,
} from './commandScenarioRecords';
import { planCandidate } from './planCandidate';

/** Actor of entries no person made (a gateway's receipts). */
export const SYSTEM_ACTOR = 'system';
/** Events listed for the report picker. */
export const LISTED_EVENTS = 50;

export const NO_ACTIVE_EVENT = new LocalizedError(404, {
  zh: '当前没有进行中的应急事件',
  en: 'There is no active emergency event',
});
const EVENT_EXISTS = new LocalizedError(409, {
  zh: '已有进行中的应急事件，请先终止',
  en: 'An emergency event is already active; terminate it first',
});
const NOT_A_PLAN = new LocalizedError(404, { zh: '预案不存在', en: 'No such plan' });

const TICK_REFUSALS = {
  event_ended: { zh: '应急事件已终止', en: 'The event has ended' },
  no_plan: { zh: '尚未启动预案', en: 'No plan is active' },
  unknown_step: { zh: '预案中没有该步骤', en: 'The plan has no such step' },
  already_done: { zh: '该步骤已完成', en: 'That step is already done' },
  note_too_long: { zh: '备注过长', en: 'The note is too long' },
} as const;

export interface CommandServiceDeps {
  store: CommandRepository;
  /** The plan records (kind 'plan') as stored. */
  listPlans: () => Promise<StoredEmergencyRecord[]>;
  audit: Pick<AuditRepository, 'recordAudit'>;
  now: () => Date;
  /** Ends the hub's scenario when the event that runs it terminates. */
  endScenario: (caller: Caller) => void | Promise<void>;
}

export function summaryOf(event: StoredCommandEvent): CommandEventSummary {
  return {
    id: event.id,
    title: event.title,
    incidentType: event.incidentType,
    level: event.level,
    status: event.status,
    scenarioId: event.scenarioId,
    planRecordId: event.planRecordId,
    planName: event.planName,
    planUnits: event.planUnits,
    openedAtMs: event.openedAtMs,
    openedBy: event.openedBy,
    terminatedAtMs: event.terminatedAtMs,
    terminatedBy: event.terminatedBy,
    summary: event.summary,
  };
}

const CHANGED_MEANWHILE = new LocalizedError(409, {
  zh: '应急事件已被他人更改，请刷新后重试',
  en: 'The event was changed meanwhile; reload and try again',
});

export class CommandService {
  /**
   * The scenario hub's starts, changes and ends, recorded one after another in the order they
   * came (a change is never recorded before its start).
   */
  private scenarioRecords: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CommandServiceDeps) {}

  async requireActive(): Promise<StoredCommandEvent> {
    const event = await this.deps.store.activeEvent();
    if (event === null) throw NO_ACTIVE_EVENT;
    return event;
  }

  activeEvent(): Promise<StoredCommandEvent | null> {
    return this.deps.store.activeEvent();
  }

  findEvent(id: number): Promise<StoredCommandEvent | null> {
    return this.deps.store.findEvent(id);
  }

  async listEvents(): Promise<CommandEventSummary[]> {
    return (await this.deps.store.listEvents(LISTED_EVENTS)).map(summaryOf);
  }

  async open(caller: Caller, request: OpenEventRequest): Promise<StoredCommandEvent> {
    const atMs = this.nowMs();
    let eventId: number;
    try {
      eventId = await this.deps.store.openEvent(
        { ...request, scenarioId: null, atMs, by: caller.username },
        openedEntry(caller.username, atMs, { ...request, scenarioId: null }),
      );
    } catch (error) {
      if (error instanceof ActiveEventExistsError) throw EVENT_EXISTS;
      throw error;
    }
    await this.audit(
      caller,
      COMMAND_ACTIONS.open,
      eventId,
      `${request.incidentType} ${request.level}`,
    );
    return (await this.deps.store.findEvent(eventId))!;
  }

  /** Plans matching the active event's type and level first, then level, then type, then the rest. */
  async planCandidates(level?: ResponseLevel): Promise<PlanCandidate[]> {
    const event = await this.requireActive();
    const target = { ...event, level: level ?? event.level };
    const rank = (plan: PlanCandidate) => (plan.matchesLevel ? 2 : 0) + (plan.matchesType ? 1 : 0);
    return (await this.deps.listPlans())
      .map((record) => planCandidate(record, target))
      .filter((plan): plan is PlanCandidate => plan !== null)
      .sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name, 'zh'));
  }

  async activatePlan(caller: Caller, recordId: number): Promise<StoredCommandEvent> {
    const event = await this.requireActive();
    const record = (await this.deps.listPlans()).find((plan) => plan.id === recordId);
    const plan = record === undefined ? null : planCandidate(record, event);
    if (plan === null) throw NOT_A_PLAN;
    const planSeq = await this.deps.store.activatePlan(
      event.id,
      { recordId: plan.recordId, name: plan.name, units: plan.units, steps: plan.steps },
      {
        atMs: this.nowMs(),
        actor: caller.username,
        kind: 'plan_activated',
        payload: {
          planId: plan.recordId,
          planName: plan.name,
          level: plan.level,
          steps: plan.steps.length,
        },
      },
    );
    // Terminated meanwhile: the event the commander saw is gone.
    if (planSeq === null) throw NO_ACTIVE_EVENT;
    await this.audit(caller, COMMAND_ACTIONS.plan, event.id, plan.name);
    return (await this.deps.store.findEvent(event.id))!;
  }

  async tickStep(caller: Caller, index: number, note: string): Promise<StoredCommandEvent> {
    const event = await this.requireActive();
    const checklist =
      event.planSeq === 0 ? null : await this.deps.store.checklist(event.id, event.planSeq);
    const trimmed = note.trim();
    const problem = checkTick(checklist, index, true, trimmed);
    if (problem !== null)
      throw new LocalizedError(problem === 'already_done' ? 409 : 400, TICK_REFUSALS[problem]);
    const kept = trimmed === '' ? null : trimmed;
    // False: ticked by someone else meanwhile, or a new plan or the termination came first.
    const ticked = await this.deps.store.tickStep(event.id, event.planSeq, {
      atMs: this.nowMs(),
      actor: caller.username,
      kind: 'step_done',
      payload: { index, text: checklist![index]!.text, note: kept },
    });
    if (!ticked) throw new LocalizedError(409, TICK_REFUSALS.already_done);
    await this.audit(caller, COMMAND_ACTIONS.step, event.id, `step ${index + 1}`);
    return (await this.deps.store.findEvent(event.id))!;
  }

  async changeLevel(
    caller: Caller,
    level: ResponseLevel,
    reason: string,
  ): Promise<StoredCommandEvent> {
    const event = await this.requireActive();
    const check = checkLevelChange(event.level, level, reason);
    if (!check.ok) {
      throw new LocalizedError(
        400,
        check.problem === 'same_level'
          ? { zh: '响应级别未变化', en: 'That is the current level' }
          : { zh: '调整响应级别须说明理由', en: 'A change of level needs a reason' },
      );
    }
    // Only from the level the commander saw: another commander's change is not overwritten.
    const changed = await this.deps.store.changeLevel(event.id, event.level, {
      atMs: this.nowMs(),
      actor: caller.username,
      kind: 'level_changed',
      payload: { from: event.level, to: level, direction: check.direction, reason: reason.trim() },
    });
    if (!changed) throw CHANGED_MEANWHILE;
    await this.audit(
      caller,
      COMMAND_ACTIONS.level,
      event.id,
      `${event.level} → ${level}: ${reason.trim()}`,
    );
    return (await this.deps.store.findEvent(event.id))!;
  }

  async terminate(caller: Caller, summary: string): Promise<StoredCommandEvent> {
    const event = await this.requireActive();
    const text = summary.trim();
    if (text === '') {
      throw new LocalizedError(400, { zh: '终止须填写总结', en: 'Termination needs a summary' });
    }
    // The hall's scenario belongs to the event: it ends with it on every screen (its end is
    // the timeline's entry before the termination, so its record is awaited first).
    if (event.scenarioId !== null) {
      await this.deps.endScenario(caller);
      await this.scenarioRecords;
    }
    const ended = await this.deps.store.terminate(event.id, {
      atMs: this.nowMs(),
      actor: caller.username,
      kind: 'event_terminated',
      payload: { summary: text },
    });
    if (!ended) throw NO_ACTIVE_EVENT;
    await this.audit(caller, COMMAND_ACTIONS.terminate, event.id, text);
    return (await this.deps.store.findEvent(event.id))!;
  }

  /**
   * The scenario hub's starts, changes and ends: an event opens with a scenario if none is
   * active. Recorded in the order of the calls; the promise settles when this one is.
   */
  onScenario(change: ScenarioLifecycle): Promise<void> {
    const recorded = this.scenarioRecords.then(() =>
      recordScenarioLifecycle(this.deps.store, change),
    );
    this.scenarioRecords = recorded.catch(() => {});
    return recorded;
  }

  /** The door-knocking tasks assigned in the scenario, on the active event's timeline. */
  async onDoorKnock(caller: Caller, assignments: readonly DoorKnockAssignment[]): Promise<void> {
    await recordDoorKnock(this.deps.store, caller.username, this.nowMs(), assignments);
  }

  /** The active event's scenario, when it was still running as the server stopped. */
  scenarioToRestore(): Promise<{ scenarioId: string; history: ScenarioStep[] } | null> {
    return restorableScenario(this.deps.store);
  }

  append(eventId: number, entry: NewTimelineEntry): Promise<number> {
    return this.deps.store.appendTimeline(eventId, entry);
  }

  async audit(caller: Caller, action: string, eventId: number, reason: string): Promise<void> {
    await recordCommandAudit(this.deps.audit, this.deps.now(), caller, action, eventId, reason);
  }

  private nowMs(): number {
    return this.deps.now().getTime();
  }
}
