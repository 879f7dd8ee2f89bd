/**
 * The incident use cases: report (map form, device, Open311), move along the loop, list, detail.
 * The rules are the domain's (reportIncident, applyTransition, suggestDuplicates); this layer
 * adds the clock, the grid under the point, scope checks, storage and the feed. Every change is
 * committed with its feed events in one transaction and then published. A change of a stored
 * incident is worked out from the copy read and committed only if nobody committed a step
 * since (another request, another server node); otherwise it is worked out again on the newest
 * copy, as if the two had run one after the other. A new incident's commit and its possible
 * duplicates are incidentReports.ts's; what a step commits is incidentStepChange.ts's.
 */
import { isInScope } from '../../domain/gridCode';
import {
  OPEN_INCIDENT_STATES,
  INCIDENT_STATES,
  type Incident,
  type IncidentActor,
  type IncidentCommand,
} from '../../domain/incidents/incident';
import type { IncidentResult } from '../../domain/incidents/incidentErrors';
import { applyTransition } from '../../domain/incidents/incidentStateMachine';
import type { LonLat } from '../../domain/registry';
import type { Role } from '../../shared/api';
import type {
  CreateIncidentRequest,
  IncidentDetail,
  IncidentIntakeCheck,
  IncidentListQuery,
  IncidentListResponse,
  PossibleDuplicate,
} from '../../shared/incidents';
import {
  ForbiddenError,
  NotFoundError,
  requireVisible,
  type Caller,
} from '../registry/accessErrors';
import { userActor } from './incidentActors';
import type { IncidentFeed } from './incidentFeed';
import {
  versionOf,
  type IncidentChange,
  type IncidentRepository,
  type ReporterContact,
} from './incidentRepository';
import { commitReport, possibleDuplicatesOf, type NewReport } from './incidentReports';
import { reporterAnswerOf, stepChange } from './incidentStepChange';
import { toIncidentDetail, toIncidentListItem } from './incidentViews';
import type { PointInGrid } from './gridLocator';
import { checkAssignment, type AssigneeDirectory } from './assignmentRule';

/** A 400 the HTTP error handler passes through with its message. */
export class BadRequestError extends Error {
  readonly statusCode = 400;
}

export const OUTSIDE_DISTRICT_MESSAGE = 'the point lies outside every base grid of the district';

/**
 * Tries of a change refused because the incident moved on meanwhile: each retry works on a newer
 * copy, so only a storm of steps on one incident runs out of them.
 */
export const MAX_COMMIT_ATTEMPTS = 8;

/** A 409: the incident kept changing under the change (MAX_COMMIT_ATTEMPTS refused). */
export class IncidentBusyError extends Error {
  readonly statusCode = 409;
}

export interface IncidentServiceDeps {
  repository: IncidentRepository;
  feed: IncidentFeed;
  grids: PointInGrid;
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

/** Whether the caller sees the incident (findInScope's rule). */
function isVisibleTo(caller: IncidentCaller, incident: Incident): boolean {
  const onlyTo = assignedOnlyTo(caller);
  return (
    isInScope(incident.gridCode, caller.scopes) &&
    (onlyTo === null || incident.assigneeUsername === onlyTo)
  );
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
  async intakeCheck(
    caller: IncidentCaller,
    categoryCode: string,
    location: LonLat,
  ): Promise<IncidentIntakeCheck> {
    const gridCode = await this.deps.grids.locate(location);
    return {
      gridCode,
      inScope: gridCode !== null && isInScope(gridCode, caller.scopes),
      possibleDuplicates: await possibleDuplicatesOf(
        this.deps,
        categoryCode,
        location,
        caller.scopes,
      ),
    };
  }

  /** A report from the map form. Viewers may not report; the grid must be in the caller's scope. */
  async reportFromUser(
    caller: IncidentCaller,
    request: CreateIncidentRequest,
    extras: Pick<IncidentChange, 'reporter'> = {},
  ): Promise<ReportOutcome> {
    const actor = userActor(caller, 'report');
    if (actor === null) throw new ForbiddenError('your role may not report incidents');
    const location = { lon: request.lon, lat: request.lat };
    const gridCode = await this.deps.grids.locate(location);
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
    const possibleDuplicates = await possibleDuplicatesOf(
      this.deps,
      report.categoryCode,
      location,
      caller.scopes,
    );
    const result = await commitReport(this.deps, report, gridCode, actor, extras);
    return result.ok ? { ...result, possibleDuplicates } : result;
  }

  /** A report of an actor outside the app (device, citizen): the grid is wherever the point is. */
  async reportFrom(
    actor: IncidentActor,
    report: NewReport,
    extras: Pick<IncidentChange, 'reporter' | 'deviceReport' | 'open311'> = {},
  ): Promise<ReportOutcome> {
    const gridCode = await this.deps.grids.locate(report.location);
    if (gridCode === null) return { ok: false, outsideDistrict: true };
    const result = await commitReport(this.deps, report, gridCode, actor, extras);
    return result.ok ? { ...result, possibleDuplicates: [] } : result;
  }

  /**
   * One step of the loop by an actor. `scopes` is the app user's (null for a worker's device,
   * whom the domain already restricts to their own assignments). Unknown id → 404.
   */
  async transition(
    actor: IncidentActor,
    incidentId: string,
    command: IncidentCommand,
    scopes: readonly string[] | null,
  ): Promise<IncidentResult> {
    // Of two dispatchers acting at once, the one committed second is worked out again on the
    // first one's result: the state machine then answers whether the step still applies.
    let result = null as IncidentResult | null;
    await this.commitLatest(incidentId, async (current) => {
      result = await this.step(actor, current, command, scopes);
      if (!result.ok) return null;
      const answer = reporterAnswerOf(result.incident);
      return stepChange(result.incident, false, answer === null ? {} : { reporterAnswer: answer });
    });
    if (result === null) throw new NotFoundError('incident');
    return result;
  }

  /**
   * Reads the incident and commits what `changeOf` makes of it (null: nothing), unless another
   * step was committed since the read (the escalation job's, another server node's): then it is
   * read and worked out again. Published once committed. Null too when the id is unknown.
   */
  async commitLatest(
    incidentId: string,
    changeOf: (current: Incident) => IncidentChange | null | Promise<IncidentChange | null>,
  ): Promise<IncidentChange | null> {
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const current = await this.deps.repository.findIncident(incidentId);
      const made = current === null ? null : await changeOf(current);
      if (current === null || made === null) return null;
      const committed = await this.deps.repository.commitChange(made, versionOf(current));
      if (committed !== null) {
        await this.deps.feed.publish(committed);
        return made;
      }
    }
    throw new IncidentBusyError(`incident ${incidentId} kept changing; try again`);
  }

  private async step(
    actor: IncidentActor,
    current: Incident,
    command: IncidentCommand,
    scopes: readonly string[] | null,
  ): Promise<IncidentResult> {
    const incident = requireVisible(
      current,
      (found) =>
        (scopes === null || isInScope(found.gridCode, scopes)) &&
        // A department handler's own work only, as findInScope: no 403 that tells others exist.
        (actor.role !== 'department_handler' || found.assigneeUsername === actor.username),
      'incident',
    );
    if (command.action === 'dispatch') {
      // Every assignment, whatever route it came through, passes the one assignment rule.
      const refusal = await checkAssignment(
        this.deps.assignees,
        incident,
        command.assigneeUsername,
        scopes,
      );
      if (refusal !== null) return { ok: false, error: refusal };
    }
    return applyTransition(incident, command, actor, this.deps.nowMs());
  }

  async list(caller: IncidentCaller, query: IncidentListQuery): Promise<IncidentListResponse> {
    const page = { page: query.page ?? 1, pageSize: query.pageSize ?? 20 };
    const nowMs = this.deps.nowMs();
    // Read before the list: a screen resyncing from it gets again what the list may already show,
    // never misses what it does not.
    const feedSequence = await this.deps.feed.latestSequence();
    const states = statesOf(query);
    const assignee = assignedOnlyTo(caller) ?? query.assigneeUsername;
    const found = await this.deps.repository.listIncidents(
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
  async findInScope(caller: IncidentCaller, incidentId: string): Promise<Incident> {
    return requireVisible(
      await this.deps.repository.findIncident(incidentId),
      (found) => isVisibleTo(caller, found),
      'incident',
    );
  }

  async detail(
    caller: IncidentCaller & { role: Role },
    incidentId: string,
  ): Promise<IncidentDetail> {
    return this.toDetail(caller, await this.findInScope(caller, incidentId));
  }

  async toDetail(
    caller: { role: Role; username?: string },
    incident: Incident,
  ): Promise<IncidentDetail> {
    const { repository } = this.deps;
    const [arrivals, reporter, rating] = await Promise.all([
      repository.arrivalsOf(incident.id),
      repository.reporterOf(incident.id),
      repository.ratingOf(incident.id),
    ]);
    return toIncidentDetail(incident, this.deps.nowMs(), caller, arrivals, reporter, rating);
  }

  findIncident(incidentId: string): Promise<Incident | null> {
    return this.deps.repository.findIncident(incidentId);
  }

  /** The reporter's contact in clear: for the audited call-back only, never for a view. */
  reporterOf(incidentId: string): Promise<ReporterContact | null> {
    return this.deps.repository.reporterOf(incidentId);
  }
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

export type { NewReport, ReporterContact };
