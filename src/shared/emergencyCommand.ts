/**
 * Wire types of the emergency command (应急指挥): the emergency event with its plan checklist,
 * response level and one timeline; messages to the households of a zone with their honest
 * state; the after-action report (docs/decisions/0037).
 */
import type { AeglTier } from '../domain/emergency/chemicals';
import type { TimelineEntry, ZoneSnapshot } from '../domain/emergency/command/commandTimeline';
import type {
  NotificationChannel,
  NotificationCounts,
  NotificationState,
  ReceiptState,
} from '../domain/emergency/command/notificationState';
import type { ChecklistStep } from '../domain/emergency/command/planChecklist';
import type { ResponseLevel } from '../domain/emergency/command/responseLevel';
import type { IncidentState } from './incidents';
import { EMERGENCY_API_PATH } from './emergency';

/** GET: the active event (404: none). */
export const COMMAND_PATH = `${EMERGENCY_API_PATH}/command`;
/** GET: the active event as aggregates only (leader wall, tour); null when none. */
export const COMMAND_SUMMARY_PATH = `${COMMAND_PATH}/summary`;
/** GET: recent events; POST: open one by hand. */
export const COMMAND_EVENTS_PATH = `${COMMAND_PATH}/events`;
/** GET: plans of the active event's type and level first. */
export const COMMAND_PLANS_PATH = `${COMMAND_PATH}/plans`;
/** POST { recordId }: the plan's steps become the checklist. */
export const COMMAND_PLAN_PATH = `${COMMAND_PATH}/plan`;
/** POST /steps/:index { note }: tick a step. */
export const COMMAND_STEPS_PATH = `${COMMAND_PATH}/steps`;
/** POST { level, reason }. */
export const COMMAND_LEVEL_PATH = `${COMMAND_PATH}/level`;
/** POST { summary }. */
export const COMMAND_TERMINATE_PATH = `${COMMAND_PATH}/terminate`;
/** POST NotifyRequest. */
export const COMMAND_NOTIFY_PATH = `${COMMAND_PATH}/notify`;
/** GET: messages of the active event in the caller's scope; POST /:id/acknowledge. */
export const COMMAND_NOTIFICATIONS_PATH = `${COMMAND_PATH}/notifications`;
/** POST { receipts } from the configured gateway, with its key in GATEWAY_KEY_HEADER. */
export const COMMAND_RECEIPTS_PATH = `${COMMAND_PATH}/gateway-receipts`;
export const GATEWAY_KEY_HEADER = 'x-gateway-key';

export const commandReportPath = (eventId: number) => `${COMMAND_EVENTS_PATH}/${eventId}/report`;
export const commandWorkbookPath = (eventId: number) =>
  `${COMMAND_EVENTS_PATH}/${eventId}/report.xlsx`;

export interface CommandEventSummary {
  id: number;
  title: string;
  incidentType: string;
  level: ResponseLevel;
  status: 'active' | 'terminated';
  scenarioId: string | null;
  planRecordId: number | null;
  planName: string | null;
  planUnits: string[];
  openedAtMs: number;
  openedBy: string;
  terminatedAtMs: number | null;
  terminatedBy: string | null;
  summary: string | null;
}

export interface ZoneNotificationCounts extends NotificationCounts {
  tier: string;
}

export interface CommandEventView extends CommandEventSummary {
  checklist: ChecklistStep[];
  timeline: TimelineEntry[];
  /** Per zone (the household's worst), in the caller's scope. */
  notificationCounts: ZoneNotificationCounts[];
  /** A gateway is configured (else messages go to the outbox). */
  gateway: 'outbox' | 'http';
}

export interface OpenEventRequest {
  title: string;
  incidentType: string;
  level: ResponseLevel;
}

export interface PlanCandidate {
  recordId: number;
  name: string;
  incidentType: string;
  level: ResponseLevel;
  steps: string[];
  units: string[];
  matchesType: boolean;
  matchesLevel: boolean;
}

export interface LevelChangeResponse {
  event: CommandEventView;
  /** Plans of the new level (the commander chooses; nothing is activated by itself). */
  plans: PlanCandidate[];
}

export interface NotifyRequest {
  tier: AeglTier;
  channel: NotificationChannel;
  text: string;
}

export interface NotifyResponse {
  households: number;
  outbox: number;
  sent: number;
  failed: number;
  /** Already reached (not failed) in this event: not sent twice. */
  skipped: number;
  withoutPhone: number;
}

export interface NotificationView {
  id: number;
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
  updatedAtMs: number;
  acknowledgedBy: string | null;
  note: string | null;
}

export interface GatewayReceipt {
  messageId: string;
  status: ReceiptState;
}

export interface ReportDoorKnockTask {
  incidentId: string;
  buildingId: number;
  households: number;
  dispatchedAtAssignment: boolean;
  /** The incident's state now; null when it is outside the caller's scope or gone. */
  state: IncidentState | null;
}

export interface ReportRecord {
  id: number;
  kind: string;
  name: string;
  gridCode: string | null;
  /** Why it is in the report: an activated plan, or a resource/shelter/hazard of the district. */
  role: 'activated_plan' | 'district_record';
}

export interface CommandReport {
  event: CommandEventSummary;
  generatedAtMs: number;
  timeline: Array<TimelineEntry & { text: { zh: string; en: string } }>;
  /** Residents per zone at the scenario's last step, as counted in the commander's scope. */
  zones: ZoneSnapshot[];
  checklists: Array<{ planSeq: number; steps: ChecklistStep[] }>;
  notificationCounts: ZoneNotificationCounts[];
  notifications: NotificationView[];
  records: ReportRecord[];
  doorKnockTasks: ReportDoorKnockTask[];
}

/** What a public screen may show of the command: no actor, no note, no household. */
export interface CommandSummary {
  title: string;
  incidentType: string;
  level: ResponseLevel;
  planName: string | null;
  stepsDone: number;
  stepsTotal: number;
  openedAtMs: number;
  /** Per zone, in the caller's scope. */
  notificationCounts: ZoneNotificationCounts[];
}
