/**
 * Wire types of incidents (issue 4): what the REST API, the Open311 endpoint and the `/live` feed
 * carry. The shapes are the domain's plain data (src/domain/incidents), re-exported here so the
 * server and the client name one contract. Types and constants only.
 */
import type {
  EscalationEvent,
  Incident,
  IncidentCommand,
  IncidentTransition,
} from '../domain/incidents/incident';
import { API_PREFIX } from './api';

export type {
  Attachment,
  EscalationEvent,
  Incident,
  IncidentAction,
  IncidentActor,
  IncidentCommand,
  IncidentRole,
  IncidentSource,
  IncidentState,
  IncidentTransition,
  LocalizedText,
} from '../domain/incidents/incident';
export type { IncidentPriority } from '../domain/incidents/incidentCategories';
export type { IncidentError } from '../domain/incidents/incidentErrors';
export type { DeadlinePhase, DeadlineState } from '../domain/incidents/incidentDeadlines';

export const INCIDENTS_API_PATH = `${API_PREFIX}/incidents`;
export const OPEN311_PATH = '/open311/v2';

/** `/live` event names for incidents (the tracking events live in trackingEvents.ts). */
export const INCIDENT_FEED_EVENT = 'incidentChanged';
export const INCIDENT_RESYNC_EVENT = 'incidentResync';

/**
 * An incident as lists and the feed carry it: without the history, which can be long; the
 * detail drawer fetches the timeline by REST.
 */
export type IncidentSnapshot = Omit<Incident, 'history'>;

/**
 * One change of one incident on `/live`. `sequence` is persisted and strictly increasing over all
 * incidents, so a screen that reconnects asks for everything after the last number it saw.
 * Exactly one of `transition` (a step of the loop, including the report) and `escalation` is set.
 */
export interface IncidentFeedEvent {
  sequence: number;
  incident: IncidentSnapshot;
  transition: IncidentTransition | null;
  escalation: EscalationEvent | null;
}

/** What a reconnecting screen sends: the last sequence it applied (0 when it has none). */
export interface IncidentResyncRequest {
  afterSequence: number;
}

/**
 * The answer to a resync. When more events were missed than one reply holds, `hasMore` is true
 * and the screen asks again from the last sequence it received.
 */
export interface IncidentResyncResponse {
  events: IncidentFeedEvent[];
  hasMore: boolean;
}

/** Most events one resync reply carries; a screen far behind pages through. */
export const MAX_RESYNC_EVENTS = 1000;

/** Request body of POST /api/incidents/:id/transitions. */
export interface IncidentTransitionRequest {
  command: IncidentCommand;
}

// ---- /device: incidents on grid workers' phones (issue 4 §2) ----

/** A task the dispatcher confirmed, sent to the assigned worker's device. */
export interface DeviceTask {
  incidentId: string;
  categoryCode: string;
  lon: number;
  lat: number;
  gridCode: string;
  description: string;
  /** The handling deadline, epoch ms (the clock starts at dispatch). */
  dueAtMs: number | null;
  dispatchedAtMs: number;
}

/** A worker reports a new incident from the device (source `worker`). */
export interface DeviceIncidentReport {
  /** The device's own id for the report, so a resend after a lost ack creates it once. */
  clientRef: string;
  categoryCode: string;
  lon: number;
  lat: number;
  description: string;
  reportedAtMs: number;
}

/** A worker moves an assigned incident on (handle, feedback), with a note. */
export interface DeviceTaskCommand {
  incidentId: string;
  action: 'handle' | 'feedback';
  note: string;
  atMs: number;
}

export type DeviceIncidentResult =
  { ok: true; incidentId: string } | { ok: false; error: string; message: string };
