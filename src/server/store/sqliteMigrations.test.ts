/** Versioned migrations of the SQLite file: old files open and upgrade without loss, once. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
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

  it('3: gives the persons of a file at version 2 their building, and keeps it as they move', () => {
    const dbPath = join(rootDir, 'buildings.sqlite');
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    const old = new Database(dbPath);
    // What a file at version 2 had: no column, index or triggers, no version 3.
    for (const { name } of old
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'persons_building%'",
      )
      .all() as Array<{ name: string }>) {
      old.exec(`DROP TRIGGER ${name}`);
    }
    old.exec('DROP INDEX persons_building; ALTER TABLE persons DROP COLUMN building_id');
    old.exec('DELETE FROM schema_migrations WHERE version = 3');
    old.close();

    const db = openDatabase(dbPath);
    expect(versions(db)).toEqual(SHIPPED);
    const wrong = () =>
      db
        .prepare(
          'SELECT count(*) AS n FROM persons p JOIN households h ON h.id = p.household_id ' +
            'JOIN units u ON u.id = h.unit_id WHERE p.building_id IS NOT u.building_id',
        )
        .get() as { n: number };
    expect(
      (db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n,
    ).toBeGreaterThan(0);
    expect(wrong()).toEqual({ n: 0 });
    const [first, second] = db
      .prepare(
        'SELECT h.id, h.unit_id FROM households h JOIN units u ON u.id = h.unit_id ' +
          'ORDER BY u.building_id LIMIT 2 OFFSET 0',
      )
      .all() as Array<{ id: number; unit_id: number }>;
    const otherBuildingUnit = db
      .prepare(
        'SELECT u.id FROM units u WHERE u.building_id <> (SELECT building_id FROM units WHERE id = ?) LIMIT 1',
      )
      .get(first!.unit_id) as { id: number };
    // A person written without it, moved to another household, a household moved, a unit moved.
    db.prepare(
      "INSERT INTO persons (household_id, name, sex, birth_date, id_number_sealed, id_number_index, id_number_masked, relation) VALUES (?, '新人', 'M', '1990-01-01', x'01', x'01', '3501**********0011', 'head')",
    ).run(first!.id);
    expect(wrong()).toEqual({ n: 0 });
    db.prepare('UPDATE persons SET household_id = ? WHERE household_id = ?').run(
      second!.id,
      first!.id,
    );
    expect(wrong()).toEqual({ n: 0 });
    db.prepare('UPDATE households SET unit_id = ? WHERE id = ?').run(
      otherBuildingUnit.id,
      second!.id,
    );
    expect(wrong()).toEqual({ n: 0 });
    db.prepare(
      'UPDATE units SET building_id = (SELECT max(id) FROM buildings), floor = 1000 WHERE id = ?',
    ).run(otherBuildingUnit.id);
    expect(wrong()).toEqual({ n: 0 });
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
