/**
 * Dispatch: which workers to suggest (the domain ranks them by time along the street network)
 * and the dispatcher's confirmation, after which the worker's device gets the task. A worker is
 * available when their newest fix is younger than the tracking side's offline threshold and no
 * SOS is active; workers outside the caller's scopes are never listed (their names and
 * whereabouts are personal data).
 */
import { isInScope, isWithinGrid, touchesScope } from '../../domain/gridCode';
import {
  rankWorkersForDispatch,
  type DispatchCandidate,
  type RouteOnNetwork,
} from '../../domain/incidents/dispatchRanking';
import type { Incident, IncidentTransition } from '../../domain/incidents/incident';
import type { IncidentResult } from '../../domain/incidents/incidentErrors';
import type { LonLat } from '../../domain/registry';
import type { Position, WorkerStatus } from '../../domain/tracking/fix';
import { OFFLINE_AFTER_MS } from '../../domain/tracking/workerStatus';
import type {
  ConfirmDispatchRequest,
  DeviceTask,
  DispatchSuggestion,
  IncidentSnapshot,
} from '../../shared/incidents';
import { ForbiddenError, NotFoundError } from '../registry/accessErrors';
import { permissionsOf } from '../auth/roles';
import { maskFreeText } from '../../domain/privacy/maskFreeText';
import type { TrackingRepository } from '../tracking/trackingRepository';
import { maskWorkerName } from '../tracking/workerMapper';
import { streetOf } from './assignmentRule';
import { userActor, workerUsername } from './incidentActors';
import type { IncidentCaller, IncidentService } from './incidentService';

/** How many suggestions the dispatcher sees unless asked for more. */
export const DEFAULT_SUGGESTION_LIMIT = 5;

export type DispatchWorkerSource = Pick<
  TrackingRepository,
  'listWorkers' | 'workerById' | 'newestPositions' | 'activeSos'
>;

/** The worker's devices: tasks go to every connected one (see incidentModule). */
export interface TaskDelivery {
  sendTask(workerId: number, task: DeviceTask): number;
  connectedDeviceCount(workerId: number): number;
}

/** Routes toward one site (one network search serves every candidate). */
export type SiteRouter = (site: LonLat) => (from: LonLat) => ReturnType<RouteOnNetwork>;

export interface DispatchServiceDeps {
  incidents: IncidentService;
  workers: DispatchWorkerSource;
  routesTo: SiteRouter;
  delivery: TaskDelivery;
  /** Department used when neither the command nor the incident names one. */
  defaultDepartmentOf: (incident: Incident) => string;
}

/** A worker's phone gets the description masked like every other reader (no reveal there). */
/**
 * The task as the assignee's phone gets it. With the incident's latest step (`lastStep`, from the
 * feed or the history) a return for rework carries the verifier's note.
 */
export function toDeviceTask(
  incident: IncidentSnapshot,
  lastStep: Pick<IncidentTransition, 'action' | 'note' | 'atMs'> | null = null,
): DeviceTask {
  const rework =
    lastStep?.action === 'return_for_rework' && incident.state === 'handling'
      ? { note: maskFreeText(lastStep.note), atMs: lastStep.atMs }
      : null;
  return {
    state: incident.state === 'handling' ? 'handling' : 'dispatched',
    rework,
    incidentId: incident.id,
    categoryCode: incident.categoryCode,
    lon: incident.location.lon,
    lat: incident.location.lat,
    gridCode: incident.gridCode,
    description: maskFreeText(incident.description),
    dueAtMs: incident.dueAtMs,
    dispatchedAtMs: incident.dispatchedAtMs ?? incident.reportedAtMs,
  };
}

/** Status as far as dispatch needs it: SOS, offline by fix age, otherwise online. */
export function dispatchStatusOf(
  newest: Position | undefined,
  sosActive: boolean,
  nowMs: number,
): WorkerStatus {
  if (sosActive) return 'sos';
  if (newest === undefined || nowMs - newest.fixTimeMs >= OFFLINE_AFTER_MS) return 'offline';
  return 'online';
}

export class DispatchService {
  constructor(private readonly deps: DispatchServiceDeps) {}

  async suggestions(
    caller: IncidentCaller,
    incidentId: string,
    limit = DEFAULT_SUGGESTION_LIMIT,
  ): Promise<DispatchSuggestion[]> {
    if (userActor(caller, 'dispatch') === null)
      throw new ForbiddenError('your role may not dispatch');
    const incident = await this.deps.incidents.findInScope(caller, incidentId);
    const [newestPositions, activeSos, allWorkers] = await Promise.all([
      this.deps.workers.newestPositions(),
      this.deps.workers.activeSos(),
      this.deps.workers.listWorkers(),
    ]);
    const nowMs = this.deps.incidents.nowMs();
    const newestByWorker = new Map(
      newestPositions.map((position) => [position.workerId, position]),
    );
    const sosWorkers = new Set(activeSos.map((sos) => sos.workerId));
    // Only workers the assignment rule would accept: in the caller's scope and the incident's street.
    const street = streetOf(incident.gridCode);
    const workers = allWorkers.filter(
      (worker) =>
        worker.gridCodes.some((code) => isInScope(code, caller.scopes)) &&
        worker.gridCodes.some((code) => isWithinGrid(code, street)),
    );
    const details = new Map<
      number,
      { name: string; gridCodes: string[]; status: WorkerStatus; newest: Position }
    >();
    const candidates: Array<DispatchCandidate<number>> = [];
    for (const worker of workers) {
      const newest = newestByWorker.get(worker.workerId);
      if (newest === undefined) continue;
      const status = dispatchStatusOf(newest, sosWorkers.has(worker.workerId), nowMs);
      details.set(worker.workerId, {
        name: worker.name,
        gridCodes: worker.gridCodes,
        status,
        newest,
      });
      candidates.push({
        id: worker.workerId,
        lon: newest.lon,
        lat: newest.lat,
        available: status === 'online' || status === 'idle',
        gridCodes: worker.gridCodes,
      });
    }
    const toSite = this.deps.routesTo(incident.location);
    const ranked = rankWorkersForDispatch(incident.location, candidates, (from) => toSite(from), {
      gridCode: incident.gridCode,
      limit,
    });
    return ranked.flatMap((entry) => {
      const detail = details.get(entry.workerId);
      if (detail === undefined) return [];
      return [
        {
          workerId: entry.workerId,
          assigneeUsername: workerUsername(entry.workerId),
          displayName: permissionsOf(caller.role).canReveal
            ? detail.name
            : maskWorkerName(detail.name),
          gridCodes: detail.gridCodes,
          status: detail.status,
          lon: detail.newest.lon,
          lat: detail.newest.lat,
          lastFixAtMs: detail.newest.fixTimeMs,
          distanceM: entry.distanceM,
          durationS: entry.durationS,
          routeKind: entry.routeKind,
          inIncidentGrid: entry.inIncidentGrid,
        },
      ];
    });
  }

  /**
   * The dispatcher confirms: the dispatch step. Its feed event sends the task to the worker's
   * connected devices (as for a dispatch through the transitions route); this reports how many.
   */
  async confirm(
    caller: IncidentCaller,
    incidentId: string,
    request: ConfirmDispatchRequest,
  ): Promise<{ result: IncidentResult; devicesNotified: number }> {
    const actor = userActor(caller, 'dispatch');
    if (actor === null) throw new ForbiddenError('your role may not dispatch');
    const incident = await this.deps.incidents.findInScope(caller, incidentId);
    const worker = await this.deps.workers.workerById(request.workerId);
    if (worker === null) throw new NotFoundError('worker');
    if (!worker.gridCodes.some((code) => touchesScope(code, caller.scopes))) {
      throw new ForbiddenError('the worker is outside your scope');
    }
    const department =
      request.department ?? incident.department ?? this.deps.defaultDepartmentOf(incident);
    const result = await this.deps.incidents.transition(
      actor,
      incidentId,
      {
        action: 'dispatch',
        assigneeUsername: workerUsername(worker.workerId),
        department,
        ...(request.note === undefined ? {} : { note: request.note }),
        ...(request.attachments === undefined ? {} : { attachments: request.attachments }),
      },
      caller.scopes,
    );
    const devicesNotified = result.ok
      ? this.deps.delivery.connectedDeviceCount(worker.workerId)
      : 0;
    return { result, devicesNotified };
  }
}
