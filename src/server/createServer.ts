/**
 * Builds the whole service on one HTTP server: REST API (with its OpenAPI document), socket.io,
 * the built app and the tilesets. Wiring only; behaviour lives in the modules it assembles.
 */
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Server } from 'socket.io';
import { API_PREFIX } from '../shared/api';
import { SessionService } from './auth/sessionService';
import { AccountLockout } from './auth/accountLockout';
import { TrustedDevices } from './auth/trustedDevices';
import { DEFAULT_REVEAL_LIMIT_PER_HOUR, RevealGuard } from './audit/revealGuard';
import { SecurityAlerts } from './audit/securityAlerts';
import { LIVE_NAMESPACE } from '../shared/trackingEvents';
import type { ImageryConfig } from './config/districtConfig';
import { imageryRoutes } from './http/routes/imageryRoutes';
import { openImagerySource } from './imagery/imagerySource';
import { registerAuthentication } from './http/authentication';
import { registerCompression } from './http/compression';
import { registerErrorHandler } from './http/errorHandler';
import { loggerOptions } from './http/logging';
import { registerOpenApi, registerOpenApiRoute } from './http/openApi';
import { authRoutes } from './http/routes/authRoutes';
import { gridRoutes } from './http/routes/gridRoutes';
import { incidentHeatRoutes } from './http/routes/incidentHeatRoutes';
import { cockpitRoutes } from './http/routes/cockpitRoutes';
import { assessmentRoutes } from './http/routes/assessmentRoutes';
import { registryRoutes } from './http/routes/registryRoutes';
import { personErasureRoutes } from './http/routes/personErasureRoutes';
import { incidentRoutes } from './http/routes/incidentRoutes';
import { hotlineRoutes } from './http/routes/hotlineRoutes';
import {
  HttpPartnerCallback,
  OPEN311_CALLBACK_URLS_ENV,
  parsePartnerCallbackUrls,
} from './incidents/partnerCallbacks';
import {
  open311Routes,
  OPEN311_CREATES_PER_WINDOW,
  OPEN311_WINDOW_MS,
} from './http/routes/open311Routes';
import { createIncidentModule } from './incidents/incidentModule';
import { OPEN311_PATH, OPEN311_ROOT } from '../shared/incidents';
import { sendOpen311NotFound } from './http/open311/open311Format';
import {
  OPEN311_API_KEYS_ENV,
  OPEN311_REQUIRE_API_KEY_ENV,
  Open311Partners,
  parseOpen311Partners,
  type Open311Partner,
} from './incidents/open311Partners';
import { OPEN311_REQUIRE_PROOF_ENV, ResidentReportGuard } from './incidents/residentReportGuard';
import { registerSecurityHeaders } from './http/securityHeaders';
import type { ServerContext } from './http/serverContext';
import { registerStaticFiles } from './http/staticFiles';
import { formatValidationErrors, validatorCompiler } from './http/validation';
import { attachSocketGateway, serveSocketsOn } from './socket/attachSocketGateway';
import { ALLOWED_ORIGINS_ENV, parseAllowedOrigins } from './socket/socketOrigin';
import type { DatabaseConfig } from './store/databaseConfig';
import { openServerStores } from './store/openServerStores';
import type { ServerStores } from './store/serverStores';
import { GridLocator, type PointInGrid } from './incidents/gridLocator';
import { roadLinesOf } from './incidents/streetNetwork';
import { registerEmergencyModule } from './emergency/emergencyModule';
import { gatewaySettingFromEnv, type GatewaySetting } from './emergency/command/messageGateway';
import type { ResidentSearcher } from './registry/residentSearcher';
import {
  DEFAULT_SEARCH_QUEUE,
  DEFAULT_SEARCH_TIMEOUT_MS,
  DEFAULT_SEARCH_WORKERS,
} from './search/searchPool';
import { GridsAndBasemapOnce } from './registry/gridQueries';
import { UnitThemeCache } from './registry/unitThemeCache';
import { GridStreets } from './tracking/gridStreets';
import { appConfigOf, getAppConfig } from './registry/mapQueries';
import { DEFAULT_POSITION_RETENTION_DAYS } from '../shared/tracking';
import { deviceRoutes } from './http/routes/deviceRoutes';
import { phoneAppRoutes } from './http/routes/phoneAppRoutes';
import { PhotoStore } from './incidents/photos/photoStore';
import { residentMapRoutes } from './http/routes/residentMapRoutes';
import { BatchWriter } from './tracking/batchWriter';
import { DeviceGateway } from './tracking/deviceGateway';
import { DeviceThrottle } from './tracking/deviceThrottle';
import { FixIngestor } from './tracking/fixIngestor';
import { RetentionPurge } from './tracking/retentionPurge';
import { TrackingBus } from './tracking/trackingBus';
import { attachLiveGateway } from './tracking/liveGateway';
import { LiveHub } from './tracking/liveHub';
import { toLiveViewer } from './tracking/liveScreen';
import { workerRoutes } from './http/routes/workerRoutes';
import { userRoutes } from './http/routes/userRoutes';
import { registerRoutePermissions } from './http/routePermissions';
import { registerAggregateOnlyModes } from './http/aggregateOnlyModes';
import { recordRefusal } from './audit/refusedAccess';
import { callerOf } from './http/authentication';
import { DataRetention, retentionSettingsFrom, type RetentionSettings } from './dataRetention';
import { modelRoutes } from './http/routes/modelRoutes';
import {
  photogrammetryFromEnv,
  PHOTOGRAMMETRY_ROUTE,
  type PhotogrammetrySetting,
} from './model/photogrammetryConfig';
import { importRoutes } from './http/routes/importRoutes';
import { rentalRoutes } from './http/routes/rentalRoutes';
import { registerRequestRoutes } from './http/routes/registerRequestRoutes';
import { RegisterRequestService } from './registry/registerRequests';
import { exportRoutes } from './http/routes/exportRoutes';
import { DEFAULT_IMPORT_MAX_BYTES, ImportJobs } from './imports/importJobs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsListener } from './config/tlsConfig';
import { clusterConfigFromEnv, type ClusterConfig } from './cluster/clusterConfig';
import { ClusterRelay } from './cluster/clusterRelay';
import { LeaderLease } from './cluster/leaderLease';
import { attachRedisSocketAdapter } from './cluster/redisSocketAdapter';
import { ALWAYS_RUN } from './startPeriodic';

export interface ServerOptions {
  /** The SQLite file (the embedded default; unused when `database` or DATABASE_URL names PostgreSQL). */
  dbPath?: string;
  /** The built app (Vite output). */
  staticDir?: string;
  tilesetsDir?: string;
  logger?: boolean;
  /** The server clock of incidents (deadlines, escalation); tests pass a controlled one. */
  now?: () => Date;
  /** How often the incident escalation job runs (default ESCALATION_CHECK_MS). */
  escalationCheckMs?: number;
  /** How often failed partner callbacks due again are retried (default PARTNER_CALLBACK_CHECK_MS). */
  partnerCallbackCheckMs?: number;
  /** Base imagery of a configured district (default: the bundled NaturalEarthII). */
  imagery?: ImageryConfig;
  /** Fixes older than this are purged at start and hourly (default DEFAULT_POSITION_RETENTION_DAYS). */
  positionRetentionDays?: number;
  /**
   * Page origins besides the server's own that may open socket.io connections (default: the
   * ALLOWED_ORIGINS environment variable, comma separated).
   */
  allowedOrigins?: readonly string[];
  /**
   * Fastify's trustProxy (env TRUST_PROXY): behind a reverse proxy the client address is the
   * forwarded one, which the login throttle and the Open311 limit count by. Off by default: a
   * client talking to us directly could otherwise pick any address it likes.
   */
  trustProxy?: boolean | string;
  /** Reveals a user may make per hour before 429 and an alert (default 20). */
  revealLimitPerHour?: number;
  /** Incident feed, audit and unattached photo retention (default: from the environment). */
  retention?: RetentionSettings;
  /** Search worker threads (default DEFAULT_SEARCH_WORKERS); 0 runs searches on the event loop. */
  searchWorkers?: number;
  /** A search's limit from request to answer (default DEFAULT_SEARCH_TIMEOUT_MS). */
  searchTimeoutMs?: number;
  /** Searches waiting for a worker before more get 503 (default DEFAULT_SEARCH_QUEUE). */
  searchQueueLimit?: number;
  /** The district's own 3D model; default from PHOTOGRAMMETRY_TILESET (null: none). */
  photogrammetry?: PhotogrammetrySetting | null;
  /**
   * Where uploads and import problem files go (default: the SQLite file's folder, i.e.
   * $DATA_DIR); on PostgreSQL, required: the data key lives there too.
   */
  dataDir?: string;
  /** Largest accepted import upload in bytes (default DEFAULT_IMPORT_MAX_BYTES). */
  importMaxBytes?: number;
  /** Partner platforms' Open311 keys (default: OPEN311_API_KEYS, `name:key,…`). */
  open311Partners?: readonly Open311Partner[];
  /** Every Open311 create needs a partner key (default: OPEN311_REQUIRE_API_KEY=1). */
  open311RequireApiKey?: boolean;
  /** Citizens' creates must carry a device id and proof of work (default: OPEN311_REQUIRE_PROOF=1). */
  open311RequireProof?: boolean;
  /**
   * A second listener, HTTPS, for phones on the hall's network (default: none; see
   * config/tlsConfig). The same routes, hooks and socket.io serve both listeners.
   */
  tls?: TlsListener | null;
  /** Partner platforms' callback URLs by name (default: OPEN311_CALLBACK_URLS; none: outbox only). */
  open311CallbackUrls?: ReadonlyMap<string, string>;
  /**
   * The emergency message gateway (default: MESSAGE_GATEWAY_URL and MESSAGE_GATEWAY_KEY; none:
   * messages are written to the outbox table and the log, docs/decisions/0037).
   */
  messageGateway?: GatewaySetting | null;
  /**
   * One of several processes on this database, joined by Redis (default: REDIS_URL and the
   * other variables of cluster/clusterConfig.ts; null or unset: alone, as before).
   */
  cluster?: ClusterConfig | null;
  /**
   * The engine (default: DATABASE_URL; unset: the SQLite file at dbPath). PostgreSQL is refused
   * while a repository has no adapter there (docs/decisions/0040-postgresql.md).
   */
  database?: DatabaseConfig;
}

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
/** Request bodies here are tiny (login, reveal reason); anything large is a mistake or abuse. */
const BODY_LIMIT_BYTES = 16 * 1024;
/** Listens like app.listen does and answers with the base URL (IPv6 hosts in brackets). */
function listenSecure(server: HttpsServer, tls: TlsListener): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(tls.port, tls.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`https://${host}:${address.port}`);
    });
  });
}

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  // First: a malformed setting stops the start before anything is opened.
  const allowedOrigins =
    options.allowedOrigins ?? parseAllowedOrigins(process.env[ALLOWED_ORIGINS_ENV]);
  const messageGateway =
    options.messageGateway === undefined ? gatewaySettingFromEnv() : options.messageGateway;
  const cluster =
    options.cluster === undefined ? clusterConfigFromEnv(process.env) : options.cluster;
  const stores = await openServerStores(options);
  const started: StartedPart[] = [];
  try {
    return await serveOn(stores, options, { allowedOrigins, messageGateway, cluster }, started);
  } catch (error) {
    // What had started stops (its timers, lease, processes, sockets), newest first, before the
    // stores close under it.
    for (const stop of started.reverse())
      await Promise.resolve()
        .then(stop)
        .catch(() => {});
    await stores.close().catch(() => {});
    throw error;
  }
}

/** How to stop a part serveOn has started, should a later step of the start fail. */
type StartedPart = () => unknown;

/**
 * The modules, routes and sockets over `stores` (createServer's settings checked already).
 * Each part with timers, processes or connections is added to `started` as it starts.
 */
async function serveOn(
  stores: ServerStores,
  options: ServerOptions,
  settings: {
    allowedOrigins: readonly string[];
    messageGateway: GatewaySetting | null;
    cluster: ClusterConfig | null;
  },
  started: StartedPart[],
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
  started.push(() => leader?.stop());
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
  started.push(() => search.close());
  const bus = new TrackingBus();
  const tracking = stores.tracking;
  const workerName = async (workerId: number) =>
    (await tracking.workerById(workerId))?.name ?? null;
  const nowMs = () => Date.now();
  // Positions reach the bus only after their commit.
  const writer = new BatchWriter(tracking, (stored) => bus.emit('positionsCommitted', stored));
  started.push(() => writer.close());
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
  started.push(() => purge.stop());
  const now = options.now ?? (() => new Date());
  const photos = new PhotoStore(stores.workerPhotos, dataDir);
  const retention = new DataRetention(
    stores.retentionRows,
    options.retention ?? retentionSettingsFrom(process.env),
    now,
    photos,
  );
  retention.start(mayRunJobs);
  started.push(() => retention.stop());
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
  started.push(() => live.stop());
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
  started.push(() => incidents.close());
  const audit = stores.audit;
  const securityAlerts = new SecurityAlerts();
  const lockoutStore = stores.loginLockouts;
  const gridsAndBasemap = new GridsAndBasemapOnce(registry);
  const context: ServerContext = {
    registry,
    search,
    unitThemes: new UnitThemeCache(
      registry,
      async () => (await getAppConfig(registry)).districtCode,
    ),
    audit,
    sessions: new SessionService(users, undefined, {
      account: new AccountLockout(lockoutStore, 'account'),
      address: new AccountLockout(lockoutStore, 'address'),
      devices: new TrustedDevices(stores.trustedDevices, lockoutStore),
    }),
    now,
    incidents,
    bus,
    tracking,
    devices,
    live,
    users,
    revealGuard: new RevealGuard({
      audit,
      counter: stores.revealCounter,
      alerts: securityAlerts,
      limitPerHour: options.revealLimitPerHour ?? DEFAULT_REVEAL_LIMIT_PER_HOUR,
    }),
    auditLog: stores.auditLog,
    registerRequests: new RegisterRequestService({
      requests: stores.registerRequests,
      now,
      workerName,
      onRegisterChanged: () => announceRegisterChange(false),
    }),
    gridsAndBasemap,
    gridStreets: new GridStreets(gridsAndBasemap),
  };
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
        gridsAndBasemap.invalidate();
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
  const app = Fastify({
    trustProxy: options.trustProxy ?? false,
    logger: options.logger === true ? loggerOptions() : false,
    bodyLimit: BODY_LIMIT_BYTES,
    schemaErrorFormatter: formatValidationErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  started.push(() => app.close());
  await app.register(fastifyCookie);
  await registerCompression(app);
  registerSecurityHeaders(app);
  registerErrorHandler(app);
  registerAuthentication(app, context.sessions);
  // A refusal by role or by wall mode is audited like one by scope: who asked for what.
  const auditRefusal = (request: FastifyRequest, message: string) => {
    const params = request.params as { id?: unknown } | undefined;
    return recordRefusal(
      context.audit,
      callerOf(request),
      {
        route: request.routeOptions.url ?? request.url,
        targetId: params?.id === undefined ? '' : String(params.id),
        message,
      },
      now(),
    );
  };
  registerRoutePermissions(app, auditRefusal);
  registerAggregateOnlyModes(app, auditRefusal);
  await registerOpenApi(app);
  await app.register(authRoutes, { prefix: API_PREFIX, context });
  await app.register(gridRoutes, { prefix: API_PREFIX, context });
  await app.register(registryRoutes, { prefix: API_PREFIX, context });
  await app.register(personErasureRoutes, {
    prefix: API_PREFIX,
    context,
    erasure: stores.personErasure,
  });
  await app.register(incidentRoutes, { prefix: API_PREFIX, context });
  await app.register(open311Routes, {
    prefix: OPEN311_PATH,
    open311: incidents.open311,
    createLimit: incidents.open311CreateLimit,
    partners: new Open311Partners(
      options.open311Partners ?? parseOpen311Partners(process.env[OPEN311_API_KEYS_ENV]),
      options.open311RequireApiKey ?? process.env[OPEN311_REQUIRE_API_KEY_ENV] === '1',
    ),
    residentGuard: new ResidentReportGuard({
      nowMs: () => now().getTime(),
      requireProof: options.open311RequireProof ?? process.env[OPEN311_REQUIRE_PROOF_ENV] === '1',
      ...(rateLimits === undefined ? {} : { rateLimits, usedProofs: stores.usedProofs }),
    }),
    jurisdictionId: () =>
      appConfigOf(districtRows.readMeta(), districtRows.listGrids()).districtCode,
    media: {
      residentPhotos: incidents.residentPhotos,
      photos: incidents.photos,
    },
  });
  await app.register(hotlineRoutes, {
    prefix: API_PREFIX,
    context,
    addresses: stores.addressSearch,
  });
  await app.register(incidentHeatRoutes, {
    prefix: API_PREFIX,
    context,
    heat: stores.incidentHeat,
  });
  // The emergency side (docs/decisions/0034–0037): scenario, door knocking, command, records.
  const emergency = await registerEmergencyModule(app, {
    context,
    stores,
    incidents,
    audit,
    now,
    workerName,
    messageGateway,
    roadLines: () => roadLinesOf(districtRows.listBasemap()),
    locateGrid: (point) => pointInGrid.locate(point),
    mayRunJobs,
    alarmHolder: cluster?.nodeId ?? null,
    onScenarioChanged: (snapshot) => relay?.scenarioChanged(snapshot),
  });
  started.push(() => emergency.close());
  const assessmentStore = stores.assessment;
  await app.register(cockpitRoutes, {
    prefix: API_PREFIX,
    context,
    stats: stores.cockpitStats,
    patrol: assessmentStore,
  });
  await app.register(assessmentRoutes, {
    prefix: API_PREFIX,
    context,
    store: assessmentStore,
    positionRetentionDays: options.positionRetentionDays ?? DEFAULT_POSITION_RETENTION_DAYS,
  });
  await app.register(deviceRoutes, { prefix: API_PREFIX, context });
  await app.register(residentMapRoutes, { prefix: API_PREFIX, context });
  await app.register(phoneAppRoutes, { prefix: API_PREFIX, context });
  await app.register(workerRoutes, { prefix: API_PREFIX, context });
  await app.register(userRoutes, { prefix: API_PREFIX, context });
  const imagery = await openImagerySource(options.imagery);
  app.addHook('onClose', () => imagery.close());
  await app.register(imageryRoutes, { prefix: API_PREFIX, imagery });
  const photogrammetry =
    options.photogrammetry === undefined ? photogrammetryFromEnv() : options.photogrammetry;
  await app.register(modelRoutes, {
    prefix: API_PREFIX,
    context,
    volumes: stores.unitVolumes,
    photogrammetry,
  });
  const importJobs = new ImportJobs({
    dataDir,
    database: stores.importTarget,
    onCommitted: () => announceRegisterChange(true),
    maxBytes: options.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
  });
  started.push(() => importJobs.close());
  await app.register(importRoutes, {
    prefix: API_PREFIX,
    context,
    jobs: importJobs,
    batches: {
      listBatches: (limit) => stores.importBatches.listBatches(limit),
      rollback: async (batchId, actor, at) => {
        const batch = await stores.importBatches.rollback(batchId, actor, at);
        announceRegisterChange(true);
        return batch;
      },
    },
  });
  await app.register(rentalRoutes, {
    prefix: API_PREFIX,
    context,
    expiring: stores.expiringRentals,
  });
  await app.register(registerRequestRoutes, { prefix: API_PREFIX, context });
  await app.register(exportRoutes, {
    prefix: API_PREFIX,
    context,
    exportRows: stores.exportRows,
  });
  registerOpenApiRoute(app);
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
  started.push(() => {
    io.disconnectSockets(true);
    io.engine.close();
  });
  const secureServer =
    options.tls == null
      ? null
      : createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, app.routing);
  if (secureServer !== null) serveSocketsOn(io, secureServer);
  let secureUrl: string | null = null;
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
  started.push(() => redisAdapter?.close());
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
  started.push(() => relay?.stop());
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
      if (secureServer !== null && options.tls != null) {
        secureUrl = await listenSecure(secureServer, options.tls);
      }
      return url;
    },
    secureUrl: () => secureUrl,
    async close() {
      // Not io.close(): it would close the HTTP server that app.close() closes.
      io.disconnectSockets(true);
      io.engine.close();
      relay?.stop();
      // A background pass or an import process already running ends before the database
      // closes (else it fails, or stops half-way) and before the lease goes to another node;
      // none starts after this.
      await Promise.all([
        importJobs.close(),
        purge.stop(),
        retention.stop(),
        incidents.close(),
        emergency.close(),
        live.stop(),
      ]);
      await leader?.stop();
      // The last accepted fixes are committed before the database closes.
      await writer.close();
      await app.close();
      if (secureServer?.listening === true) {
        secureServer.closeAllConnections();
        await new Promise<void>((resolve) => secureServer.close(() => resolve()));
      }
      await search.close();
      await redisAdapter?.close();
      await stores.close();
    },
  };
}
