/** What the route handlers are given: repositories by interface, the session service, a clock. */
import type { AuditRepository } from '../audit/auditRepository';
import type { RevealGuard } from '../audit/revealGuard';
import type { AuditLogReader } from '../audit/auditLogReader';
import type { UserAdminRepository } from '../auth/userAdminRepository';
import type { SessionService } from '../auth/sessionService';
import type { RegisterRequestService } from '../registry/registerRequests';
import type { GridsAndBasemapOnce } from '../registry/gridQueries';
import type { RegistryRepository } from '../registry/registryRepository';
import type { ResidentSearcher } from '../registry/residentSearcher';
import type { UnitThemeCache } from '../registry/unitThemeCache';
import type { IncidentModule } from '../incidents/incidentModule';
import type { DeviceGateway } from '../tracking/deviceGateway';
import type { LiveHub } from '../tracking/liveHub';
import type { TrackingBus } from '../tracking/trackingBus';
import type { GridStreets } from '../tracking/gridStreets';
import type { TrackingRepository } from '../tracking/trackingRepository';
import { ErrorResponse } from './responseSchemas';

export interface ServerContext {
  registry: RegistryRepository;
  /** Resident search: a worker pool in the service, in-process in most tests. */
  search: ResidentSearcher;
  unitThemes: UnitThemeCache;
  audit: AuditRepository;
  sessions: SessionService;
  now: () => Date;
  /** Incidents: use cases, feed, dispatch, Open311. */
  incidents: IncidentModule;
  /** Live tracking: the in-process bus, the store, and the /device namespace. */
  bus: TrackingBus;
  tracking: TrackingRepository;
  devices: DeviceGateway;
  /** The /live fan-out: live status and newest position per worker. */
  live: LiveHub;
  /** Permission, purpose and per-user rate of every reveal (persons, incident text). */
  revealGuard: RevealGuard;
  /** Users, departments and sessions, for user management. */
  users: UserAdminRepository;
  /** Filtered reads of the audit log (auditor). */
  auditLog: AuditLogReader;
  /** Visit logs and household change requests from the phones, and their review. */
  registerRequests: RegisterRequestService;
  /**
   * Grids and base map read ahead for the synchronous use cases, and the streets clipped to each
   * grid for patrol coverage: one copy for the worker, cockpit and assessment routes, read again
   * after an import (`load()` before use).
   */
  gridsAndBasemap: GridsAndBasemapOnce;
  gridStreets: GridStreets;
}

export interface RouteOptions {
  context: ServerContext;
}

/** OpenAPI security requirement of every private route. */
export const SESSION_SECURITY: Array<Record<string, string[]>> = [
  { bearerAuth: [] },
  { cookieAuth: [] },
];

/** The error answers every private route can give. */
export const PRIVATE_ERRORS = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
};
