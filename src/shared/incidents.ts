/**
 * Wire types of incidents: what the REST API, the Open311 endpoint and the `/live` feed
 * carry. The shapes are the domain's plain data (src/domain/incidents), re-exported here so the
 * server and the client name one contract. Types and constants only.
 */
import type {
  Attachment,
  EscalationEvent,
  Incident,
  IncidentAction,
  IncidentCommand,
  IncidentSource,
  IncidentTransition,
  LocalizedText,
} from '../domain/incidents/incident';
import type { IncidentPriority } from '../domain/incidents/incidentCategories';
import type { DeadlinePhase, DeadlineState } from '../domain/incidents/incidentDeadlines';
import type { IncidentError } from '../domain/incidents/incidentErrors';
import type { WorkerStatus } from '../domain/tracking/fix';
import type { ReporterRating } from '../domain/incidents/reporterAnswer';
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
/** Everything under it is Open311's: unknown paths answer its 404, never the app. */
export const OPEN311_ROOT = '/open311';
export const OPEN311_PATH = `${OPEN311_ROOT}/v2`;

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
  /**
   * Set, with the other two null, when the assigned worker's arrival on site was detected.
   * Absent or null on every other event.
   */
  arrival?: IncidentArrival | null;
}

/** The assigned worker stayed within the arrival geofence of the incident (domain arrivalGeofence). */
export interface IncidentArrival {
  incidentId: string;
  workerId: number;
  /** `worker:<id>` — the incident's assignee. */
  assigneeUsername: string;
  /** First fix of the stay inside. */
  arrivedAtMs: number;
  /** The fix that completed the dwell. */
  confirmedAtMs: number;
}

/**
 * What a screen sends on every connect: the last sequence it applied (the list's `feedSequence`
 * after a fresh load, 0 for everything). Live events to that socket start after the reply with
 * `hasMore: false`, so nothing arrives twice or out of order; until then it pages.
 */
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

/** The answer to a resync request without a valid `afterSequence` (a safe integer ≥ 0). */
export interface IncidentResyncError {
  error: 'invalid_request';
  message: string;
}

/** Most events one resync reply carries; a screen far behind pages through. */
export const MAX_RESYNC_EVENTS = 1000;

/** Request body of POST /api/incidents/:id/transitions. */
export interface IncidentTransitionRequest {
  command: IncidentCommand;
}

// ---- /device: incidents on grid workers' phones ----

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
  /** `dispatched`: to accept; `handling`: accepted (or returned), to report back. */
  state?: 'dispatched' | 'handling';
  /** Set when a verifier returned the work for rework: their note (masked) and when. */
  rework?: { note: string; atMs: number } | null;
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
  /**
   * Photos uploaded first (POST DEVICE_PHOTOS_API_PATH), at most 4: the report step carries them,
   * so the wall's drawer shows them like a feedback's.
   */
  photoIds?: string[];
}

/** A worker moves an assigned incident on (handle, feedback), with a note. */
export interface DeviceTaskCommand {
  incidentId: string;
  /** `decline` gives the task back to the dispatcher, with the reason as the note. */
  action: 'handle' | 'decline' | 'feedback';
  note: string;
  atMs: number;
  /** Feedback only: photos uploaded first (POST DEVICE_PHOTOS_API_PATH), at most 4. */
  photoIds?: string[];
}

/** GET `${PHOTOS_API_PATH}/:photoId`: a photo of an incident step, for users who see the incident. */
export const PHOTOS_API_PATH = '/api/photos';
/**
 * POST: a phone uploads one JPEG (body `image/jpeg`, header `Authorization: Device <token>`);
 * answers `{ photoId }`. Metadata (EXIF, GPS) is stripped before it is stored.
 */
export const DEVICE_PHOTOS_API_PATH = '/api/device/photos';
/**
 * GET ?categoryCode&lon&lat (device token): before a phone's report is sent, the grid under the
 * point and open incidents of the category near it, inside the worker's own grids only (the
 * hotline desk's and the map form's intake check). Answers IncidentIntakeCheck.
 */
export const DEVICE_INTAKE_CHECK_API_PATH = '/api/device/intake-check';
/** GET (device token): the district base map for the phone's route map. */
export const DEVICE_BASEMAP_API_PATH = '/api/device/basemap';
/** GET ?incidentId&lon&lat (device token): the walking route to one of the worker's tasks. */
export const DEVICE_ROUTE_API_PATH = '/api/device/route';

/** The walking route the phone draws: along the roads when `alongRoads`, else a straight line. */
export interface DeviceWalk {
  distanceM: number;
  durationS: number;
  line: Array<[number, number]>;
  alongRoads: boolean;
}

export type DeviceIncidentResult =
  { ok: true; incidentId: string } | { ok: false; error: string; message: string };

// ---- REST: the dispatcher's map, list, detail and dispatch flow ----

/**
 * Grid workers act in incidents as `worker:<workers.id>` (role grid_worker); the Open311 intake
 * as `citizen:open311`; server jobs as `system:<job>`. Users of the app act under their username.
 */
export const WORKER_ASSIGNEE_PREFIX = 'worker:';

/** Sources a user of the app may set on a report from the map form (the rest come from elsewhere). */
export type DispatcherReportSource = 'dispatcher' | 'hotline';

/** Body of POST /api/incidents: the form on the map (a click gives lon/lat, the server finds the grid). */
export interface CreateIncidentRequest {
  categoryCode: string;
  lon: number;
  lat: number;
  description: string;
  /** Defaults to the category's priority. */
  priority?: IncidentPriority;
  /** Defaults to `dispatcher`. */
  source?: DispatcherReportSource;
  note?: string;
  attachments?: Attachment[];
}

/** An open incident of the same category close by and recent: perhaps the same event. */
export interface PossibleDuplicate {
  incident: IncidentSnapshot;
  distanceM: number;
}

/** GET /api/incidents/intake-check?categoryCode&lon&lat: what the form shows before sending. */
export interface IncidentIntakeCheck {
  /** The base grid under the point (point-in-polygon), null outside the district. */
  gridCode: string | null;
  /** True when the grid is inside the caller's scopes (a report elsewhere is refused). */
  inScope: boolean;
  possibleDuplicates: PossibleDuplicate[];
}

/** Answer to POST /api/incidents (201). */
export interface CreateIncidentResponse {
  incident: IncidentDetail;
  possibleDuplicates: PossibleDuplicate[];
}

export type RunningDeadlinePhase = Extract<DeadlinePhase, 'on_track' | 'near_deadline' | 'overdue'>;

/** Filters of GET /api/incidents (query string); all optional, combined with AND. */
export interface IncidentListQuery {
  /** Grid-code prefix (any level); intersected with the caller's scopes. */
  gridCode?: string;
  /** Comma-separated states, e.g. `reported,registered`. */
  state?: string;
  /** `open`: states that still need work; `closed`: the rest. */
  openness?: 'open' | 'closed';
  categoryCode?: string;
  priority?: IncidentPriority;
  source?: IncidentSource;
  assigneeUsername?: string;
  /** Reported at or after (epoch ms). */
  reportedFromMs?: number;
  /** Reported before (epoch ms). */
  reportedToMs?: number;
  /** Running clocks only, at the server's now (what pulses on the wall). */
  deadlinePhase?: RunningDeadlinePhase;
  page?: number;
  pageSize?: number;
}

/** A list row: the snapshot plus what the wall derives from the server clock. */
export interface IncidentListItem extends IncidentSnapshot {
  deadline: DeadlineState;
  /** The grid level now answerable (its own grid until it escalates). */
  responsibleGridCode: string;
}

export interface IncidentListResponse {
  items: IncidentListItem[];
  page: number;
  pageSize: number;
  total: number;
  /**
   * The newest feed sequence when the list was read: a screen that loads the list and then
   * resyncs from this number on `/live` misses nothing and applies nothing twice.
   */
  feedSequence: number;
}

/** Contact a citizen left through Open311; masked unless the caller may reveal (DESIGN.md §6). */
export interface ReporterContactView {
  nameMasked: string;
  phoneMasked: string;
  emailMasked: string;
}

/** GET /api/incidents/:id: everything the detail drawer shows. */
export interface IncidentDetail extends Incident {
  /**
   * True when phones, ID numbers or e-mails in the description or notes were masked (they
   * always are on the way out); the original comes from POST /api/incidents/:id/reveal.
   */
  textMasked: boolean;
  deadline: DeadlineState;
  responsibleGridCode: string;
  /** Actions the caller may take now (state machine and role), for the drawer's buttons. */
  permittedActions: IncidentAction[];
  /** Arrivals on site recorded for this incident, oldest first. */
  arrivals: IncidentArrival[];
  /** Null unless a citizen left contact details. */
  reporterContact: ReporterContactView | null;
  /** The reporter's satisfaction once answered and asked (decision 0026); null until then. */
  reporterRating: ReporterRating | null;
}

/** One worker the dispatcher may send, ranked by time along the street network. */
export interface DispatchSuggestion {
  workerId: number;
  /** What to put in the dispatch command (`worker:<id>`). */
  assigneeUsername: string;
  /** Masked for callers without the reveal permission. */
  displayName: string;
  gridCodes: string[];
  status: WorkerStatus;
  lon: number;
  lat: number;
  lastFixAtMs: number;
  distanceM: number;
  durationS: number;
  /** `straight_line`: no route on the network; the figures are an estimate. */
  routeKind: 'network' | 'straight_line';
  inIncidentGrid: boolean;
}

/** GET /api/incidents/:id/dispatch-suggestions?limit= */
export interface DispatchSuggestionsResponse {
  incidentId: string;
  suggestions: DispatchSuggestion[];
}

/** Body of POST /api/incidents/:id/dispatch: the dispatcher confirms one suggestion. */
export interface ConfirmDispatchRequest {
  workerId: number;
  /** Defaults to the department the incident was transferred to, else the worker's grid office. */
  department?: string;
  note?: string;
  attachments?: Attachment[];
}

export interface ConfirmDispatchResponse {
  incident: IncidentDetail;
  /** Connected devices of the worker that were sent the task now (0: it goes out on reconnect). */
  devicesNotified: number;
}

/**
 * Error body of the incident write routes. When the state machine refused the step (400
 * invalid_command, 403 forbidden_role / not_assignee /
 * assignee_out_of_scope, 409 illegal_transition) `code` and
 * `messages` carry its typed refusal in both languages; other errors (403 scope or read-only
 * role, 404, 400 from request validation) have only the common three fields.
 */
export interface IncidentCommandErrorResponse {
  statusCode: number;
  error: string;
  /** English message (same as `messages.en` when present). */
  message: string;
  code?: IncidentError['code'];
  /** For invalid_command: the field at fault. */
  field?: string;
  messages?: LocalizedText;
}

/** Body of POST /api/incidents/:id/reveal (the same as a person's reveal). */
export interface IncidentTextRevealRequest {
  purpose: string;
  reason: string;
}

/** The incident's free text as typed: description and every note of the timeline, in order. */
export interface IncidentTextRevealResponse {
  incidentId: string;
  description: string;
  /** One per history entry, in the history's order. */
  notes: string[];
  auditId: number;
}
