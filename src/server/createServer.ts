/**
 * Builds the whole service on one HTTP server: REST API (with its OpenAPI document), socket.io,
 * the built app and the tilesets. Wiring only; behaviour lives in the modules it assembles.
 */
import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import { OPEN311_ROOT } from '../shared/incidents';
import { DEFAULT_POSITION_RETENTION_DAYS } from '../shared/tracking';
import { LIVE_NAMESPACE } from '../shared/trackingEvents';
import { SecurityAlerts } from './audit/securityAlerts';
import { clusterConfigFromEnv, type ClusterConfig } from './cluster/clusterConfig';
import { ClusterRelay } from './cluster/clusterRelay';
import { LeaderLease } from './cluster/leaderLease';
import { attachRedisSocketAdapter } from './cluster/redisSocketAdapter';
import { DataRetention, retentionSettingsFrom } from './dataRetention';
import { gatewaySettingFromEnv, type GatewaySetting } from './emergency/command/messageGateway';
import { registerApiRoutes } from './http/apiRoutes';
import { createServerContext } from './http/createServerContext';
import { createHttpApp, registerAppPlugins } from './http/httpApp';
import { sendOpen311NotFound } from './http/open311/open311Format';
import { OPEN311_CREATES_PER_WINDOW, OPEN311_WINDOW_MS } from './http/routes/open311Routes';
import { SecureListener } from './http/secureListener';
import { registerStaticFiles } from './http/staticFiles';
import { GridLocator, type PointInGrid } from './incidents/gridLocator';
import { createIncidentModule } from './incidents/incidentModule';
import {
  HttpPartnerCallback,
  OPEN311_CALLBACK_URLS_ENV,
  parsePartnerCallbackUrls,
} from './incidents/partnerCallbacks';
import { PhotoStore } from './incidents/photos/photoStore';
import { roadLinesOf } from './incidents/streetNetwork';
import { PHOTOGRAMMETRY_ROUTE } from './model/photogrammetryConfig';
import type { ResidentSearcher } from './registry/residentSearcher';
import {
  DEFAULT_SEARCH_QUEUE,
  DEFAULT_SEARCH_TIMEOUT_MS,
  DEFAULT_SEARCH_WORKERS,
} from './search/searchPool';
import type { ServerOptions } from './serverOptions';
import { attachSocketGateway, serveSocketsOn } from './socket/attachSocketGateway';
import { ALLOWED_ORIGINS_ENV, parseAllowedOrigins } from './socket/socketOrigin';
import { StartedParts } from './startedParts';
import { ALWAYS_RUN } from './startPeriodic';
import { openServerStores } from './store/openServerStores';
import type { ServerStores } from './store/serverStores';
import { BatchWriter } from './tracking/batchWriter';
import { DeviceGateway } from './tracking/deviceGateway';
import { DeviceThrottle } from './tracking/deviceThrottle';
import { FixIngestor } from './tracking/fixIngestor';
import { attachLiveGateway } from './tracking/liveGateway';
import { LiveHub } from './tracking/liveHub';
import { toLiveViewer } from './tracking/liveScreen';
import { RetentionPurge } from './tracking/retentionPurge';
import { TrackingBus } from './tracking/trackingBus';

export type { ServerOptions };

export interface RunningServer {
  app: FastifyInstance;
  io: Server;
  /** The repositories it runs on (either engine): tests write and read through them. */
  stores: ServerStores;
  /** Live tracking's in-process events: ingest publishes, fan-out and incidents listen. */
  bus: TrackingBus;
  /** Starts listening (and the HTTPS listener, when configured); resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** The HTTPS listener's base URL once listening; null without one. */
  secureUrl(): string | null;
  close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = 'dist';
const DEFAULT_TILESETS_DIR = 'tilesets';
const DEFAULT_HOST = '127.0.0.1';

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  // First: a malformed setting stops the start before anything is opened.
  const allowedOrigins =
    options.allowedOrigins ?? parseAllowedOrigins(process.env[ALLOWED_ORIGINS_ENV]);
  const messageGateway =
    options.messageGateway === undefined ? gatewaySettingFromEnv() : options.messageGateway;
  const cluster =
    options.cluster === undefined ? clusterConfigFromEnv(process.env) : options.cluster;
  const stores = await openServerStores(options);
  const started = new StartedParts();
  try {
    return await serveOn(stores, options, { allowedOrigins, messageGateway, cluster }, started);
  } catch (error) {
    // What had started stops (its timers, lease, processes, sockets), as on close, before the
    // stores close under it.
    await started.stopIgnoringErrors();
    await stores.close().catch(() => {});
    throw error;
  }
}

/**
 * The modules, routes and sockets over `stores` (createServer's settings checked already).
 * Each part with timers, processes or connections is added to `started` as it starts: close()
 * stops them, and so does createServer should a later step of the start fail.
 */
async function serveOn(
  stores: ServerStores,
  options: ServerOptions,
  settings: {
    allowedOrigins: readonly string[];
    messageGateway: GatewaySetting | null;
    cluster: ClusterConfig | null;
  },
  started: StartedParts,
): Promise<RunningServer> {
  const { allowedOrigins, messageGateway, cluster } = settings;
  const dataDir = options.dataDir ?? stores.defaultDataDir;
  // Alone, every job runs here; in a cluster, only while this process holds the lease.
  const leader =
    cluster === null
      ? null
      : new LeaderLease({
          store: stores.leases,
          holder: cluster.nodeId,
          nowMs: () => Date.now(),
          onError: (error) => console.error(error),
        });
  await leader?.start();
  started.add('lease', () => leader?.stop());
  const mayRunJobs = leader === null ? ALWAYS_RUN : () => leader.isLeader();
  // Counted together by every process in a cluster; in this process's memory alone.
  const rateLimits =
    cluster === null
      ? undefined
      : stores.rateLimits(() => (options.now ?? (() => new Date()))().getTime());
  const registry = stores.registry;
  // Grids and base map answered at once (point in grid, streets, Open311's jurisdiction).
  const districtRows = stores.district;
  const search: ResidentSearcher = stores.searcher({
    workers: options.searchWorkers ?? DEFAULT_SEARCH_WORKERS,
    timeoutMs: options.searchTimeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS,
    maxQueued: options.searchQueueLimit ?? DEFAULT_SEARCH_QUEUE,
  });
  started.add('search', () => search.close());
  const bus = new TrackingBus();
  const tracking = stores.tracking;
  const workerName = async (workerId: number) =>
    (await tracking.workerById(workerId))?.name ?? null;
  const nowMs = () => Date.now();
  // Positions reach the bus only after their commit.
  const writer = new BatchWriter(tracking, (stored) => bus.emit('positionsCommitted', stored));
  started.add('writer', () => writer.close());
  const devices = new DeviceGateway({
    tracking,
    bus,
    ingestor: new FixIngestor(tracking, writer),
    throttle: new DeviceThrottle(),
    writer,
    nowMs,
  });
  const purge = new RetentionPurge(
    tracking,
    options.positionRetentionDays ?? DEFAULT_POSITION_RETENTION_DAYS,
    nowMs,
  );
  purge.start(undefined, mayRunJobs);
  started.add('jobs', () => purge.stop());
  const now = options.now ?? (() => new Date());
  const photos = new PhotoStore(stores.workerPhotos, dataDir);
  const retention = new DataRetention(
    stores.retentionRows,
    options.retention ?? retentionSettingsFrom(process.env),
    now,
    photos,
  );
  retention.start(mayRunJobs);
  started.add('jobs', () => retention.stop());
  const users = stores.users;
  // Which base grid holds a point, for incidents and emergency records alike: PostGIS where the
  // database has it (always the committed grids), else the district's polygons here, read again
  // after the grids may have changed (registerChanged below).
  const pointInGrid: PointInGrid =
    stores.pointInGrid ?? new GridLocator(() => districtRows.listGrids());
  const localGrids = pointInGrid instanceof GridLocator ? pointInGrid : null;
  const live = await LiveHub.create({
    bus,
    tracking,
    listGrids: () => registry.listGrids(),
    findViewer: async (username) => {
      const user = await users.findUser(username);
      return user === null ? null : toLiveViewer(user);
    },
    nowMs: () => now().getTime(),
  });
  started.add('jobs', () => live.stop());
  const incidents = createIncidentModule({
    stores,
    grids: pointInGrid,
    registry: districtRows,
    register: registry,
    workers: tracking,
    bus,
    users,
    nowMs: () => now().getTime(),
    ...(options.escalationCheckMs === undefined
      ? {}
      : { escalationCheckMs: options.escalationCheckMs }),
    ...(options.partnerCallbackCheckMs === undefined
      ? {}
      : { partnerCallbackCheckMs: options.partnerCallbackCheckMs }),
    open311CreateLimit: { perWindow: OPEN311_CREATES_PER_WINDOW, windowMs: OPEN311_WINDOW_MS },
    photos,
    partnerCallback: () => partnerCallback,
    mayRunJobs,
    ...(rateLimits === undefined ? {} : { rateLimits }),
  });
  started.add('jobs', () => incidents.close());
  const securityAlerts = new SecurityAlerts();
  const context = createServerContext({
    stores,
    search,
    now,
    incidents,
    bus,
    devices,
    live,
    securityAlerts,
    revealLimitPerHour: options.revealLimitPerHour,
    workerName,
    onHouseholdChanged: () => announceRegisterChange(false),
  });
  // The unit themes are worked out again; after an import (`district`), grids and base map are
  // read again too where they are a snapshot (PostgreSQL), then where they are read ahead. A household change leaves them as
  // they are: reading every grid's polygon and the base map per approval would be wasted.
  const registerChanged = (district: boolean): void => {
    context.unitThemes.invalidate();
    if (!district) return;
    stores
      .reloadDistrict()
      .then(() => {
        localGrids?.invalidate();
        context.gridsAndBasemap.invalidate();
      })
      .catch((error: unknown) => app.log.error(error));
  };
  /** A change of the register made here: this node's caches, then the others' (Redis). */
  const announceRegisterChange = (district: boolean): void => {
    registerChanged(district);
    relay?.registerChanged(district);
  };
  // Closed partner cases: POSTed where a URL is configured, else logged and left in the outbox.
  const partnerCallback = new HttpPartnerCallback(
    options.open311CallbackUrls ?? parsePartnerCallbackUrls(process.env[OPEN311_CALLBACK_URLS_ENV]),
    (fields, message) => app.log.info(fields, message),
  );
  const app = createHttpApp({
    trustProxy: options.trustProxy ?? false,
    logger: options.logger === true,
  });
  started.add('http', () => app.close());
  await registerAppPlugins(app, { sessions: context.sessions, audit: context.audit, now });
  const { emergency, photogrammetry } = await registerApiRoutes(app, {
    context,
    stores,
    settings: options,
    dataDir,
    rateLimits,
    emergency: {
      workerName,
      messageGateway,
      roadLines: () => roadLinesOf(districtRows.listBasemap()),
      locateGrid: (point) => pointInGrid.locate(point),
      mayRunJobs,
      alarmHolder: cluster?.nodeId ?? null,
      onScenarioChanged: (snapshot) => relay?.scenarioChanged(snapshot),
    },
    onDistrictChanged: () => announceRegisterChange(true),
    started,
  });
  await registerStaticFiles(app, {
    staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
    tilesetsDir: options.tilesetsDir ?? DEFAULT_TILESETS_DIR,
    // Open311 clients get the specification's 404, in XML or JSON, whatever the method.
    ownNotFound: [{ prefix: OPEN311_ROOT, answer: sendOpen311NotFound }],
    extraRoots:
      photogrammetry?.localDir == null
        ? []
        : [{ prefix: PHOTOGRAMMETRY_ROUTE, root: photogrammetry.localDir }],
  });
  const io = attachSocketGateway(app.server, context.sessions, allowedOrigins);
  started.add('sockets', () => {
    // Not io.close(): it would close the HTTP server that app.close() closes. Local: with the
    // Redis adapter a plain disconnectSockets is sent to every node of the cluster.
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  const secure = options.tls == null ? null : new SecureListener(options.tls, app.routing);
  if (secure !== null) {
    serveSocketsOn(io, secure.server);
    started.add('https', () => secure.close());
  }
  devices.attach(io);
  incidents.attach(io);
  attachLiveGateway(io, live, context.sessions);
  securityAlerts.attach(io.of(LIVE_NAMESPACE));
  // The sensors' namespace, and the scenario's feed on /live after the live gateway's.
  emergency.attach(io);
  live.start();
  const redisAdapter =
    cluster === null
      ? null
      : await attachRedisSocketAdapter(io, cluster, (error) => app.log.error(error));
  started.add('redis', () => redisAdapter?.close());
  const relay =
    cluster === null
      ? null
      : new ClusterRelay({
          io,
          bus,
          feed: incidents.feed,
          deliverSecurityAlert: (alert) => securityAlerts.deliver(alert),
          onRegisterChanged: registerChanged,
          applyScenario: (snapshot) => void emergency.scenarioHub.applyRelayed(snapshot),
          onError: (error) => app.log.error(error),
        });
  started.add('sockets', () => relay?.stop());
  await relay?.start();
  // Alone on PostgreSQL the feed is still read back in sequence (commits may resolve out of
  // order); in a cluster the relay has it follow the database already.
  if (relay === null && stores.feedFollowsDatabase) await incidents.feed.followDatabase(() => {});
  if (relay !== null) securityAlerts.relayTo((alert) => relay.securityAlert(alert));

  return {
    app,
    io,
    stores,
    bus,
    async listen(port, host = DEFAULT_HOST) {
      const url = await app.listen({ port, host });
      if (secure !== null) await secure.listen();
      return url;
    },
    secureUrl: () => secure?.baseUrl() ?? null,
    async close() {
      // Everything started, in the order of STOP_STAGES, then the database.
      await started.stop();
      await stores.close();
    },
  };
}
