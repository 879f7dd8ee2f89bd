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

export interface CommandRepository {
  activeEvent(): StoredCommandEvent | null;
  findEvent(id: number): StoredCommandEvent | null;
  /** Newest first. */
  listEvents(limit: number): StoredCommandEvent[];
  /** Throws ActiveEventExistsError while another event is active. */
  openEvent(event: NewCommandEvent): number;
  setScenario(eventId: number, scenarioId: string): void;
  setLevel(eventId: number, level: ResponseLevel): void;
  /** Copies the plan and its steps as a new checklist; answers the new plan_seq. */
  activatePlan(eventId: number, plan: ActivatedPlan): number;
  checklist(eventId: number, planSeq: number): ChecklistStep[];
  /** False when the step was ticked meanwhile (it stays as first ticked). */
  tickStep(
    eventId: number,
    planSeq: number,
    index: number,
    atMs: number,
    by: string,
    note: string | null,
  ): boolean;
  terminate(eventId: number, atMs: number, by: string, summary: string): void;
  appendTimeline(eventId: number, entry: NewTimelineEntry): number;
  /** Oldest first, entries with an id above `afterId`. */
  timeline(eventId: number, afterId: number): TimelineEntry[];
  appendScenarioStep(
    eventId: number,
    scenarioId: string,
    atMs: number,
    request: PlumeAssessmentRequest,
  ): void;
  scenarioSteps(
    eventId: number,
    scenarioId: string,
  ): Array<{ atMs: number; request: PlumeAssessmentRequest }>;
  transaction<T>(work: () => T): T;
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

export interface NotificationRepository {
  listNotifications(eventId: number): StoredNotification[];
  findNotification(id: number): StoredNotification | null;
  /** A new message, or the failed one of the same household and channel again (attempts + 1). */
  upsertNotification(notification: NewNotification): number;
  updateNotification(id: number, update: NotificationUpdate): void;
  /** The phone of each household: its head's, else the first member with one (full numbers). */
  householdPhones(householdIds: readonly number[]): Map<number, string>;
  /** Seals the number; the outbox holds what a duty officer or an SMS modem sends by hand. */
  writeOutbox(
    notificationId: number,
    channel: NotificationChannel,
    phone: string,
    text: string,
    atMs: number,
  ): void;
}
