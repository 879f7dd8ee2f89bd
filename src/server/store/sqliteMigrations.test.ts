/** Versioned migrations of the SQLite file: old files open and upgrade without loss, once. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, readSchemaSql } from './openDatabase';
import {
  applySqliteMigrations,
  BASELINE_VERSION,
  SchemaTooNewError,
  schemaVersionOf,
  SQLITE_MIGRATIONS,
  type SqliteMigration,
} from './sqliteMigrations';

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-migrations-'));
afterAll(() => rmSync(rootDir, { recursive: true, force: true }));

/** The versions a file opened by this build has: the baseline and every numbered migration. */
const SHIPPED = [BASELINE_VERSION, ...SQLITE_MIGRATIONS.map((migration) => migration.version)];
/** The test's own migrations come after the shipped ones. */
const NEXT = Math.max(...SHIPPED) + 1;

const RENAME_LABELS: SqliteMigration = {
  version: NEXT,
  name: 'counter names upper case',
  migrate: (db) => db.exec('UPDATE tracking_counters SET name = upper(name)'),
};
const ADD_NOTE: SqliteMigration = {
  version: NEXT + 1,
  name: 'counter notes',
  migrate: (db) =>
    db.exec("ALTER TABLE tracking_counters ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
};

function versions(db: Database.Database): number[] {
  return (
    db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{
      version: number;
    }>
  ).map((row) => row.version);
}

describe('SQLite schema migrations', () => {
  it('records the baseline and the shipped migrations on a new file', () => {
    const db = openDatabase(join(rootDir, 'new.sqlite'));
    expect(versions(db)).toEqual(SHIPPED);
    db.close();
  });

  it('opens a file made before versioning with its rows kept, and migrates it', () => {
    const dbPath = join(rootDir, 'unversioned.sqlite');
    const old = new Database(dbPath);
    old.exec(readSchemaSql()); // what an earlier build left: the schema, no schema_migrations
    old.exec("INSERT INTO tracking_counters (name, count) VALUES ('stored', 7)");
    old.close();

    const db = openDatabase(dbPath);
    expect(versions(db)).toEqual(SHIPPED);
    expect(db.prepare('SELECT count FROM tracking_counters').get()).toEqual({ count: 7 });
    db.close();
  });

  it('2: gives the import journal of a file at version 1 its ranges column, rows kept', () => {
    const dbPath = join(rootDir, 'journal.sqlite');
    const old = new Database(dbPath);
    const schema = readSchemaSql();
    expect(schema).toContain('  last_target_id INTEGER,\n');
    old.exec(schema.replace('  last_target_id INTEGER,\n', '')); // the journal as version 1 had it
    old.exec(
      "INSERT INTO import_batches (id, kind, file_name, file_sha256, actor, created_at, rows, accepted, rejected, changes) VALUES ('b1', 'registers', 'f.csv', 'x', 'admin', 't', 1, 1, 0, '{}')",
    );
    old.exec(
      "INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before) VALUES ('b1', 1, 'person', 7, 'created', NULL)",
    );
    old.close();

    const db = openDatabase(dbPath);
    expect(versions(db)).toEqual(SHIPPED);
    expect(db.prepare('SELECT target_id, last_target_id FROM import_batch_changes').all()).toEqual([
      { target_id: 7, last_target_id: null },
    ]);
    db.close();
  });

  it('runs each numbered migration once, in order, and keeps the rows', () => {
    const db = openDatabase(join(rootDir, 'numbered.sqlite'));
    db.exec("INSERT INTO tracking_counters (name, count) VALUES ('stored', 3)");
    expect(applySqliteMigrations(db, [ADD_NOTE, RENAME_LABELS])).toBe(NEXT + 1);
    expect(applySqliteMigrations(db, [ADD_NOTE, RENAME_LABELS])).toBe(NEXT + 1);
    expect(versions(db)).toEqual([...SHIPPED, NEXT, NEXT + 1]);
    expect(db.prepare('SELECT name, count, note FROM tracking_counters').get()).toEqual({
      name: 'STORED',
      count: 3,
      note: '',
    });
    db.close();
  });

  it('rolls a failing migration back and leaves its version unrecorded', () => {
    const db = openDatabase(join(rootDir, 'failing.sqlite'));
    const failing: SqliteMigration = {
      version: NEXT,
      name: 'half done',
      migrate: (inner) => {
        inner.exec("INSERT INTO tracking_counters (name, count) VALUES ('half', 1)");
        inner.exec('SELECT * FROM no_such_table');
      },
    };
    expect(() => applySqliteMigrations(db, [failing])).toThrow(/no_such_table/);
    expect(schemaVersionOf(db)).toBe(NEXT - 1);
    expect(db.prepare("SELECT * FROM tracking_counters WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a file written by a newer build', () => {
    const dbPath = join(rootDir, 'newer.sqlite');
    const db = openDatabase(dbPath);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 't')").run();
    db.close();
    expect(() => openDatabase(dbPath)).toThrow(SchemaTooNewError);
  });
});
