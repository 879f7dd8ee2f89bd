/**
 * Migrations marked OUTSIDE_TRANSACTION, on the machine's PostgreSQL: an index built
 * concurrently lets the table's writes go on, a failed build is tried again from clean, and two
 * nodes starting at once apply it once. Each test has a database of its own.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../../testing/testPostgres';
import {
  OUTSIDE_TRANSACTION,
  postgresSchemaVersion,
  runPostgresMigrations,
  statementsOf,
  type PostgresMigration,
} from './postgresMigrations';

/** How long an insert may take before it counts as held up by the index build. */
const HELD_UP_MS = 1_500;

const TABLE: PostgresMigration = {
  version: 1,
  name: 'table',
  sql: 'CREATE TABLE facts (id integer PRIMARY KEY, v integer NOT NULL)',
};

const opened: Array<{ end(): Promise<void> }> = [];
const databases: TestPostgres[] = [];

afterEach(async () => {
  for (const client of opened.splice(0)) await client.end().catch(() => {});
  for (const database of databases.splice(0)) await database.drop();
});

async function database(): Promise<TestPostgres> {
  const created = await createTestPostgres();
  databases.push(created);
  return created;
}

async function session(database: TestPostgres): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  opened.push(client);
  return client;
}

/** Whether an insert into facts completes within HELD_UP_MS (it is cancelled otherwise). */
async function insertGoesThrough(client: pg.Client, id: number): Promise<boolean> {
  await client.query(`SET statement_timeout = ${HELD_UP_MS}`);
  try {
    await client.query('INSERT INTO facts (id, v) VALUES ($1, $1)', [id]);
    return true;
  } catch (error) {
    if (/statement timeout/.test(String(error))) return false;
    throw error;
  }
}

/** Resolves once a session of `database` waits on something (a lock, another transaction). */
async function someoneWaits(database: TestPostgres, client: pg.Client): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
      [database.name],
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('nobody waited');
}

async function indexValid(database: TestPostgres, name: string): Promise<boolean | null> {
  const { rows } = await database.query(
    'SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid ' +
      `WHERE c.relname = '${name}'`,
  );
  return rows.length === 0 ? null : rows[0]!.valid === true;
}

/**
 * Starts migrating to `index` (a migration of its own) while another session's transaction has
 * an insert open, and answers whether a third session's insert went through meanwhile.
 */
async function insertDuringBuild(index: PostgresMigration): Promise<boolean> {
  const db = await database();
  await runPostgresMigrations(db, [TABLE]);
  const open = await session(db);
  const writer = await session(db);
  const watcher = await session(db);
  await open.query('BEGIN');
  await open.query('INSERT INTO facts (id, v) VALUES (1, 1)');
  const migrating = runPostgresMigrations(db, [TABLE, index]);
  await someoneWaits(db, watcher);
  const wentThrough = await insertGoesThrough(writer, 2);
  await open.query('COMMIT');
  expect(await migrating).toBe(2);
  expect(await indexValid(db, 'facts_v')).toBe(true);
  return wentThrough;
}

describe('a migration outside a transaction', () => {
  it("builds its index while the table's inserts go on", async () => {
    expect(
      await insertDuringBuild({
        version: 2,
        name: 'index',
        sql: `${OUTSIDE_TRANSACTION}\nCREATE INDEX CONCURRENTLY IF NOT EXISTS facts_v ON facts (v);\n`,
      }),
    ).toBe(true);
  });

  it("is needed: a transaction's index build holds the same insert up", async () => {
    expect(
      await insertDuringBuild({
        version: 2,
        name: 'index',
        sql: 'CREATE INDEX facts_v ON facts (v)',
      }),
    ).toBe(false);
  });

  it('leaves a failed build unapplied, and builds it from clean at the next start', async () => {
    const db = await database();
    await runPostgresMigrations(db, [TABLE]);
    await db.query('INSERT INTO facts (id, v) VALUES (1, 7), (2, 7)');
    const unique: PostgresMigration = {
      version: 2,
      name: 'unique',
      sql: `${OUTSIDE_TRANSACTION}\n-- one v a row\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS facts_v ON facts (v);\nALTER TABLE facts ADD COLUMN w integer;\n`,
    };
    await expect(runPostgresMigrations(db, [TABLE, unique])).rejects.toThrow(
      /could not create unique index/,
    );
    expect(await postgresSchemaVersion(db)).toBe(1);
    // What the failed concurrent build leaves behind, and what IF NOT EXISTS alone would skip.
    expect(await indexValid(db, 'facts_v')).toBe(false);
    await db.query('DELETE FROM facts WHERE id = 2');
    expect(await runPostgresMigrations(db, [TABLE, unique])).toBe(2);
    expect(await indexValid(db, 'facts_v')).toBe(true);
    const { rows } = await db.query("SELECT to_regclass('facts_v') IS NOT NULL AS built");
    expect(rows).toEqual([{ built: true }]);
    // The migration lock is free again: a later start takes it at once.
    expect(await runPostgresMigrations(db, [TABLE, unique])).toBe(2);
  });

  it('is applied once when two nodes start at the same time', async () => {
    const db = await database();
    const other = await session(db);
    const asOtherNode = {
      query: async (sql: string) => {
        const result = (await other.query(sql)) as pg.QueryResult | pg.QueryResult[];
        const last = Array.isArray(result) ? result.at(-1) : result;
        return { rows: (last?.rows ?? []) as Array<Record<string, unknown>> };
      },
    };
    const migrations: PostgresMigration[] = [
      TABLE,
      {
        version: 2,
        name: 'index',
        sql: `${OUTSIDE_TRANSACTION}\nCREATE INDEX CONCURRENTLY IF NOT EXISTS facts_v ON facts (v);\n`,
      },
      { version: 3, name: 'column', sql: 'ALTER TABLE facts ADD COLUMN w integer' },
    ];
    expect(
      await Promise.all([
        runPostgresMigrations(db, migrations),
        runPostgresMigrations(asOtherNode, migrations),
      ]),
    ).toEqual([3, 3]);
    const { rows } = await db.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual([1, 2, 3]);
    expect(await indexValid(db, 'facts_v')).toBe(true);
  });
});

describe('statementsOf', () => {
  it("cuts a file at each line's closing semicolon and leaves comments out", () => {
    expect(
      statementsOf(
        `${OUTSIDE_TRANSACTION}\n-- why\nCREATE INDEX CONCURRENTLY a\n  ON t (x);\nALTER TABLE t\n  ADD c int;  \n-- after\n`,
      ),
    ).toEqual([
      `${OUTSIDE_TRANSACTION}\n-- why\nCREATE INDEX CONCURRENTLY a\n  ON t (x)`,
      'ALTER TABLE t\n  ADD c int',
    ]);
  });
});
