/**
 * `npm run audit:verify -- [--db path]`: walks the audit log's hash chain and names the first
 * row that does not fit (edited, removed, inserted). Exit code 1 when the chain is broken. The
 * last line is JSON, with the newest row's hash to keep elsewhere.
 */
import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../src/server/store/auditChain';
import { openDatabase } from '../src/server/store/openDatabase';
import { databasePath, runCommand } from './dataAtRest/dataPaths';

runCommand(() => {
  const { values } = parseArgs({ options: { db: { type: 'string' } } });
  const db = openDatabase(databasePath(values.db), { readonly: true });
  try {
    const report = verifyAuditChain(db);
    if (report.ok) console.log(`审计链完整 / audit chain intact: ${report.rows} rows`);
    else
      console.log(
        `审计链在第 ${report.firstBroken!.id} 行断开 / audit chain broken at row ${report.firstBroken!.id}: ${report.firstBroken!.problem}`,
      );
    console.log(JSON.stringify(report));
    if (!report.ok) process.exitCode = 1;
  } finally {
    db.close();
  }
});
