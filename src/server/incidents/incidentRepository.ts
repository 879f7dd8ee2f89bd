/**
 * What the incident use cases need from storage (DESIGN.md §2: repositories by interface). The
 * adapters are store/sqliteIncidentStore.ts and store/pg/postgresIncidentRepository.ts, checked
 * by one contract suite (incidentRepository.contract.test.ts). Every write is one transaction:
 * the incident's new state, its new history and escalations, and the feed events with their
 * sequence — a screen never sees an event for a change that was lost. A change of a stored
 * incident names the version it was worked out from and is refused when another writer (another
 * server node) committed a step since: the caller reads again and works the change out anew.
 */
import type { Incident, IncidentState } from '../../domain/incidents/incident';
import type { ReporterChannel, ReporterRating } from '../../domain/incidents/reporterAnswer';
import type {
  IncidentArrival,
  IncidentFeedEvent,
  RunningDeadlinePhase,
} from '../../shared/incidents';
import type { PageRequest, PageResult } from '../registry/registryRecords';

export const INCIDENT_ID_PREFIX = 'INC';
const INCIDENT_ID_DIGITS = 8;

/** The id of the incident numbered `seq` (ids follow the incidents' own numbering). */
export function incidentIdOf(seq: number): string {
  return INCIDENT_ID_PREFIX + String(seq).padStart(INCIDENT_ID_DIGITS, '0');
}

/** A feed event before the store gives it its sequence. */
export type UnsequencedFeedEvent = Omit<IncidentFeedEvent, 'sequence'>;

export interface ReporterContact {
  name: string;
  phone: string;
  email: string;
}

export interface Open311Intake {
  token: string;
  address: string;
}

/** The answer owed to a reporter once their incident closes (reporterAnswers.ts). */
export interface ReporterAnswer {
  incidentId: string;
  channel: ReporterChannel;
  /** The partner platform's name for channel 'partner'. */
  partner: string | null;
  closedState: IncidentState;
  /** The verifier's note as written; it leaves masked. */
  closingNote: string;
  closedAtMs: number;
  gridCode: string;
  /** When the call-back was made or the callback delivered; null while it waits. */
  doneAtMs: number | null;
}

/**
 * How far an incident had grown when a change was worked out from it: its history and
 * escalations only grow, so any change committed since shows in these counts.
 */
export interface IncidentVersion {
  steps: number;
  escalations: number;
}

export function versionOf(incident: Pick<Incident, 'history' | 'escalations'>): IncidentVersion {
  return { steps: incident.history.length, escalations: incident.escalations.length };
}

export interface IncidentChange {
  /** The incident after the change (the domain's result). */
  incident: Incident;
  /** True for a new incident (insert), false for a change of a stored one. */
  isNew: boolean;
  events: UnsequencedFeedEvent[];
  reporter?: ReporterContact;
  /** A device report: (worker, client ref) then maps to this incident for resends. */
  deviceReport?: { workerId: number; clientRef: string };
  /** An Open311 create: the token it answered with, the address the reporter typed ('' none). */
  open311?: Open311Intake;
  /** The reporter's answer, written with the closing step (never lost between the two). */
  reporterAnswer?: ReporterAnswer;
  /** An arrival on site, stored once per dispatch. */
  arrival?: IncidentArrival & { dispatchedAtMs: number };
}

export interface IncidentFilter {
  /** Grid-code prefixes the caller may see; an empty list matches nothing. */
  scopes: readonly string[];
  gridCode?: string;
  states?: readonly string[];
  categoryCode?: string;
  priority?: string;
  source?: string;
  assigneeUsername?: string;
  reportedFromMs?: number;
  reportedToMs?: number;
  /** With `nowMs`: running clocks in this phase. */
  deadlinePhase?: RunningDeadlinePhase;
  nowMs?: number;
}

/** What a new incident brings that must be settled in its own transaction. */
export interface NewIncidentIntake {
  /** A device report: when (worker, client ref) made an incident already, that one answers. */
  deviceReport?: { workerId: number; clientRef: string };
  /** The worker's own photos, not attached yet, to claim for the new incident. */
  workerPhotos?: { workerId: number; photoIds: readonly string[] };
}

export type IncidentCreation =
  /** Committed: the events with their sequence. */
  | { outcome: 'created'; events: IncidentFeedEvent[] }
  /** `make` answered null: nothing was written, no photo claimed. */
  | { outcome: 'refused' }
  /** The device report made this incident before (a resend); nothing was written. */
  | { outcome: 'known'; incidentId: string };

/**
 * Works a new incident out of the id it gets and the photos claimed for it (the ids of
 * `workerPhotos` that were the worker's and unattached). Runs inside the write, so it must not
 * wait on anything; null: nothing is stored.
 */
export type NewIncidentMaker = (
  id: string,
  claimedPhotoIds: readonly string[],
) => IncidentChange | null;

export interface IncidentRepository {
  /**
   * One transaction: the next id (the database's, so two nodes never take the same one), the
   * device report's earlier incident if any, the photo claims, `make`'s change and its events.
   */
  createIncident(intake: NewIncidentIntake, make: NewIncidentMaker): Promise<IncidentCreation>;
  /**
   * Stores the change of a stored incident and returns its events with their sequence, in order;
   * null when the incident is no longer at `basedOn` (another writer committed a change since, or
   * the arrival is recorded already) — nothing was written then.
   */
  commitChange(
    change: IncidentChange,
    basedOn: IncidentVersion,
  ): Promise<IncidentFeedEvent[] | null>;
  findIncident(id: string): Promise<Incident | null>;
  /** Newest report first. */
  listIncidents(filter: IncidentFilter, page: PageRequest): Promise<PageResult<Incident>>;
  /** Open incidents of a category reported in [fromMs, toMs] inside a lon/lat box (duplicates). */
  listOpenNear(
    categoryCode: string,
    box: { west: number; south: number; east: number; north: number },
    fromMs: number,
    toMs: number,
  ): Promise<Incident[]>;
  /**
   * Incidents whose handling clock runs (dispatched, handling); with `dueByMs`, only those due by
   * then (the escalation job's input: nothing escalates before its due time).
   */
  listClockRunning(dueByMs?: number): Promise<Incident[]>;
  /** Dispatched or handling incidents assigned to this assignee (device tasks, arrival). */
  listAssignedOpen(assigneeUsername: string): Promise<Incident[]>;
  /** Feed events after `afterSequence` in the scopes, oldest first, at most `limit`. */
  eventsAfter(
    afterSequence: number,
    scopes: readonly string[],
    limit: number,
  ): Promise<IncidentFeedEvent[]>;
  latestSequence(): Promise<number>;
  /** Every scope's events after `afterSequence`, in order (the feed following the database). */
  allEventsAfter(afterSequence: number, limit: number): Promise<IncidentFeedEvent[]>;
  incidentIdOfDeviceReport(workerId: number, clientRef: string): Promise<string | null>;
  arrivalsOf(incidentId: string): Promise<IncidentArrival[]>;
  hasArrival(incidentId: string, dispatchedAtMs: number): Promise<boolean>;
  reporterOf(incidentId: string): Promise<ReporterContact | null>;
  /** The reporter's satisfaction rating, once given (decision 0026). */
  ratingOf(incidentId: string): Promise<ReporterRating | null>;
  open311IntakeOf(incidentId: string): Promise<Open311Intake | null>;
  incidentIdOfOpen311Token(token: string): Promise<string | null>;
}
