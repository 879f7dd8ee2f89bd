/**
 * Everything the server reads and writes, built for one engine (docs/decisions/0040): the SQLite
 * file here, PostgreSQL in pg/postgresServerStores.ts. createServer assembles the modules over
 * this and never sees a connection, so both engines run the same server.
 */
import { dirname } from 'node:path';
import type { AssessmentRepository } from '../assessment/assessmentRepository';
import type { AuditLogReader } from '../audit/auditLogReader';
import type { AuditRepository } from '../audit/auditRepository';
import type { RevealCounter } from '../audit/revealGuard';
import type { LoginLockoutRepository } from '../auth/accountLockout';
import type { TrustedDeviceRepository } from '../auth/trustedDevices';
import type { UserAdminRepository } from '../auth/userAdminRepository';
import type { LeaseStore } from '../cluster/leaderLease';
import type { CockpitStatsRepository } from '../cockpit/cockpitStatsRepository';
import type { RetentionRows } from '../dataRetention';
import type {
  CommandRepository,
  NotificationRepository,
} from '../emergency/command/commandRepository';
import type { DoorKnockRepository } from '../emergency/doorKnocking';
import type { EvacuationRepository } from '../emergency/evacuationPlanner';
import type { EmergencyRepository } from '../emergency/plumeAssessment';
import type {
  EmergencyRecordRepository,
  SensorRepository,
} from '../emergency/records/emergencyRecordRepository';
import type { ExportRows } from '../exports/exportRows';
import type { ImportBatches } from '../imports/importBatches';
import type { ImportDatabase } from '../imports/importDatabase';
import type { AssigneeDirectory } from '../incidents/assignmentRule';
import type { RateLimitFactory } from '../incidents/fixedWindowRateLimit';
import type { AddressSearch } from '../incidents/hotlineDesk';
import type { PointInGrid } from '../incidents/gridLocator';
import type { IncidentHeatRepository } from '../incidents/incidentHeatQueries';
import type { IncidentRepository } from '../incidents/incidentRepository';
import type { ResidentPhotoRepository } from '../incidents/photos/residentPhotos';
import type { WorkerPhotoRows } from '../incidents/photos/workerPhotoRows';
import type {
  PartnerDeliveryRepository,
  ReporterAnswerRepository,
} from '../incidents/reporterAnswers';
import type { UsedProofs } from '../incidents/residentReportGuard';
import type { UnitVolumes } from '../model/unitVolumes';
import type { PersonErasure } from '../registry/erasePerson';
import type { ExpiringRentalQueries } from '../registry/expiringRentalQueries';
import type { RegisterRequestRepository } from '../registry/registerRequestRepository';
import type { RegistryRepository, RegistryRows } from '../registry/registryRepository';
import type { ResidentSearcher } from '../registry/residentSearcher';
import { InProcessSearcher } from '../registry/residentSearcher';
import { SearchWorkerPool } from '../search/searchPool';
import type { TrackingRepository } from '../tracking/trackingRepository';
import { type SqliteDatabase, openDatabase } from './openDatabase';
import { sqliteAddressSearch } from './sqliteAddressSearch';
import { sqliteExpiringRentalQueries } from './expiringQueries';
import { sqlitePartnerDeliveries } from './partnerCallbackRows';
import { sqliteImportBatches } from './registerImportStore';
import { sqliteRegisterRequests } from './registerRequestStore';
import { sqliteReporterAnswers } from './reporterAnswerRows';
import { sqliteResidentPhotoRepository } from './residentPhotoRows';
import { sqliteRetentionRows } from './retentionRows';
import { sqliteAssessmentRepository } from './sqliteAssessmentStore';
import { sqliteAssigneeDirectory } from './sqliteAssigneeDirectory';
import { sqliteAuditLogReader } from './sqliteAuditLogReader';
import { SqliteAuditStore, sqliteAuditRepository } from './sqliteAuditStore';
import { sqliteUserAdminRepository } from './sqliteAuthStore';
import { sqliteCommandRepository } from './sqliteCommandStore';
import { sqliteDoorKnockRepository } from './sqliteDoorKnockStore';
import { sqliteEmergencyRecords } from './sqliteEmergencyRecordStore';
import { sqliteEmergencyRepository } from './sqliteEmergencyStore';
import { sqliteEvacuationRepository } from './sqliteEvacuationStore';
import { sqliteExportRows } from './sqliteExportRows';
import { sqliteIncidentHeatRepository } from './sqliteIncidentHeatStore';
import { sqliteIncidentRepository } from './sqliteIncidentStore';
import { sqliteLeaseStore } from './sqliteLeaseStore';
import { sqliteLoginLockouts, sqliteTrustedDevices } from './sqliteLoginLockoutStore';
import { sqliteNotificationRepository } from './sqliteNotificationStore';
import { sqlitePersonErasure } from './sqlitePersonErasure';
import { sqliteRateLimits } from './sqliteRateLimit';
import { SqliteRegistryStore, sqliteRegistryRepository } from './sqliteRegistry';
import { sqliteRevealCounter } from './sqliteRevealCounter';
import { sqliteRollupStats } from './sqliteRollupStatsStore';
import { sqliteSensors } from './sqliteSensorStore';
import { sqliteTrackingRepository } from './sqliteTrackingStore';
import { sqliteUnitVolumes } from './sqliteUnitVolumes';
import { sqliteUsedProofs } from './sqliteUsedProofs';
import { sqliteWorkerPhotoRows } from './workerPhotoRows';

/**
 * The district's grids, base map and facts answered at once, for the use cases that read them
 * synchronously (point in grid, the street network, Open311's jurisdiction): the live rows on
 * SQLite, a snapshot reloaded after each change of the register on PostgreSQL.
 */
export type DistrictRows = Pick<
  RegistryRows,
  'readMeta' | 'listGrids' | 'findGrid' | 'listBasemap'
>;

/** What an import job writes into (imports/importJobs.ts runs it in a child process). */
export type ImportTarget =
  { engine: 'sqlite'; dbPath: string } | { engine: 'postgres'; url: string };

export interface SearchSetting {
  /** Worker threads (0: on the event loop). */
  workers: number;
  timeoutMs: number;
  maxQueued: number;
}

export interface ServerStores {
  engine: 'sqlite' | 'postgres';
  /** Where uploads, photos and import problem files go unless the server is told otherwise. */
  defaultDataDir: string;
  /** What an import job writes into (imports/importJobs.ts runs it in a child process). */
  importTarget: ImportDatabase;
  leases: LeaseStore;
  rateLimits(nowMs: () => number): RateLimitFactory;
  usedProofs: UsedProofs;
  loginLockouts: LoginLockoutRepository;
  trustedDevices: TrustedDeviceRepository;
  revealCounter: RevealCounter;
  users: UserAdminRepository;
  registry: RegistryRepository;
  district: DistrictRows;
  /** Which base grid holds a point, in the database (PostGIS); null: GridLocator over `district`. */
  pointInGrid: PointInGrid | null;
  /** Reads the district's rows again after the register changed (no-op where they are live). */
  reloadDistrict(): Promise<void>;
  searcher(setting: SearchSetting): ResidentSearcher;
  tracking: TrackingRepository;
  workerPhotos: WorkerPhotoRows;
  retentionRows: RetentionRows;
  audit: AuditRepository;
  auditLog: AuditLogReader;
  registerRequests: RegisterRequestRepository;
  personErasure: PersonErasure;
  addressSearch: AddressSearch;
  incidentHeat: IncidentHeatRepository;
  incidents: IncidentRepository;
  assignees: AssigneeDirectory;
  reporterAnswers: ReporterAnswerRepository;
  partnerDeliveries: PartnerDeliveryRepository;
  residentPhotos: ResidentPhotoRepository;
  emergency: EmergencyRepository;
  evacuation: EvacuationRepository;
  emergencyRecords: EmergencyRecordRepository;
  sensors: SensorRepository;
  doorKnock: DoorKnockRepository;
  command: CommandRepository;
  notifications: NotificationRepository;
  cockpitStats: CockpitStatsRepository;
  assessment: AssessmentRepository;
  unitVolumes: UnitVolumes;
  importBatches: ImportBatches;
  expiringRentals: ExpiringRentalQueries;
  exportRows: ExportRows;
  /**
   * Whether the incident feed must be read back from the database in sequence order (commits on
   * several connections may resolve out of order: PostgreSQL), or may be handed out as committed.
   */
  feedFollowsDatabase: boolean;
  close(): Promise<void>;
}

/** The embedded default: one SQLite file (opened, upgraded and migrated by openDatabase). */
export function sqliteServerStores(dbPath: string): ServerStores {
  const db: SqliteDatabase = openDatabase(dbPath);
  const registry = sqliteRegistryRepository(db);
  // Register requests and erasures write their audit row inside their own SQLite transaction.
  const auditInTransaction = new SqliteAuditStore(db);
  return {
    engine: 'sqlite',
    defaultDataDir: dirname(dbPath),
    importTarget: { engine: 'sqlite', dbPath },
    leases: sqliteLeaseStore(db),
    rateLimits: (nowMs) => sqliteRateLimits(db, nowMs),
    usedProofs: sqliteUsedProofs(db),
    loginLockouts: sqliteLoginLockouts(db),
    trustedDevices: sqliteTrustedDevices(db),
    revealCounter: sqliteRevealCounter(db),
    users: sqliteUserAdminRepository(db),
    registry,
    district: new SqliteRegistryStore(db),
    pointInGrid: null,
    reloadDistrict: () => Promise.resolve(),
    searcher: (setting) =>
      setting.workers === 0
        ? new InProcessSearcher(registry)
        : new SearchWorkerPool({
            dbPath,
            size: setting.workers,
            timeoutMs: setting.timeoutMs,
            maxQueued: setting.maxQueued,
          }),
    tracking: sqliteTrackingRepository(db),
    workerPhotos: sqliteWorkerPhotoRows(db),
    retentionRows: sqliteRetentionRows(db),
    audit: sqliteAuditRepository(db),
    auditLog: sqliteAuditLogReader(db),
    registerRequests: sqliteRegisterRequests(db, auditInTransaction),
    personErasure: sqlitePersonErasure(db, auditInTransaction),
    addressSearch: sqliteAddressSearch(db),
    incidentHeat: sqliteIncidentHeatRepository(db),
    incidents: sqliteIncidentRepository(db),
    assignees: sqliteAssigneeDirectory(db),
    reporterAnswers: sqliteReporterAnswers(db),
    partnerDeliveries: sqlitePartnerDeliveries(db),
    residentPhotos: sqliteResidentPhotoRepository(db),
    emergency: sqliteEmergencyRepository(db),
    evacuation: sqliteEvacuationRepository(db),
    emergencyRecords: sqliteEmergencyRecords(db),
    sensors: sqliteSensors(db),
    doorKnock: sqliteDoorKnockRepository(db),
    command: sqliteCommandRepository(db),
    notifications: sqliteNotificationRepository(db),
    // The rollups kept by triggers (decision 0027), not the GROUP BY over the raw tables.
    cockpitStats: sqliteRollupStats(db),
    assessment: sqliteAssessmentRepository(db),
    unitVolumes: sqliteUnitVolumes(db),
    importBatches: sqliteImportBatches(db),
    expiringRentals: sqliteExpiringRentalQueries(db),
    exportRows: sqliteExportRows(db),
    feedFollowsDatabase: false,
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
