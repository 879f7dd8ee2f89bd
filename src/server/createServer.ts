/**
 * Builds the whole service on one HTTP server: REST API (with its OpenAPI document), socket.io,
 * the built app and the tilesets. Wiring only; behaviour lives in the modules it assembles.
 */
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import { API_PREFIX } from '../shared/api';
import { SessionService } from './auth/sessionService';
import { registerAuthentication } from './http/authentication';
import { registerCompression } from './http/compression';
import { registerErrorHandler } from './http/errorHandler';
import { loggerOptions } from './http/logging';
import { registerOpenApi, registerOpenApiRoute } from './http/openApi';
import { authRoutes } from './http/routes/authRoutes';
import { gridRoutes } from './http/routes/gridRoutes';
import { incidentHeatRoutes } from './http/routes/incidentHeatRoutes';
import { registryRoutes } from './http/routes/registryRoutes';
import { incidentRoutes } from './http/routes/incidentRoutes';
import {
  open311Routes,
  OPEN311_CREATES_PER_WINDOW,
  OPEN311_WINDOW_MS,
} from './http/routes/open311Routes';
import { createIncidentModule } from './incidents/incidentModule';
import { OPEN311_PATH } from '../shared/incidents';
import { registerSecurityHeaders } from './http/securityHeaders';
import type { ServerContext } from './http/serverContext';
import { registerStaticFiles } from './http/staticFiles';
import { formatValidationErrors, validatorCompiler } from './http/validation';
import { attachSocketGateway } from './socket/attachSocketGateway';
import { openDatabase } from './store/openDatabase';
import { SqliteAuditStore } from './store/sqliteAuditStore';
import { SqliteAuthStore } from './store/sqliteAuthStore';
import { SqliteIncidentHeatStore } from './store/sqliteIncidentHeatStore';
import { SqliteRegistry } from './store/sqliteRegistry';
import { UnitThemeCache } from './registry/unitThemeCache';
import { getAppConfig } from './registry/mapQueries';
import { DEFAULT_POSITION_RETENTION_DAYS } from '../shared/tracking';
import { deviceRoutes } from './http/routes/deviceRoutes';
import { SqliteTrackingStore } from './store/sqliteTrackingStore';
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

export interface ServerOptions {
  dbPath: string;
  /** The built app (Vite output). */
  staticDir?: string;
  tilesetsDir?: string;
  logger?: boolean;
  /** The server clock of incidents (deadlines, escalation); tests pass a controlled one. */
  now?: () => Date;
  /** How often the incident escalation job runs (default ESCALATION_CHECK_MS). */
  escalationCheckMs?: number;
  /** Fixes older than this are purged at start and hourly (default DEFAULT_POSITION_RETENTION_DAYS). */
  positionRetentionDays?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  io: Server;
  /** Live tracking's in-process events: ingest publishes, fan-out and incidents listen. */
  bus: TrackingBus;
  /** Starts listening; resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = 'dist';
const DEFAULT_TILESETS_DIR = 'tilesets';
const DEFAULT_HOST = '127.0.0.1';
/** Request bodies here are tiny (login, reveal reason); anything large is a mistake or abuse. */
const BODY_LIMIT_BYTES = 16 * 1024;
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const db = openDatabase(options.dbPath);
  const registry = new SqliteRegistry(db);
  const bus = new TrackingBus();
  const tracking = new SqliteTrackingStore(db);
  const nowMs = () => Date.now();
  // Positions reach the bus only after their commit.
  const writer = new BatchWriter(tracking, (stored) => bus.emit('positionsCommitted', stored));
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
  purge.start();
  const now = options.now ?? (() => new Date());
  const users = new SqliteAuthStore(db);
  const live = new LiveHub({
    bus,
    tracking,
    listGrids: () => registry.listGrids(),
    findViewer: (username) => {
      const user = users.findUser(username);
      return user === null ? null : toLiveViewer(user);
    },
    nowMs: () => now().getTime(),
  });
  const incidents = createIncidentModule({
    db,
    registry,
    workers: tracking,
    bus,
    users: new SqliteAuthStore(db),
    nowMs: () => now().getTime(),
    ...(options.escalationCheckMs === undefined
      ? {}
      : { escalationCheckMs: options.escalationCheckMs }),
    open311CreateLimit: { perWindow: OPEN311_CREATES_PER_WINDOW, windowMs: OPEN311_WINDOW_MS },
  });
  const context: ServerContext = {
    registry,
    unitThemes: new UnitThemeCache(registry, () => getAppConfig(registry).districtCode),
    audit: new SqliteAuditStore(db),
    sessions: new SessionService(users),
    now,
    incidents,
    bus,
    tracking,
    devices,
    live,
    users,
  };
  const app = Fastify({
    logger: options.logger === true ? loggerOptions() : false,
    bodyLimit: BODY_LIMIT_BYTES,
    schemaErrorFormatter: formatValidationErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  await app.register(fastifyCookie);
  await registerCompression(app);
  registerSecurityHeaders(app);
  registerErrorHandler(app);
  registerAuthentication(app, context.sessions);
  await registerOpenApi(app);
  await app.register(authRoutes, { prefix: API_PREFIX, context });
  await app.register(gridRoutes, { prefix: API_PREFIX, context });
  await app.register(registryRoutes, { prefix: API_PREFIX, context });
  await app.register(incidentRoutes, { prefix: API_PREFIX, context });
  await app.register(open311Routes, {
    prefix: OPEN311_PATH,
    open311: incidents.open311,
    createLimit: incidents.open311CreateLimit,
  });
  await app.register(incidentHeatRoutes, {
    prefix: API_PREFIX,
    context,
    heat: new SqliteIncidentHeatStore(db),
  });
  await app.register(deviceRoutes, { prefix: API_PREFIX, context });
  await app.register(workerRoutes, { prefix: API_PREFIX, context });
  registerOpenApiRoute(app);
  await registerStaticFiles(app, {
    staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
    tilesetsDir: options.tilesetsDir ?? DEFAULT_TILESETS_DIR,
  });
  const io = attachSocketGateway(app.server, context.sessions);
  devices.attach(io);
  incidents.attach(io);
  attachLiveGateway(io, live, context.sessions);
  live.start();

  return {
    app,
    io,
    bus,
    async listen(port, host = DEFAULT_HOST) {
      return app.listen({ port, host });
    },
    async close() {
      // Not io.close(): it would close the HTTP server that app.close() closes.
      io.disconnectSockets(true);
      io.engine.close();
      purge.stop();
      incidents.close();
      live.stop();
      // The last accepted fixes are committed before the database closes.
      writer.close();
      await app.close();
      db.close();
    },
  };
}
