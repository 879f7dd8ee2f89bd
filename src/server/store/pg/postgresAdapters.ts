/**
 * The repositories (and the other readers and writers of the SQLite file that the server builds)
 * that have no PostgreSQL adapter yet. The server
 * refuses DATABASE_URL while this is not empty (databaseConfig.ts); a name leaves it in the
 * commit that lands its adapter and runs its contract tests on both engines.
 */
const WITHOUT_POSTGRES_ADAPTER: readonly string[] = [
  'RegisterRequestRepository',
  // Search worker threads open the SQLite file (search/searchPool.ts).
  'ResidentSearcher',
];

export function missingPostgresAdapters(): string[] {
  return [...WITHOUT_POSTGRES_ADAPTER];
}
