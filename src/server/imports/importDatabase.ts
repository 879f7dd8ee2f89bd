/**
 * The database an import process writes into (importChild.ts, `npm run import`): the SQLite
 * file, or PostgreSQL (docs/decisions/0040). Opens what the import needs on either engine: the
 * kinds' target, the audit row's writer and the batches (for the CLI's rollback).
 */
import type { NewAuditRecord } from '../audit/auditRepository';
import { openDatabase } from '../store/openDatabase';
import { PostgresAuditRepository } from '../store/pg/postgresAuditRepository';
import { PostgresImportBatches } from '../store/pg/postgresImportBatches';
import { createPostgresPool } from '../store/pg/postgresPool';
import { sqliteImportBatches } from '../store/registerImportStore';
import { loadIdentifierSealer } from '../store/dataKeyFiles';
import { SqliteAuditStore } from '../store/sqliteAuditStore';
import type { ImportBatches } from './importBatches';
import type { ImportTarget } from './importKind';

export type ImportDatabase =
  { engine: 'sqlite'; dbPath: string } | { engine: 'postgres'; url: string };

/** An import process holds one connection (SQLite) or a pool of this many (PostgreSQL). */
const IMPORT_POOL_SIZE = 2;
/**
 * The import connection's page cache (SQLite), a quarter of a server connection's: a bulk load
 * appends rows, which needs few cached pages, while the cache and each sort of the end-of-import
 * rebuild (indexes, register rollup, up to this much each) count in the process's peak. Measured
 * at a million register rows (decision 0018): with 64 MiB the peak rose ~50-90 MB during the
 * rollup's sort, with 16 MiB by ~10 MB, at no cost in rows per second.
 */
export const IMPORT_CACHE_KIB = 16 * 1024;

export interface OpenedImportDatabase {
  target: ImportTarget;
  batches: ImportBatches;
  recordAudit(audit: NewAuditRecord): Promise<number>;
  close(): Promise<void>;
}

/** `dataDir`: where the data key is (PostgreSQL: $DATA_DIR/data.key unless DATA_KEY(_FILE)). */
export function openImportDatabase(
  database: ImportDatabase,
  dataDir: string,
): OpenedImportDatabase {
  if (database.engine === 'sqlite') {
    const db = openDatabase(database.dbPath, { memoryMap: false, cacheKib: IMPORT_CACHE_KIB });
    const audit = new SqliteAuditStore(db);
    return {
      target: { engine: 'sqlite', db },
      batches: sqliteImportBatches(db),
      recordAudit: async (record) => audit.recordAudit(record),
      close: async () => {
        db.close();
      },
    };
  }
  const pool = createPostgresPool(database.url, IMPORT_POOL_SIZE);
  const sealer = loadIdentifierSealer(dataDir, { create: false });
  const audit = new PostgresAuditRepository(pool, sealer);
  return {
    target: { engine: 'postgres', pool, sealer },
    batches: new PostgresImportBatches(pool, sealer),
    recordAudit: (record) => audit.recordAudit(record),
    close: () => pool.end(),
  };
}
