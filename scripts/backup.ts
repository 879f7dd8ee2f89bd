/**
 * `npm run backup -- [--db path] [--out file]`: a consistent copy of the database while the
 * server runs (SQLite online backup), checked (integrity, audit chain, the key opens it), 0600.
 * Default output: $DATA_DIR/backups/district-<UTC time>.sqlite. The data key is not copied:
 * keep it apart from the backups. The last line is JSON.
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '../src/server/store/databaseBackup';
import { databasePath, runCommand } from './dataAtRest/dataPaths';

runCommand(async () => {
  const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string' } } });
  const dbPath = databasePath(values.db);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = values.out ?? join(dirname(dbPath), 'backups', `district-${stamp}.sqlite`);
  const startedMs = performance.now();
  const check = await backupDatabase(dbPath, out);
  console.log(`备份完成 / backup written: ${out}`);
  console.log(
    JSON.stringify({
      backup: out,
      integrity: check.integrity,
      auditChainOk: check.auditChain.ok,
      auditRows: check.auditChain.rows,
      auditHeadHash: check.auditChain.headHash,
      elapsedMs: Math.round(performance.now() - startedMs),
    }),
  );
});
