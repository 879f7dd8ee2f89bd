import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoDevices } from '../../demoDevices';
import { ensureDemoUsers } from '../../demoUsers';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { createMigratedTestPostgres, type TestPostgres } from '../../testing/testPostgres';
import { TEST_DISTRICT_SIZE } from '../../testing/testServer';
import { openDatabase } from '../openDatabase';
import { NEW_BATCH_COLUMNS } from '../registerImportStore';
import { SqliteAuditStore } from '../sqliteAuditStore';
import { copyFromSqlite } from './copyFromSqlite';
import { createPostgresPool, type PostgresPool } from './postgresPool';

/** Text COPY must carry unchanged: its escapes (backslash, tab, newline, CR) and Chinese. */
const FEED_EVENTS = 3;
const AWKWARD_TEXT = 'a\\b\tc\nd\re 网格 \\N';

describe('copyFromSqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-copy-all-'));
  const dbPath = join(dir, 'district.sqlite');
  let database: TestPostgres;
  let pool: PostgresPool;

  beforeAll(async () => {
    database = await createMigratedTestPostgres();
    pool = createPostgresPool(database.url, 2);
    const district = writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    await ensureDemoUsers(dbPath, 'copy-test-password');
    ensureDemoDevices(dbPath, { workerIds: district.workerIds.slice(0, 3) });
    const db = openDatabase(dbPath);
    try {
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('awkward', AWKWARD_TEXT);
      const event = db.prepare(
        'INSERT INTO incident_events (incident_id, grid_code, event) VALUES (?, ?, ?)',
      );
      for (let index = 0; index < FEED_EVENTS; index++) event.run(`I${index}`, '350102', '{}');
      // An import batch whose journal holds a range of created persons (decision 0018).
      db.exec(
        `INSERT INTO import_batches (${NEW_BATCH_COLUMNS}) VALUES ` +
          "('b1', 'registers', 'r.csv', 'x', 'admin', '2026-12-07T00:00:00.000Z', 3, 3, 0, '{}')",
      );
      db.exec(
        'INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before, last_target_id) ' +
          "VALUES ('b1', 1, 'person', 1, 'created', NULL, 3), ('b1', 2, 'person', 4, 'created', NULL, NULL)",
      );
      const audit = new SqliteAuditStore(db);
      for (let index = 0; index < 3; index++) {
        audit.recordAudit({
          at: new Date(Date.UTC(2026, 11, 6, 10, index)).toISOString(),
          username: 'admin',
          action: 'test',
          targetType: 'person',
          targetId: String(index + 1),
          fields: '',
          reason: `reason ${index}`,
        });
      }
    } finally {
      db.close();
    }
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table both engines have, row for row, parents first, in one transaction', async () => {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const progress: string[] = [];
      const copied = await copyFromSqlite(db, pool, {
        onProgress: ({ table, rows, total }) => {
          if (rows === total) progress.push(table);
        },
      });
      const tables = Object.keys(copied);
      for (const table of ['grids', 'persons', 'users', 'device_tokens', 'audit_log']) {
        expect(tables).toContain(table);
      }
      expect(tables.indexOf('grids')).toBeLessThan(tables.indexOf('buildings'));
      expect(tables.indexOf('users')).toBeLessThan(tables.indexOf('sessions'));
      // Derived SQLite tables stay behind.
      expect(tables).not.toContain('persons_name_fts');
      expect(tables).not.toContain('person_name_grams');
      // The cockpit's rollups are PostgreSQL's own, recomputed from the copied rows.
      expect(tables.filter((table) => table.startsWith('stats_'))).toEqual([]);
      const persons = (db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
      const { rows: counted } = await pool.query<{ n: number }>(
        "SELECT sum(count)::int AS n FROM stats_register_rollup WHERE dim = 'category' " +
          'AND length(area) = 6',
      );
      expect(counted[0]!.n).toBe(persons);
      for (const table of tables) {
        const onSqlite = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number })
          .n;
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${table}"`,
        );
        expect({ table, rows: rows[0]!.n }).toEqual({ table, rows: onSqlite });
        expect(copied[table]).toBe(onSqlite);
      }
      expect(new Set(progress)).toEqual(new Set(tables));
      // The feed goes on past the copied events.
      const { rows: head } = await pool.query<{ last: number }>(
        'SELECT last_sequence AS last FROM incident_feed_head',
      );
      expect(head[0]!.last).toBe(FEED_EVENTS);

      const { rows: meta } = await pool.query<{ value: string }>(
        "SELECT value FROM meta WHERE key = 'awkward'",
      );
      expect(meta[0]!.value).toBe(AWKWARD_TEXT);
      const { rows: journal } = await pool.query(
        'SELECT seq, target_id, last_target_id FROM import_batch_changes ORDER BY seq',
      );
      expect(journal).toEqual([
        { seq: 1, target_id: 1, last_target_id: 3 },
        { seq: 2, target_id: 4, last_target_id: null },
      ]);
      const chain = db.prepare('SELECT id, prev_hash, hash FROM audit_log ORDER BY id').all();
      const { rows: copiedChain } = await pool.query(
        'SELECT id, prev_hash, hash FROM audit_log ORDER BY id',
      );
      expect(copiedChain).toEqual(chain);
      const person = db
        .prepare('SELECT id_number_sealed AS sealed FROM persons ORDER BY id LIMIT 1')
        .get() as { sealed: Buffer };
      const { rows: sealed } = await pool.query<{ sealed: Buffer }>(
        'SELECT id_number_sealed AS sealed FROM persons ORDER BY id LIMIT 1',
      );
      expect(Buffer.compare(sealed[0]!.sealed, person.sealed)).toBe(0);
      const { rows: users } = await pool.query<{ demo: boolean; scopes: string[] }>(
        "SELECT demo, scopes FROM users WHERE username = 'admin'",
      );
      expect(users[0]!.demo).toBe(true);
      const adminScopes = db.prepare("SELECT scopes FROM users WHERE username = 'admin'").get() as {
        scopes: string;
      };
      expect(users[0]!.scopes).toEqual(JSON.parse(adminScopes.scopes));
    } finally {
      db.close();
    }
  });

  it('refuses a database that already holds a district, and changes nothing', async () => {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const before = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
      await expect(copyFromSqlite(db, pool)).rejects.toThrow('already holds rows');
      const after = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    } finally {
      db.close();
    }
  });
});

/** Every index and foreign key of the schema, as PostgreSQL would recreate it. */
async function schemaDefinitions(pool: PostgresPool): Promise<string[]> {
  const { rows } = await pool.query<{ definition: string }>(
    `SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index
       JOIN pg_class t ON t.oid = indrelid
      WHERE t.relnamespace = current_schema()::regnamespace
     UNION ALL
     SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
     ORDER BY 1`,
  );
  return rows.map((row) => row.definition);
}

describe('copyFromSqlite, large tables loaded bare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-copy-bulk-'));
  const dbPath = join(dir, 'district.sqlite');
  const brokenPath = join(dir, 'broken.sqlite');
  let database: TestPostgres;
  let pool: PostgresPool;

  beforeAll(async () => {
    database = await createMigratedTestPostgres();
    pool = createPostgresPool(database.url, 2);
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    writeSyntheticDistrict(brokenPath, TEST_DISTRICT_SIZE);
    const broken = openDatabase(brokenPath);
    try {
      broken.pragma('foreign_keys = OFF');
      broken.prepare('UPDATE persons SET household_id = 999999999 WHERE id = 1').run();
    } finally {
      broken.close();
    }
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds every index and foreign key it dropped, and the keys still hold', async () => {
    const before = await schemaDefinitions(pool);
    const brokenDb = openDatabase(brokenPath, { readonly: true });
    try {
      // bulkRows 1: every table with a row loads bare; the broken key fails the rebuild.
      await expect(copyFromSqlite(brokenDb, pool, { bulkRows: 1 })).rejects.toThrow(/foreign key/);
    } finally {
      brokenDb.close();
    }
    expect(await schemaDefinitions(pool)).toEqual(before);
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const copied = await copyFromSqlite(db, pool, { bulkRows: 1, vacuumAnalyze: true });
      expect(copied.persons).toBeGreaterThan(0);
      // The planner has the copy's statistics, and reads may be index-only, at once (db:copy):
      // the copied tables and the rollups rebuilt from them, not when autovacuum comes.
      const { rows } = await pool.query<{ name: string; vacuumed: boolean; analyzed: boolean }>(
        'SELECT relname AS name, last_vacuum IS NOT NULL AS vacuumed, ' +
          'last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables ' +
          "WHERE relname IN ('persons', 'stats_wait_rollup') ORDER BY relname",
      );
      expect(rows).toEqual([
        { name: 'persons', vacuumed: true, analyzed: true },
        { name: 'stats_wait_rollup', vacuumed: true, analyzed: true },
      ]);
    } finally {
      db.close();
    }
    expect(await schemaDefinitions(pool)).toEqual(before);
  });
});
