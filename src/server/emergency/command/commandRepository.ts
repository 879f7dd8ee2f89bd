/**
 * Storage of the emergency command by interface (the SQLite adapters are in src/server/store):
 * the event, its plan checklists, its one timeline and its scenario steps
 * (CommandRepository); the messages to households and the outbox (NotificationRepository).
 */
import type {
  TimelineEntry,
  TimelineKind,
  TimelinePayloads,
} from '../../../domain/emergency/command/commandTimeline';
import type { ChecklistStep } from '../../../domain/emergency/command/planChecklist';
import type { ResponseLevel } from '../../../domain/emergency/command/responseLevel';
import type {
  NotificationChannel,
  NotificationState,
} from '../../../domain/emergency/command/notificationState';
import type { PlumeAssessmentRequest } from '../../../shared/emergency';

export type CommandEventStatus = 'active' | 'terminated';

export interface StoredCommandEvent {
  id: number;
  title: string;
  incidentType: string;
  level: ResponseLevel;
  status: CommandEventStatus;
  scenarioId: string | null;
  planRecordId: number | null;
  planName: string | null;
  planUnits: string[];
  /** Activations of a plan so far; the checklist shown is the one of this activation. */
  planSeq: number;
  openedAtMs: number;
  openedBy: string;
  terminatedAtMs: number | null;
  terminatedBy: string | null;
  summary: string | null;
}

export interface NewCommandEvent {
  title: string;
  incidentType: string;
  level: ResponseLevel;
  scenarioId: string | null;
  atMs: number;
  by: string;
}

export interface ActivatedPlan {
  recordId: number;
  name: string;
  units: readonly string[];
  steps: readonly string[];
}

export interface NewTimelineEntry<K extends TimelineKind = TimelineKind> {
  atMs: number;
  actor: string;
  kind: K;
  payload: TimelinePayloads[K];
}

export class ActiveEventExistsError extends Error {}

/**
 * Every write that goes with a timeline entry writes both in one transaction, and a write that
 * depends on what the commander saw is conditional on it still being so: of two commanders (on
 * two server nodes) changing one event or ticking one step at once, one wins and the other is
 * told (false, null), never both applied over each other nor one lost unseen.
 */
export interface CommandRepository {
  activeEvent(): Promise<StoredCommandEvent | null>;
  findEvent(id: number): Promise<StoredCommandEvent | null>;
  /** Newest first. */
  listEvents(limit: number): Promise<StoredCommandEvent[]>;
  /** The event and its `event_opened` entry; throws ActiveEventExistsError while one is active. */
  openEvent(event: NewCommandEvent, opened: NewTimelineEntry<'event_opened'>): Promise<number>;
  /**
   * A step of a scenario: to the active event (its scenario set to this one), or to an event
   * opened for it (with `opened`) when none is active. Answers the event's id.
   */
  recordScenarioStep(step: ScenarioStepRecord): Promise<number>;
  /** Only while the event is active at level `from`; false when it changed meanwhile. */
  changeLevel(
    eventId: number,
    from: ResponseLevel,
    entry: NewTimelineEntry<'level_changed'>,
  ): Promise<boolean>;
  /**
   * Copies the plan and its steps as a new checklist of the active event (activations at once
   * each get their own, in turn); answers the new plan_seq, null when the event is not active.
   */
  activatePlan(
    eventId: number,
    plan: ActivatedPlan,
    entry: NewTimelineEntry<'plan_activated'>,
  ): Promise<number | null>;
  checklist(eventId: number, planSeq: number): Promise<ChecklistStep[]>;
  /**
   * Ticks the entry's step (by its actor, at its time, with its note) of the event's current plan
   * while the event is active; false when it was ticked meanwhile (it stays as first ticked), the
   * plan changed or the event ended.
   */
  tickStep(
    eventId: number,
    planSeq: number,
    entry: NewTimelineEntry<'step_done'>,
  ): Promise<boolean>;
  /** Ends the event (by the entry's actor, at its time, with its summary); false when it had ended. */
  terminate(eventId: number, entry: NewTimelineEntry<'event_terminated'>): Promise<boolean>;
  appendTimeline(eventId: number, entry: NewTimelineEntry): Promise<number>;
  /**
   * To the active event (the one running `scenarioId` when given); answers its id, null when
   * there is none.
   */
  appendToActive(entry: NewTimelineEntry, scenarioId?: string): Promise<number | null>;
  /** Oldest first, entries with an id above `afterId`. */
  timeline(eventId: number, afterId: number): Promise<TimelineEntry[]>;
  scenarioSteps(
    eventId: number,
    scenarioId: string,
  ): Promise<Array<{ atMs: number; request: PlumeAssessmentRequest }>>;
}

export interface ScenarioStepRecord {
  scenarioId: string;
  atMs: number;
  request: PlumeAssessmentRequest;
  /** The event to open when none is active, with its entry. */
  opening: NewCommandEvent;
  opened: NewTimelineEntry<'event_opened'>;
  /** `scenario_started` or `scenario_changed`. */
  entry: NewTimelineEntry<'scenario_started' | 'scenario_changed'>;
}

export interface StoredNotification {
  id: number;
  eventId: number;
  householdId: number;
  gridCode: string;
  buildingName: string;
  roomLabel: string;
  tier: string;
  channel: NotificationChannel;
  phoneMasked: string;
  state: NotificationState;
  gateway: string;
  attempts: number;
  error: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  acknowledgedBy: string | null;
  note: string | null;
}

export interface NewNotification {
  eventId: number;
  householdId: number;
  gridCode: string;
  buildingName: string;
  roomLabel: string;
  tier: string;
  channel: NotificationChannel;
  phoneMasked: string;
  gateway: string;
  atMs: number;
}

export interface NotificationUpdate {
  state: NotificationState;
  atMs: number;
  error?: string | null;
  acknowledgedBy?: string;
  note?: string | null;
}

/**
 * A household's message is claimed before it is handed to a gateway: of two senders at once (two
 * server nodes notifying one zone) one has it, so the household is messaged once; a state moves
 * only from the one its writer read, so a late write never overwrites a newer receipt.
 */
export interface NotificationRepository {
  listNotifications(eventId: number): Promise<StoredNotification[]>;
  findNotification(id: number): Promise<StoredNotification | null>;
  /**
   * A new message (state `outbox`, attempts 1), or the failed one of the same household and
   * channel taken again (`outbox`, attempts + 1); null when the household's message exists and
   * has not failed (another sender has it).
   */
  claimNotification(notification: NewNotification): Promise<number | null>;
  /** Only while the message is in state `from`; false when it moved meanwhile. */
  updateNotification(
    id: number,
    from: NotificationState,
    update: NotificationUpdate,
  ): Promise<boolean>;
  /** The phone of each household: its head's, else the first member with one (full numbers). */
  householdPhones(householdIds: readonly number[]): Promise<Map<number, string>>;
  /** Seals the number; the outbox holds what a duty officer or an SMS modem sends by hand. */
  writeOutbox(
    notificationId: number,
    channel: NotificationChannel,
    phone: string,
    text: string,
    atMs: number,
  ): Promise<void>;
}
