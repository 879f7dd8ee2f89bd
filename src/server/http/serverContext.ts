/** What the route handlers are given: repositories by interface, the session service, a clock. */
import type { AuditRepository } from '../audit/auditRepository';
import type { AuthRepository } from '../auth/authRepository';
import type { SessionService } from '../auth/sessionService';
import type { RegistryRepository } from '../registry/registryRepository';
import type { UnitThemeCache } from '../registry/unitThemeCache';
import type { IncidentModule } from '../incidents/incidentModule';
import type { DeviceGateway } from '../tracking/deviceGateway';
import type { LiveHub } from '../tracking/liveHub';
import type { TrackingBus } from '../tracking/trackingBus';
import type { TrackingRepository } from '../tracking/trackingRepository';
import { ErrorResponse } from './responseSchemas';

export interface ServerContext {
  registry: RegistryRepository;
  unitThemes: UnitThemeCache;
  audit: AuditRepository;
  sessions: SessionService;
  now: () => Date;
  /** Incidents: use cases, feed, dispatch, Open311 (issue 4). */
  incidents: IncidentModule;
  /** Live tracking: the in-process bus, the store, and the /device namespace (issue 3). */
  bus: TrackingBus;
  tracking: TrackingRepository;
  devices: DeviceGateway;
  /** The /live fan-out: live status and newest position per worker (issue 3 §2). */
  live: LiveHub;
  /** Users, for the admin's scope changes. */
  users: AuthRepository;
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
