/**
 * Assembles the incident side of the server (wiring only): store, feed, use cases, the
 * escalation job, the arrival watcher and the socket handlers on /live and /device.
 */
import type { Server } from 'socket.io';
import type { Incident } from '../../domain/incidents/incident';
import { DEVICE_NAMESPACE, LIVE_NAMESPACE } from '../../shared/trackingEvents';
import type { UserRecord } from '../auth/authRepository';
import type { RegistryRepository } from '../registry/registryRepository';
import type { DistrictRows, ServerStores } from '../store/serverStores';
import type { DeviceNamespace } from '../tracking/deviceGateway';
import type { TrackingBus } from '../tracking/trackingBus';
import { ArrivalWatcher } from './arrivalWatcher';
import { DispatchService, toDeviceTask, type DispatchWorkerSource } from './dispatchService';
import { workerIdOfUsername } from './incidentActors';
import { EscalationJob, ESCALATION_CHECK_MS } from './escalationJob';
import type { PointInGrid } from './gridLocator';
import type { PhotoStore } from './photos/photoStore';
import { ResidentPhotos } from './photos/residentPhotos';
import type { LonLat } from '../../domain/registry';
import { IncidentDeviceHandlers } from './incidentDeviceHandlers';
import { IncidentFeed } from './incidentFeed';
import { attachIncidentLiveFeed, type IncidentLiveFeed } from './incidentLiveFeed';
import { IncidentService } from './incidentService';
import { inMemoryRateLimits, type RateLimit, type RateLimitFactory } from './fixedWindowRateLimit';
import { Open311Service } from './open311Service';
import { roadLinesOf, StreetNetwork, type WalkingRoute } from './streetNetwork';
import { createPlaceAddressLookup } from './registerAddresses';
import { closesForReporter } from '../../domain/incidents/reporterAnswer';
import { PartnerCallbackJob, PARTNER_CALLBACK_CHECK_MS } from './partnerCallbackJob';
import type { PartnerCallback } from './partnerCallbacks';
import { ReporterAnswers } from './reporterAnswers';
import type { JobGate } from '../startPeriodic';

export interface IncidentModuleDeps {
  /** The incidents' repositories (either engine). */
  stores: Pick<
    ServerStores,
    'incidents' | 'assignees' | 'reporterAnswers' | 'partnerDeliveries' | 'residentPhotos'
  >;
  /** Which base grid holds a point (PostGIS, or GridLocator over the district's grids). */
  grids: PointInGrid;
  /** Grids and base map answered at once (point in grid, the street network, departments). */
  registry: DistrictRows;
  /** Buildings and their addresses (Open311's address ids and places). */
  register: Pick<RegistryRepository, 'findGrid' | 'findBuilding' | 'listBuildingsInGrid'>;
  workers: DispatchWorkerSource;
  bus: TrackingBus;
  /** Users' current scopes (screens after an access change). */
  users: { findUser(username: string): Promise<UserRecord | null> };
  nowMs: () => number;
  /** How often the escalation job runs (tests shorten it). */
  escalationCheckMs?: number;
  open311CreateLimit: { perWindow: number; windowMs: number };
  /** Photos from workers' phones (feedback attachments). */
  photos: PhotoStore;
  /** How a closed partner case is handed back (partnerCallbacks.ts); read at each delivery. */
  partnerCallback: () => PartnerCallback;
  /** How often failed partner callbacks are looked at for a retry (tests shorten it). */
  partnerCallbackCheckMs?: number;
  /** Whether this process runs the cluster's jobs now (the leader lease; default: always). */
  mayRunJobs?: JobGate;
  /** Where rate-limit counters live (default: this process's memory). */
  rateLimits?: RateLimitFactory;
}

export interface IncidentModule {
  service: IncidentService;
  dispatch: DispatchService;
  feed: IncidentFeed;
  escalation: EscalationJob;
  open311: Open311Service;
  /** Answers owed to reporters and their ratings (decision 0026). */
  answers: ReporterAnswers;
  photos: PhotoStore;
  /** Residents' photos of their own reports (decision 0032). */
  residentPhotos: ResidentPhotos;
  /** A walking route along the district's roads, for a worker's map (null: off the roads). */
  walk(from: LonLat, to: LonLat): WalkingRoute | null;
  /** Citizens' creates per client address (Open311 is public). */
  open311CreateLimit: RateLimit;
  /** Adds the handlers to /live and /device. */
  attach(io: Server): void;
  /** Settles when the escalation and callback passes in flight have ended. */
  close(): Promise<void>;
}

/** Suffix of the default department: the grid's own office (网格工作站). */
const GRID_OFFICE_SUFFIX = '网格工作站';

export function createIncidentModule(deps: IncidentModuleDeps): IncidentModule {
  const repository = deps.stores.incidents;
  const feed = new IncidentFeed(repository);
  const service = new IncidentService({
    repository,
    feed,
    grids: deps.grids,
    nowMs: deps.nowMs,
    // The users' and workers' repositories of the same database.
    assignees: deps.stores.assignees,
  });
  let network: StreetNetwork | null = null;
  const networkOf = (): StreetNetwork => {
    // Built on first use: the base map does not change while the server runs.
    network ??= new StreetNetwork(roadLinesOf(deps.registry.listBasemap()));
    return network;
  };
  const devices = new IncidentDeviceHandlers({
    incidents: service,
    repository,
    photos: deps.photos,
  });
  const dispatch = new DispatchService({
    incidents: service,
    workers: deps.workers,
    routesTo: (site) => networkOf().routesTo(site),
    delivery: devices,
    defaultDepartmentOf: (incident: Incident) =>
      (deps.registry.findGrid(incident.gridCode)?.name ?? incident.gridCode) + GRID_OFFICE_SUFFIX,
  });
  const answers = new ReporterAnswers({
    repository: deps.stores.reporterAnswers,
    deliveries: deps.stores.partnerDeliveries,
    nowMs: deps.nowMs,
    partnerCallback: deps.partnerCallback,
  });
  const callbackRetries = new PartnerCallbackJob(answers);
  const escalation = new EscalationJob(repository, service);
  const arrivals = new ArrivalWatcher(repository, service);
  const unsubscribeFeed = feed.subscribe((event) => {
    arrivals.onFeedEvent(event);
    // Every dispatch, from the confirm route or the transitions route, reaches the devices; so
    // does a return for rework, with the verifier's note (the phone was never told before).
    const workerId = workerIdOfUsername(event.incident.assigneeUsername);
    const action = event.transition?.action;
    if ((action === 'dispatch' || action === 'return_for_rework') && workerId !== null) {
      devices.sendTask(workerId, toDeviceTask(event.incident, event.transition ?? null));
    }
  });
  // Once per event across server processes: by the process that committed it.
  const unsubscribeOwnCommits = feed.subscribeOwnCommits((event) => {
    // The answer is in the outbox already (same transaction); a partner's goes to its adapter.
    if (event.transition !== null && closesForReporter(event.transition)) {
      // A failed hand-over leaves the answer waiting in the outbox, which is what it is for.
      answers.deliverToPartner(event.incident.id).catch(() => false);
    }
  });
  // Each fix is checked by the process that stored it, so an arrival is recorded once.
  const unsubscribeBus = deps.bus.on('positionsCommitted', (positions, origin) => {
    if (origin !== 'relayed') arrivals.onPositionsCommitted(positions);
  });
  const open311 = new Open311Service({
    incidents: service,
    repository,
    answers,
    districtScopes: () =>
      deps.registry
        .listGrids()
        .filter((grid) => grid.parentCode === null)
        .map((grid) => grid.code),
    placeAddresses: () => createPlaceAddressLookup(deps.register),
    findBuilding: (id) => deps.register.findBuilding(id),
  });
  const residentPhotos = new ResidentPhotos({
    photos: deps.photos,
    repository: deps.stores.residentPhotos,
    findIncident: (id) => repository.findIncident(id),
    isCreateToken: (id, token) => open311.isCreateToken(id, token),
    nowMs: deps.nowMs,
  });
  const open311CreateLimit = (deps.rateLimits ?? inMemoryRateLimits(deps.nowMs))(
    'open311-creates-per-address',
    deps.open311CreateLimit.perWindow,
    deps.open311CreateLimit.windowMs,
  );
  let liveFeed: IncidentLiveFeed | null = null;
  const unsubscribeAccess = deps.bus.on('userAccessChanged', ({ username }) => {
    void liveFeed?.recheckUser(username);
  });
  escalation.start(deps.escalationCheckMs ?? ESCALATION_CHECK_MS, deps.mayRunJobs);
  callbackRetries.start(deps.partnerCallbackCheckMs ?? PARTNER_CALLBACK_CHECK_MS, deps.mayRunJobs);

  return {
    photos: deps.photos,
    residentPhotos,
    walk: (from, to) => networkOf().walk(from, to),
    service,
    dispatch,
    feed,
    escalation,
    open311,
    answers,
    open311CreateLimit,
    attach(io) {
      liveFeed = attachIncidentLiveFeed(
        io.of(LIVE_NAMESPACE),
        feed,
        async (username) => (await deps.users.findUser(username))?.scopes ?? null,
      );
      devices.attach(io.of(DEVICE_NAMESPACE) as unknown as DeviceNamespace);
    },
    async close() {
      const jobsStopped = Promise.all([escalation.stop(), callbackRetries.stop()]);
      unsubscribeFeed();
      unsubscribeOwnCommits();
      unsubscribeBus();
      unsubscribeAccess();
      liveFeed?.detach();
      await jobsStopped;
    },
  };
}
