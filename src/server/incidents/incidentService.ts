/**
 * The incident use cases: report (map form, device, Open311), move along the loop, list, detail.
 * The rules are the domain's (reportIncident, applyTransition, suggestDuplicates); this layer
 * adds the clock, the grid under the point, scope checks, storage and the feed. Every change is
 * committed with its feed events in one transaction and then published.
 */
import { isInScope } from '../../domain/gridCode';
import {
  suggestDuplicates,
  DUPLICATE_RADIUS_M,
  DUPLICATE_WINDOW_MS,
} from '../../domain/incidents/duplicateSuggestions';
import {
  OPEN_INCIDENT_STATES,
  INCIDENT_STATES,
  type Attachment,
  type Incident,
  type IncidentActor,
  type IncidentCommand,
  type IncidentSource,
} from '../../domain/incidents/incident';
import type { IncidentPriority } from '../../domain/incidents/incidentCategories';
import type { IncidentResult } from '../../domain/incidents/incidentErrors';
import { applyTransition, reportIncident } from '../../domain/incidents/incidentStateMachine';
import { metresPerDegree } from '../../domain/geo/localFrame';
import type { LonLat } from '../../domain/registry';
import type { Role } from '../../shared/api';
import type {
  CreateIncidentRequest,
  IncidentDetail,
  IncidentFeedEvent,
  IncidentIntakeCheck,
  IncidentListQuery,
  IncidentListResponse,
  PossibleDuplicate,
} from '../../shared/incidents';
import { ForbiddenError, requireVisible, type Caller } from '../registry/accessErrors';
import { closesForReporter } from '../../domain/incidents/reporterAnswer';
import { reporterChannelOf, userActor } from './incidentActors';
import type { IncidentFeed } from './incidentFeed';
import type {
  IncidentChange,
  IncidentRepository,
  ReporterAnswer,
  ReporterContact,
} from './incidentRepository';
import { toIncidentDetail, toIncidentListItem, toIncidentSnapshot } from './incidentViews';
import type { GridLocator } from './gridLocator';
import { maskDescription } from './incidentTextMasking';
import { checkAssignment, type AssigneeDirectory } from './assignmentRule';

/** A 400 the HTTP error handler passes through with its message. */
export class BadRequestError extends Error {
  readonly statusCode = 400;
}

export const OUTSIDE_DISTRICT_MESSAGE = 'the point lies outside every base grid of the district';

export interface IncidentServiceDeps {
  repository: IncidentRepository;
  feed: IncidentFeed;
  grids: GridLocator;
  nowMs: () => number;
  /** Who may be given work: the assignment rule looks every assignee up here. */
  assignees: AssigneeDirectory;
}

/** A user of the app: username, role and scope. */
export type IncidentCaller = Caller;

/**
 * A department handler is another office's staff: of the incidents in their scope they see only
 * those assigned to them (roles.ts). Null: the caller sees every incident in scope.
 */
function assignedOnlyTo(caller: IncidentCaller): string | null {
  return caller.role === 'department_handler' ? caller.username : null;
}

export interface NewReport {
  categoryCode: string;
  location: LonLat;
  description: string;
  source: IncidentSource;
  priority?: IncidentPriority;
  note?: string;
  attachments?: Attachment[];
  /**
   * Attachments that can only be claimed once the new incident's id is known (a phone's uploaded
   * photos); called once, before the report step is made, when `attachments` is not given.
   */
  claimAttachments?: (incidentId: string) => Attachment[];
}

export type ReportOutcome =
  | { ok: true; incident: Incident; possibleDuplicates: PossibleDuplicate[] }
  | Extract<IncidentResult, { ok: false }>
  | { ok: false; outsideDistrict: true };

export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  nowMs(): number {
    return this.deps.nowMs();
  }

  /** What the map form shows before sending: the grid under the point and possible duplicates. */
  intakeCheck(caller: IncidentCaller, categoryCode: string, location: LonLat): IncidentIntakeCheck {
    const gridCode = this.deps.grids.locate(location);
    return {
      gridCode,
      inScope: gridCode !== null && isInScope(gridCode, caller.scopes),
      possibleDuplicates: this.duplicatesOf(categoryCode, location, caller.scopes),
    };
  }

  /** A report from the map form. Viewers may not report; the grid must be in the caller's scope. */
  reportFromUser(
    caller: IncidentCaller,
    request: CreateIncidentRequest,
    extras: Pick<IncidentChange, 'reporter'> = {},
  ): ReportOutcome {
    const actor = userActor(caller, 'report');
    if (actor === null) throw new ForbiddenError('your role may not report incidents');
    const location = { lon: request.lon, lat: request.lat };
    const gridCode = this.deps.grids.locate(location);
    if (gridCode === null) throw new BadRequestError(OUTSIDE_DISTRICT_MESSAGE);
    if (!isInScope(gridCode, caller.scopes)) throw new ForbiddenError();
    const report: NewReport = {
      categoryCode: request.categoryCode,
      location,
      description: request.description,
      source: request.source ?? 'dispatcher',
      ...(request.priority === undefined ? {} : { priority: request.priority }),
      ...(request.note === undefined ? {} : { note: request.note }),
      ...(request.attachments === undefined ? {} : { attachments: request.attachments }),
    };
    const possibleDuplicates = this.duplicatesOf(report.categoryCode, location, caller.scopes);
    const result = this.report(report, gridCode, actor, extras);
    return result.ok ? { ...result, possibleDuplicates } : result;
  }

  /** A report of an actor outside the app (device, citizen): the grid is wherever the point is. */
  reportFrom(
    actor: IncidentActor,
    report: NewReport,
    extras: Pick<IncidentChange, 'reporter' | 'deviceReport' | 'open311'> = {},
  ): ReportOutcome {
    const gridCode = this.deps.grids.locate(report.location);
    if (gridCode === null) return { ok: false, outsideDistrict: true };
    const result = this.report(report, gridCode, actor, extras);
    return result.ok ? { ...result, possibleDuplicates: [] } : result;
  }

  /**
   * One step of the loop by an actor. `scopes` is the app user's (null for a worker's device,
   * whom the domain already restricts to their own assignments). Unknown id → 404.
   */
  transition(
    actor: IncidentActor,
    incidentId: string,
    command: IncidentCommand,
    scopes: readonly string[] | null,
  ): IncidentResult {
    // Read, checked and committed in one write transaction: another server process's step in
    // between would otherwise be overwritten. Published after it ends.
    let committed: IncidentFeedEvent[] = [];
    const result = this.deps.repository.inWriteTransaction(() => {
      const step = this.step(actor, incidentId, command, scopes);
      if (step.ok) {
        const answer = reporterAnswerOf(step.incident);
        committed = this.deps.repository.commitChange(
          stepChange(step.incident, false, answer === null ? {} : { reporterAnswer: answer }),
        );
      }
      return step;
    });
    this.deps.feed.publish(committed);
    return result;
  }

  /**
   * Re-reads the incident inside one write transaction and commits what `changeOf` makes of it
   * (null: nothing), so that a change worked out from an earlier copy (the escalation job's)
   * cannot overwrite a step another server process committed in between.
   */
  commitLatest(
    incidentId: string,
    changeOf: (current: Incident) => IncidentChange | null,
  ): IncidentChange | null {
    let committed: IncidentFeedEvent[] = [];
    const change = this.deps.repository.inWriteTransaction(() => {
      const current = this.deps.repository.findIncident(incidentId);
      const made = current === null ? null : changeOf(current);
      if (made !== null) committed = this.deps.repository.commitChange(made);
      return made;
    });
    this.deps.feed.publish(committed);
    return change;
  }

  private step(
    actor: IncidentActor,
    incidentId: string,
    command: IncidentCommand,
    scopes: readonly string[] | null,
  ): IncidentResult {
    const incident = requireVisible(
      this.deps.repository.findIncident(incidentId),
      (found) =>
        (scopes === null || isInScope(found.gridCode, scopes)) &&
        // A department handler's own work only, as findInScope: no 403 that tells others exist.
        (actor.role !== 'department_handler' || found.assigneeUsername === actor.username),
      'incident',
    );
    if (command.action === 'dispatch') {
      // Every assignment, whatever route it came through, passes the one assignment rule.
      const refusal = checkAssignment(
        this.deps.assignees,
        incident,
        command.assigneeUsername,
        scopes,
      );
      if (refusal !== null) return { ok: false, error: refusal };
    }
    return applyTransition(incident, command, actor, this.deps.nowMs());
  }

  /** Commits a change and publishes its events (the escalation job and arrivals use it too). */
  commit(change: IncidentChange): void {
    this.deps.feed.publish(this.deps.repository.commitChange(change));
  }

  list(caller: IncidentCaller, query: IncidentListQuery): IncidentListResponse {
    const page = { page: query.page ?? 1, pageSize: query.pageSize ?? 20 };
    const nowMs = this.deps.nowMs();
    const feedSequence = this.deps.feed.latestSequence();
    const states = statesOf(query);
    const assignee = assignedOnlyTo(caller) ?? query.assigneeUsername;
    const found = this.deps.repository.listIncidents(
      {
        scopes: caller.scopes,
        ...(query.gridCode === undefined ? {} : { gridCode: query.gridCode }),
        ...(states === undefined ? {} : { states }),
        ...(query.categoryCode === undefined ? {} : { categoryCode: query.categoryCode }),
        ...(query.priority === undefined ? {} : { priority: query.priority }),
        ...(query.source === undefined ? {} : { source: query.source }),
        ...(assignee === undefined ? {} : { assigneeUsername: assignee }),
        ...(query.reportedFromMs === undefined ? {} : { reportedFromMs: query.reportedFromMs }),
        ...(query.reportedToMs === undefined ? {} : { reportedToMs: query.reportedToMs }),
        ...(query.deadlinePhase === undefined ? {} : { deadlinePhase: query.deadlinePhase, nowMs }),
      },
      page,
    );
    return {
      items: found.items.map((incident) => toIncidentListItem(incident, nowMs)),
      ...page,
      total: found.total,
      feedSequence,
    };
  }

  /**
   * The incident inside the caller's scope (for a department handler: assigned to them); 404 when
   * missing or not visible (one answer).
   */
  findInScope(caller: IncidentCaller, incidentId: string): Incident {
    const onlyTo = assignedOnlyTo(caller);
    return requireVisible(
      this.deps.repository.findIncident(incidentId),
      (found) =>
        isInScope(found.gridCode, caller.scopes) &&
        (onlyTo === null || found.assigneeUsername === onlyTo),
      'incident',
    );
  }

  detail(caller: IncidentCaller & { role: Role }, incidentId: string): IncidentDetail {
    return this.toDetail(caller, this.findInScope(caller, incidentId));
  }

  toDetail(caller: { role: Role; username?: string }, incident: Incident): IncidentDetail {
    const { repository } = this.deps;
    return toIncidentDetail(
      incident,
      this.deps.nowMs(),
      caller,
      repository.arrivalsOf(incident.id),
      repository.reporterOf(incident.id),
      repository.ratingOf(incident.id),
    );
  }

  findIncident(incidentId: string): Incident | null {
    return this.deps.repository.findIncident(incidentId);
  }

  /** The reporter's contact in clear: for the audited call-back only, never for a view. */
  reporterOf(incidentId: string): ReporterContact | null {
    return this.deps.repository.reporterOf(incidentId);
  }

  private report(
    report: NewReport,
    gridCode: string,
    actor: IncidentActor,
    extras: Pick<IncidentChange, 'reporter' | 'deviceReport' | 'open311'>,
  ): IncidentResult {
    // The id, the claimed photos and the commit in one write transaction: another server
    // process on the same database cannot take the same id in between. Published after it ends.
    let committed: IncidentFeedEvent[] = [];
    const result = this.deps.repository.withNextIncidentId((id) => {
      const attachments = report.attachments ?? report.claimAttachments?.(id);
      const reported = reportIncident(
        {
          id,
          categoryCode: report.categoryCode,
          ...(report.priority === undefined ? {} : { priority: report.priority }),
          source: report.source,
          location: report.location,
          gridCode,
          description: report.description,
          ...(report.note === undefined ? {} : { note: report.note }),
          ...(attachments === undefined ? {} : { attachments }),
        },
        actor,
        this.deps.nowMs(),
      );
      if (reported.ok) {
        committed = this.deps.repository.commitChange(stepChange(reported.incident, true, extras));
      }
      return reported;
    });
    this.deps.feed.publish(committed);
    return result;
  }

  /** Open incidents of the category near the point, recent, and inside the scopes. */
  private duplicatesOf(
    categoryCode: string,
    location: LonLat,
    scopes: readonly string[],
  ): PossibleDuplicate[] {
    const nowMs = this.deps.nowMs();
    const scale = metresPerDegree(location.lat);
    const lonSpan = DUPLICATE_RADIUS_M / scale.eastM;
    const latSpan = DUPLICATE_RADIUS_M / scale.northM;
    const nearby = this.deps.repository
      .listOpenNear(
        categoryCode,
        {
          west: location.lon - lonSpan,
          east: location.lon + lonSpan,
          south: location.lat - latSpan,
          north: location.lat + latSpan,
        },
        nowMs - DUPLICATE_WINDOW_MS,
        nowMs + DUPLICATE_WINDOW_MS,
      )
      .filter((incident) => isInScope(incident.gridCode, scopes));
    return suggestDuplicates({ categoryCode, location, reportedAtMs: nowMs }, nearby).map(
      (candidate) => ({
        incident: maskDescription(toIncidentSnapshot(candidate.incident)),
        distanceM: candidate.distanceM,
      }),
    );
  }
}

/** The answer a closing step owes the incident's reporter; null when nobody waits for one. */
function reporterAnswerOf(incident: Incident): ReporterAnswer | null {
  const step = incident.history.at(-1);
  if (step === undefined || !closesForReporter(step)) return null;
  const reporter = reporterChannelOf(incident);
  if (reporter === null) return null;
  return {
    incidentId: incident.id,
    ...reporter,
    closedState: step.toState,
    closingNote: step.note,
    closedAtMs: step.atMs,
    gridCode: incident.gridCode,
    doneAtMs: null,
  };
}

/** The states a list query asks for: explicit states, or open/closed, or all. */
function statesOf(query: IncidentListQuery): string[] | undefined {
  if (query.state !== undefined) {
    return query.state
      .split(',')
      .map((state) => state.trim())
      .filter((state) => state !== '');
  }
  if (query.openness === 'open') return [...OPEN_INCIDENT_STATES];
  if (query.openness === 'closed') {
    return INCIDENT_STATES.filter((state) => !OPEN_INCIDENT_STATES.includes(state));
  }
  return undefined;
}

export type { ReporterContact };

/** A change of one step: the incident and its one feed event, with the step's extras. */
function stepChange(
  incident: Incident,
  isNew: boolean,
  extras: Pick<IncidentChange, 'reporter' | 'deviceReport' | 'open311' | 'reporterAnswer'>,
): IncidentChange {
  return {
    incident,
    isNew,
    events: [
      {
        incident: toIncidentSnapshot(incident),
        transition: incident.history.at(-1) ?? null,
        escalation: null,
      },
    ],
    ...extras,
  };
}
