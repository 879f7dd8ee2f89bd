/**
 * The server's stores on PostgreSQL + PostGIS (DATABASE_URL, docs/decisions/0040): one pool per
 * process, the schema migrated on start (several nodes starting at once take turns on the
 * migrations' advisory lock), the data key loaded as on SQLite (DATA_KEY, DATA_KEY_FILE or
 * $DATA_DIR/data.key: every node of a cluster needs the same one), never created.
 */
import { DistrictSnapshot } from '../../registry/districtSnapshot';
import { InProcessSearcher } from '../../registry/residentSearcher';
import { loadIdentifierSealer } from '../dataKeyFiles';
import type { ServerStores } from '../serverStores';
import { PostgresAddressSearch } from './postgresAddressSearch';
import { PostgresAssessmentRepository } from './postgresAssessmentRepository';
import { postgresAssigneeDirectory } from './postgresAssigneeDirectory';
import { PostgresAuditLogReader } from './postgresAuditLogReader';
import { appendPostgresAuditRow, PostgresAuditRepository } from './postgresAuditRepository';
import { PostgresRollupStats } from './postgresRollupStats';
import { PostgresCommandRepository } from './postgresCommandRepository';
import { PostgresDoorKnockStore } from './postgresDoorKnockStore';
import { PostgresEmergencyRecords } from './postgresEmergencyRecords';
import { PostgresEmergencyStore, PostgresEvacuationStore } from './postgresEmergencyStore';
import { PostgresExpiringRentalQueries } from './postgresExpiringRentalQueries';
import { PostgresExportRows } from './postgresExportRows';
import { PostgresIncidentHeat } from './postgresIncidentHeat';
import { PostgresIncidentRepository } from './postgresIncidentRepository';
import { PostgresLeaseStore } from './postgresLeaseStore';
import { PostgresLoginLockouts, PostgresTrustedDevices } from './postgresLoginLockouts';
import { runPostgresMigrationsOnPool } from './postgresMigrations';
import { PostgresNotificationRepository } from './postgresNotificationRepository';
import { PostgresPersonErasure } from './postgresPersonErasure';
import { PostgresPointInGrid } from './postgresPointInGrid';
import { createPostgresPool } from './postgresPool';
import { postgresRateLimits } from './postgresRateLimits';
import { PostgresRegisterRequests } from './postgresRegisterRequests';
import { PostgresImportBatches } from './postgresImportBatches';
import { PostgresRegistry } from './postgresRegistry';
import { PostgresPartnerDeliveries, PostgresReporterAnswers } from './postgresReporterAnswers';
import { PostgresResidentPhotos } from './postgresResidentPhotos';
import { PostgresRetentionRows } from './postgresRetentionRows';
import { PostgresRevealCounter } from './postgresRevealCounter';
import { PostgresSensors } from './postgresSensors';
import { PostgresTrackingRepository } from './postgresTrackingRepository';
import { PostgresUnitVolumes } from './postgresUnitVolumes';
import { PostgresUsedProofs } from './postgresUsedProofs';
import { PostgresUserAdminRepository } from './postgresUserAdminRepository';
import { PostgresWorkerPhotoRows } from './postgresWorkerPhotoRows';

/** Connections per node: the event loop's requests, the batch writer and the jobs share them. */
const SERVER_POOL_SIZE = 16;

export async function postgresServerStores(options: {
  url: string;
  /** Where the data key, uploads and import problem files live ($DATA_DIR). */
  dataDir: string;
  /** An idle connection lost (a restart of PostgreSQL): logged; the pool connects anew. */
  onConnectionError?: (error: Error) => void;
}): Promise<ServerStores> {
  const pool = createPostgresPool(
    options.url,
    SERVER_POOL_SIZE,
    options.onConnectionError ?? ((error) => console.error(error)),
  );
  try {
    await runPostgresMigrationsOnPool(pool);
    // Never a new key here: the district's identifiers were sealed with the one it came with
    // (db:copy), and a new key would leave every sealed identifier unreadable.
    const sealer = loadIdentifierSealer(options.dataDir, { create: false });
    const registry = new PostgresRegistry(pool, () => sealer);
    const district = new DistrictSnapshot(registry);
    await district.reload();
    const tracking = new PostgresTrackingRepository(pool, sealer);
    return {
      engine: 'postgres',
      defaultDataDir: options.dataDir,
      importTarget: { engine: 'postgres', url: options.url },
      leases: new PostgresLeaseStore(pool),
      rateLimits: (nowMs) => postgresRateLimits(pool, nowMs),
      usedProofs: new PostgresUsedProofs(pool),
      loginLockouts: new PostgresLoginLockouts(pool),
      trustedDevices: new PostgresTrustedDevices(pool),
      revealCounter: new PostgresRevealCounter(pool),
      users: new PostgresUserAdminRepository(pool),
      registry,
      district,
      pointInGrid: new PostgresPointInGrid(pool),
      reloadDistrict: () => district.reload(),
      // Searches are SQL on the database's own indexes: nothing to move off the event loop.
      searcher: () => new InProcessSearcher(registry),
      tracking,
      workerPhotos: new PostgresWorkerPhotoRows(pool),
      retentionRows: new PostgresRetentionRows(pool),
      audit: new PostgresAuditRepository(pool, sealer),
      auditLog: new PostgresAuditLogReader(pool),
      registerRequests: new PostgresRegisterRequests(pool, sealer),
      personErasure: new PostgresPersonErasure(pool, appendPostgresAuditRow),
      addressSearch: new PostgresAddressSearch(pool),
      incidentHeat: new PostgresIncidentHeat(pool),
      incidents: new PostgresIncidentRepository(pool, () => sealer),
      assignees: postgresAssigneeDirectory(pool, sealer),
      reporterAnswers: new PostgresReporterAnswers(pool),
      partnerDeliveries: new PostgresPartnerDeliveries(pool),
      residentPhotos: new PostgresResidentPhotos(pool),
      emergency: new PostgresEmergencyStore(pool),
      evacuation: new PostgresEvacuationStore(pool),
      emergencyRecords: new PostgresEmergencyRecords(pool, sealer),
      sensors: new PostgresSensors(pool),
      doorKnock: new PostgresDoorKnockStore(pool),
      command: new PostgresCommandRepository(pool),
      notifications: new PostgresNotificationRepository(pool, sealer),
      // The rollups kept by 0008's triggers, as on SQLite (not the GROUP BY over raw tables).
      cockpitStats: new PostgresRollupStats(pool),
      assessment: await PostgresAssessmentRepository.open(pool),
      unitVolumes: new PostgresUnitVolumes(pool),
      importBatches: new PostgresImportBatches(pool, sealer),
      expiringRentals: new PostgresExpiringRentalQueries(pool),
      exportRows: new PostgresExportRows(pool),
      // Commits on several clients may resolve out of order: the feed is read back in sequence.
      feedFollowsDatabase: true,
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
