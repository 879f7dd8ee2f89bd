/**
 * Builds what the route handlers are given (ServerContext) over the stores and the modules
 * createServer has started: sessions with their lockouts, the reveal guard, the register's
 * caches and the review of the phones' change requests. Wiring only.
 */
import { DEFAULT_REVEAL_LIMIT_PER_HOUR, RevealGuard } from '../audit/revealGuard';
import type { SecurityAlerts } from '../audit/securityAlerts';
import { AccountLockout } from '../auth/accountLockout';
import { SessionService } from '../auth/sessionService';
import { TrustedDevices } from '../auth/trustedDevices';
import type { IncidentModule } from '../incidents/incidentModule';
import { GridsAndBasemapOnce } from '../registry/gridQueries';
import { getAppConfig } from '../registry/mapQueries';
import { RegisterRequestService } from '../registry/registerRequests';
import type { ResidentSearcher } from '../registry/residentSearcher';
import { UnitThemeCache } from '../registry/unitThemeCache';
import type { ServerStores } from '../store/serverStores';
import type { DeviceGateway } from '../tracking/deviceGateway';
import { GridStreets } from '../tracking/gridStreets';
import type { LiveHub } from '../tracking/liveHub';
import type { TrackingBus } from '../tracking/trackingBus';
import type { ServerContext } from './serverContext';

export interface ServerContextDeps {
  stores: Pick<
    ServerStores,
    | 'registry'
    | 'audit'
    | 'auditLog'
    | 'users'
    | 'loginLockouts'
    | 'trustedDevices'
    | 'revealCounter'
    | 'registerRequests'
    | 'tracking'
  >;
  search: ResidentSearcher;
  now: () => Date;
  incidents: IncidentModule;
  bus: TrackingBus;
  devices: DeviceGateway;
  live: LiveHub;
  /** Told when a user passes the reveal limit. */
  securityAlerts: SecurityAlerts;
  /** Reveals a user may make per hour (default DEFAULT_REVEAL_LIMIT_PER_HOUR). */
  revealLimitPerHour: number | undefined;
  workerName: (workerId: number) => Promise<string | null>;
  /** A household change request was approved: the register changed, its grids did not. */
  onHouseholdChanged: () => void;
}

export function createServerContext(deps: ServerContextDeps): ServerContext {
  const { stores, now } = deps;
  const { registry, audit, users } = stores;
  const lockoutStore = stores.loginLockouts;
  const gridsAndBasemap = new GridsAndBasemapOnce(registry);
  return {
    registry,
    search: deps.search,
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
    incidents: deps.incidents,
    bus: deps.bus,
    tracking: stores.tracking,
    devices: deps.devices,
    live: deps.live,
    users,
    revealGuard: new RevealGuard({
      audit,
      counter: stores.revealCounter,
      alerts: deps.securityAlerts,
      limitPerHour: deps.revealLimitPerHour ?? DEFAULT_REVEAL_LIMIT_PER_HOUR,
    }),
    auditLog: stores.auditLog,
    registerRequests: new RegisterRequestService({
      requests: stores.registerRequests,
      now,
      workerName: deps.workerName,
      onRegisterChanged: deps.onHouseholdChanged,
    }),
    gridsAndBasemap,
    gridStreets: new GridStreets(gridsAndBasemap),
  };
}
