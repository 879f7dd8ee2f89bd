/**
 * The repositories the server builds over SQLite that have no PostgreSQL adapter yet. The server
 * refuses DATABASE_URL while this is not empty (databaseConfig.ts); a name leaves it in the
 * commit that lands its adapter and runs its contract tests on both engines.
 */
const WITHOUT_POSTGRES_ADAPTER: readonly string[] = [
  'AssigneeDirectory',
  'CockpitStatsRepository',
  'CommandRepository',
  'DoorKnockRepository',
  'EmergencyRecordRepository',
  'EmergencyRepository',
  'EvacuationRepository',
  'IncidentHeatRepository',
  'IncidentRepository',
  'NotificationRepository',
  'RegisterRequestRepository',
  'RegistryRepository',
  'ResidentPhotoRepository',
  'SensorRepository',
];

export function missingPostgresAdapters(): string[] {
  return [...WITHOUT_POSTGRES_ADAPTER];
}
