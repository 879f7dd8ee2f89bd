/**
 * `npm run audit:verify -- [--db path]`: walks the audit log's hash chain and names the first
 * row that does not fit (edited, removed, inserted). With DATABASE_URL=postgres://… it walks the
 * PostgreSQL log instead of the SQLite file. Exit code 1 when the chain is broken. The last line
 * is JSON, with the newest row's hash to keep elsewhere.
 */
import { parseArgs } from 'node:util';
import type { AuditChainReport } from '../src/server/audit/auditLogReader';
import { databaseConfigFromEnv } from '../src/server/store/databaseConfig';
import { openDatabase } from '../src/server/store/openDatabase';
import { PostgresAuditLogReader } from '../src/server/store/pg/postgresAuditLogReader';
import { createPostgresPool } from '../src/server/store/pg/postgresPool';
import { sqliteAuditLogReader } from '../src/server/store/sqliteAuditLogReader';
import { databasePath, runCommand } from './dataAtRest/dataPaths';

async function verify(dbOption: string | undefined): Promise<AuditChainReport> {
  const config = databaseConfigFromEnv(process.env);
  if (config.engine === 'postgres') {
    const pool = createPostgresPool(config.url, 1);
    try {
      return await new PostgresAuditLogReader(pool).verifyChain();
    } finally {
      await pool.end();
    }
  }
  const db = openDatabase(databasePath(dbOption), { readonly: true });
  try {
    return await sqliteAuditLogReader(db).verifyChain();
  } finally {
    db.close();
  }
}

runCommand(async () => {
  const { values } = parseArgs({ options: { db: { type: 'string' } } });
  const report = await verify(values.db);
  if (report.ok) console.log(`审计链完整 / audit chain intact: ${report.rows} rows`);
  else
    console.log(
      `审计链在第 ${report.firstBroken!.id} 行断开 / audit chain broken at row ${report.firstBroken!.id}: ${report.firstBroken!.problem}`,
    );
  console.log(JSON.stringify(report));
  if (!report.ok) process.exitCode = 1;
});
