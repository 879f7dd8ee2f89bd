/**
 * Plain data of an incident and its closed loop (DESIGN.md §3). An incident is immutable: every
 * change is a transition appended to its history, so the timeline on the wall and the audit
 * trail are the same record.
 */
import type { LonLat } from '../registry';
import type { IncidentPriority } from './incidentCategories';

export const INCIDENT_STATES = [
  'reported',
  'registered',
  'rejected',
  'dispatched',
  'handling',
  'feedback',
  'closed',
  'evaluated',
  'archived',
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** Actions on an existing incident; `report` creates one and is not among them. */
export const INCIDENT_ACTIONS = [
  'register',
  'reject',
  'dispatch',
  'accept',
  /** The assignee declines the work with a reason: it goes back to the dispatcher's queue. */
  'decline',
  'feed_back',
  'verify',
  'return_for_rework',
  'evaluate',
  'archive',
  'transfer',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** States whose incident still needs someone's work (duplicates, the open list, Open311 open). */
export const OPEN_INCIDENT_STATES: readonly IncidentState[] = [
  'reported',
  'registered',
  'dispatched',
  'handling',
  'feedback',
];

export const INCIDENT_ROLES = [
  'grid_worker',
  'department_handler',
  'dispatcher',
  'leader',
  'citizen',
  'system',
] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export const INCIDENT_SOURCES = ['worker', 'dispatcher', 'citizen', 'sensor', 'hotline'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export interface IncidentActor {
  username: string;
  role: IncidentRole;
}

export interface Attachment {
  name: string;
  mime: string;
  url: string;
}

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface IncidentTransition {
  /** `report` for the first entry, which has no `fromState`. */
  action: IncidentAction | 'report';
  fromState: IncidentState | null;
  toState: IncidentState;
  actor: IncidentActor;
  atMs: number;
  note: string;
  attachments: Attachment[];
}

export interface EscalationEvent {
  incidentId: string;
  fromLevelCode: string;
  toLevelCode: string;
  atMs: number;
}

export interface Incident {
  id: string;
  categoryCode: string;
  priority: IncidentPriority;
  source: IncidentSource;
  location: LonLat;
  /** The grid where it happened (usually a base grid, 15 digits). */
  gridCode: string;
  description: string;
  state: IncidentState;
  /** Department currently responsible; changes on dispatch and transfer. */
  department: string | null;
  assigneeUsername: string | null;
  reportedAtMs: number;
  /** Start of the handling clock: the latest dispatch. */
  dispatchedAtMs: number | null;
  /** Stored at dispatch so a later change of the deadline tables leaves old incidents alone. */
  dueAtMs: number | null;
  evaluationScore: number | null;
  escalations: EscalationEvent[];
  history: IncidentTransition[];
}

interface CommandBase {
  note?: string;
  attachments?: Attachment[];
}

export type IncidentCommand = CommandBase &
  (
    | { action: 'register'; priority?: IncidentPriority }
    | { action: 'reject' }
    | {
        action: 'dispatch';
        assigneeUsername: string;
        /** Defaults to the department the incident was transferred to. */
        department?: string;
      }
    | { action: 'accept' }
    | { action: 'decline'; note: string }
    | { action: 'feed_back' }
    | { action: 'verify' }
    | { action: 'return_for_rework' }
    | { action: 'evaluate'; score: number }
    | { action: 'archive' }
    | { action: 'transfer'; department: string }
  );

export interface ReportInput {
  id: string;
  categoryCode: string;
  /** Defaults to the category's priority. */
  priority?: IncidentPriority;
  source: IncidentSource;
  location: LonLat;
  gridCode: string;
  description: string;
  note?: string;
  attachments?: Attachment[];
}

export function isOpenIncident(incident: Pick<Incident, 'state'>): boolean {
  return OPEN_INCIDENT_STATES.includes(incident.state);
}
