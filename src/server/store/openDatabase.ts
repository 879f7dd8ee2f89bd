/**
 * Opens the district database: WAL journal (readers never wait for the writer), foreign keys on,
 * and the schema applied (idempotent: every statement is CREATE ... IF NOT EXISTS).
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCHEMA_PATH = fileURLToPath(new URL('./schema.sql', import.meta.url));
/** How long a statement waits for a lock held by another connection before failing. */
const BUSY_TIMEOUT_MS = 5_000;

export type SqliteDatabase = Database.Database;

export function readSchemaSql(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

export function openDatabase(dbPath: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const db = new Database(dbPath, { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.exec(readSchemaSql());
  }
  db.pragma('foreign_keys = ON');
  return db;
}
