/**
 * Global setup of the vitest projects whose suites make PostgreSQL databases: at the end of the
 * run, drops the migrated template its workers cloned their databases from (testPostgres.ts's
 * createMigratedTestPostgres), and any left by a run that was killed. Test support only.
 */
import { dropTestTemplates } from './testPostgres';

export async function teardown(): Promise<void> {
  await dropTestTemplates(process.pid);
}
