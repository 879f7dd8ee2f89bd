/**
 * The API's routes, registered in one place and in the order the OpenAPI document lists them,
 * with the modules whose routes stand among them: Open311, the emergency side, the data import.
 * Wiring only; what a route does lives in routes/ and in the modules.
 */
import { API_PREFIX } from '../../shared/api';
import { DEFAULT_POSITION_RETENTION_DAYS } from '../../shared/tracking';
import {
  registerEmergencyModule,
  type EmergencyModule,
  type EmergencyModuleDeps,
} from '../emergency/emergencyModule';
import { openImagerySource } from '../imagery/imagerySource';
import { DEFAULT_IMPORT_MAX_BYTES } from '../imports/importJobs';
import { registerImportModule } from '../imports/importModule';
import type { RateLimitFactory } from '../incidents/fixedWindowRateLimit';
import { registerOpen311Module } from '../incidents/open311Module';
import { photogrammetryFromEnv, type PhotogrammetrySetting } from '../model/photogrammetryConfig';
import type { ServerOptions } from '../serverOptions';
import type { StartedParts } from '../startedParts';
import type { ServerStores } from '../store/serverStores';
import type { HttpApp } from './httpApp';
import { registerOpenApiRoute } from './openApi';
import { assessmentRoutes } from './routes/assessmentRoutes';
import { authRoutes } from './routes/authRoutes';
import { cockpitRoutes } from './routes/cockpitRoutes';
import { deviceRoutes } from './routes/deviceRoutes';
import { exportRoutes } from './routes/exportRoutes';
import { gridRoutes } from './routes/gridRoutes';
import { hotlineRoutes } from './routes/hotlineRoutes';
import { imageryRoutes } from './routes/imageryRoutes';
import { incidentHeatRoutes } from './routes/incidentHeatRoutes';
import { incidentRoutes } from './routes/incidentRoutes';
import { modelRoutes } from './routes/modelRoutes';
import { personErasureRoutes } from './routes/personErasureRoutes';
import { phoneAppRoutes } from './routes/phoneAppRoutes';
import { registerRequestRoutes } from './routes/registerRequestRoutes';
import { registryRoutes } from './routes/registryRoutes';
import { rentalRoutes } from './routes/rentalRoutes';
import { residentMapRoutes } from './routes/residentMapRoutes';
import { userRoutes } from './routes/userRoutes';
import { workerRoutes } from './routes/workerRoutes';
import type { ServerContext } from './serverContext';

export interface ApiRoutesDeps {
  context: ServerContext;
  stores: ServerStores;
  settings: Pick<
    ServerOptions,
    | 'positionRetentionDays'
    | 'imagery'
    | 'photogrammetry'
    | 'importMaxBytes'
    | 'open311Partners'
    | 'open311RequireApiKey'
    | 'open311RequireProof'
  >;
  /** Where import uploads and problem files go. */
  dataDir: string;
  /** Counters shared by a cluster's nodes; undefined alone (this process's memory). */
  rateLimits: RateLimitFactory | undefined;
  /** What the emergency side needs besides the context and the stores. */
  emergency: Omit<EmergencyModuleDeps, 'context' | 'stores' | 'incidents' | 'audit' | 'now'>;
  /** An import committed rows or was rolled back: the district's grids may have changed. */
  onDistrictChanged: () => void;
  /** Where the parts with timers or processes (emergency, import jobs) are added as they start. */
  started: StartedParts;
}

export interface ApiRoutes {
  emergency: EmergencyModule;
  /** The district's own 3D model in force (null: none); its local files are served too. */
  photogrammetry: PhotogrammetrySetting | null;
}

export async function registerApiRoutes(app: HttpApp, deps: ApiRoutesDeps): Promise<ApiRoutes> {
  const { context, stores, settings, rateLimits, started } = deps;
  await app.register(authRoutes, { prefix: API_PREFIX, context });
  await app.register(gridRoutes, { prefix: API_PREFIX, context });
  await app.register(registryRoutes, { prefix: API_PREFIX, context });
  await app.register(personErasureRoutes, {
    prefix: API_PREFIX,
    context,
    erasure: stores.personErasure,
  });
  await app.register(incidentRoutes, { prefix: API_PREFIX, context });
  await registerOpen311Module(app, {
    incidents: context.incidents,
    district: stores.district,
    nowMs: () => context.now().getTime(),
    partners: settings.open311Partners,
    requireApiKey: settings.open311RequireApiKey,
    requireProof: settings.open311RequireProof,
    ...(rateLimits === undefined ? {} : { shared: { rateLimits, usedProofs: stores.usedProofs } }),
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
    incidents: context.incidents,
    audit: context.audit,
    now: context.now,
    ...deps.emergency,
  });
  started.add('jobs', () => emergency.close());
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
    positionRetentionDays: settings.positionRetentionDays ?? DEFAULT_POSITION_RETENTION_DAYS,
  });
  await app.register(deviceRoutes, { prefix: API_PREFIX, context });
  await app.register(residentMapRoutes, { prefix: API_PREFIX, context });
  await app.register(phoneAppRoutes, { prefix: API_PREFIX, context });
  await app.register(workerRoutes, { prefix: API_PREFIX, context });
  await app.register(userRoutes, { prefix: API_PREFIX, context });
  const imagery = await openImagerySource(settings.imagery);
  app.addHook('onClose', () => imagery.close());
  await app.register(imageryRoutes, { prefix: API_PREFIX, imagery });
  const photogrammetry =
    settings.photogrammetry === undefined ? photogrammetryFromEnv() : settings.photogrammetry;
  await app.register(modelRoutes, {
    prefix: API_PREFIX,
    context,
    volumes: stores.unitVolumes,
    photogrammetry,
  });
  const importJobs = await registerImportModule(app, {
    context,
    stores,
    dataDir: deps.dataDir,
    maxBytes: settings.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
    onRegisterChanged: deps.onDistrictChanged,
  });
  started.add('jobs', () => importJobs.close());
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
  return { emergency, photogrammetry };
}
