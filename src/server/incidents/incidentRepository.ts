/**
 * What the incident use cases need from storage (DESIGN.md §2: repositories by interface). The
 * SQLite adapter is src/server/store/sqliteIncidentStore.ts. Every write of a change goes through
 * `commitChange`, one transaction: the incident's new state, its new history and escalations, and
 * the feed events with their sequence — a screen never sees an event for a change that was lost.
 */
import type { Incident, IncidentState } from '../../domain/incidents/incident';
import type { ReporterChannel, ReporterRating } from '../../domain/incidents/reporterAnswer';
import type {
  IncidentArrival,
  IncidentFeedEvent,
  RunningDeadlinePhase,
} from '../../shared/incidents';
import type { PageRequest, PageResult } from '../registry/registryRecords';

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

export interface IncidentRepository {
  /** The id the next new incident gets (tests and tools that are the only writer). */
  nextIncidentId(): string;
  /**
   * Runs `create` with the next id inside one write transaction, so that no other writer of the
   * database (another server process) takes the same id before `create` has committed it.
   */
  withNextIncidentId<T>(create: (id: string) => T): T;
  /**
   * Runs `work` in one write transaction: what it reads is the newest commit of every writer,
   * and nobody else writes until it has committed (a read-then-write across server processes).
   */
  inWriteTransaction<T>(work: () => T): T;
  /** Stores the change and returns its events with their sequence, in order. */
  commitChange(change: IncidentChange): IncidentFeedEvent[];
  findIncident(id: string): Incident | null;
  /** Newest report first. */
  listIncidents(filter: IncidentFilter, page: PageRequest): PageResult<Incident>;
  /** Open incidents of a category reported in [fromMs, toMs] inside a lon/lat box (duplicates). */
  listOpenNear(
    categoryCode: string,
    box: { west: number; south: number; east: number; north: number },
    fromMs: number,
    toMs: number,
  ): Incident[];
  /**
   * Incidents whose handling clock runs (dispatched, handling); with `dueByMs`, only those due by
   * then (the escalation job's input: nothing escalates before its due time).
   */
  listClockRunning(dueByMs?: number): Incident[];
  /** Dispatched or handling incidents assigned to this assignee (device tasks, arrival). */
  listAssignedOpen(assigneeUsername: string): Incident[];
  /** Feed events after `afterSequence` in the scopes, oldest first, at most `limit`. */
  eventsAfter(afterSequence: number, scopes: readonly string[], limit: number): IncidentFeedEvent[];
  latestSequence(): number;
  /** Every scope's events after `afterSequence`, in order (the feed following the database). */
  allEventsAfter(afterSequence: number, limit: number): IncidentFeedEvent[];
  incidentIdOfDeviceReport(workerId: number, clientRef: string): string | null;
  arrivalsOf(incidentId: string): IncidentArrival[];
  hasArrival(incidentId: string, dispatchedAtMs: number): boolean;
  reporterOf(incidentId: string): ReporterContact | null;
  /** The reporter's satisfaction rating, once given (decision 0026). */
  ratingOf(incidentId: string): ReporterRating | null;
  open311IntakeOf(incidentId: string): Open311Intake | null;
  incidentIdOfOpen311Token(token: string): string | null;
}
