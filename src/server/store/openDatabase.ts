/**
 * Opens the district database: WAL journal (readers never wait for the writer), foreign keys on,
 * every transaction BEGIN IMMEDIATE (several processes may write), a file written by a newer
 * build refused, an older database upgraded (sealed identifiers, chained audit log), the schema
 * applied (idempotent: every statement is CREATE ... IF NOT EXISTS), the cockpit's rollups made
 * complete (statsRollups.ts), the numbered migrations run (sqliteMigrations.ts), and the files
 * only the owner may read.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { upgradeUsersTable } from './upgradeUsers';
import { defineAuditRowHash } from './auditChain';
import { upgradeDataAtRest } from './dataAtRestUpgrade';
import { restrictDatabaseFiles, restrictNewFileModes } from './fileModes';
import { ensureSearchIndex, probeSearchIndex } from './searchIndex';
import { ensureStatsRollups } from './statsRollups';
import { useImmediateTransactions } from './immediateTransactions';
import { applySqliteMigrations, assertSchemaKnown } from './sqliteMigrations';

const SCHEMA_PATH = fileURLToPath(new URL('./schema.sql', import.meta.url));
/** How long a statement waits for a lock held by another connection before failing. */
const BUSY_TIMEOUT_MS = 5_000;
/** Page cache per connection (negative: KiB). The default 2 MiB thrashes on a district of 1M people. */
const CACHE_SIZE_KIB = 64 * 1024;
/** Reads through a memory map instead of read() calls: fewer syscalls on random unit lookups. */
const MMAP_SIZE_BYTES = 512 * 1024 * 1024;

export type SqliteDatabase = Database.Database;

export function readSchemaSql(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/**
 * `memoryMap: false` for a connection that writes much of the file (a bulk import): every page a
 * memory map touched stays in the process's resident memory (~150 MB more at a million
 * imported residents), while its reads gain little from it. `cacheKib`: its page cache, and so
 * the memory each of its sorts holds before spilling to a temporary file (CACHE_SIZE_KIB unless
 * given).
 */
export function openDatabase(
  dbPath: string,
  options: { readonly?: boolean; memoryMap?: boolean; cacheKib?: number } = {},
): SqliteDatabase {
  restrictNewFileModes();
  const db = new Database(dbPath, { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma(`cache_size = -${options.cacheKib ?? CACHE_SIZE_KIB}`);
  db.pragma(`mmap_size = ${options.memoryMap === false ? 0 : MMAP_SIZE_BYTES}`);
  defineAuditRowHash(db);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // Several server processes may share the file (docs/decisions/0039-several-nodes.md).
    useImmediateTransactions(db);
    assertSchemaKnown(db);
    upgradeUsersTable(db);
    upgradeDataAtRest(db);
    const searchIndex = probeSearchIndex(db);
    db.exec(readSchemaSql());
    ensureSearchIndex(db, searchIndex);
    ensureStatsRollups(db);
    applySqliteMigrations(db);
    restrictDatabaseFiles(dbPath);
  }
  db.pragma('foreign_keys = ON');
  return db;
}
