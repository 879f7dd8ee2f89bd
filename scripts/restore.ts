/**
 * `npm run restore -- <backup file> [--db path]`: checks the backup (integrity, audit chain,
 * the data key of the target folder opens it) and copies it over the database. Stop the server
 * first. The last line is JSON.
 */
import { parseArgs } from 'node:util';
import { restoreDatabase } from '../src/server/store/databaseBackup';
import { databasePath, runCommand } from './dataAtRest/dataPaths';

runCommand(async () => {
  const { values, positionals } = parseArgs({
    options: { db: { type: 'string' } },
    allowPositionals: true,
  });
  const backup = positionals[0];
  if (backup === undefined || positionals.length > 1)
    throw new Error('用法 / usage: npm run restore -- <backup file> [--db path]');
  const dbPath = databasePath(values.db);
  const check = await restoreDatabase(backup, dbPath);
  console.log(`已恢复 / restored ${backup} to ${dbPath}`);
  console.log(
    JSON.stringify({
      restored: dbPath,
      from: backup,
      integrity: check.integrity,
      auditRows: check.auditChain.rows,
    }),
  );
});
