/**
 * Versioned migrations of a PostgreSQL database (docs/decisions/0040-postgresql.md): numbered
 * files `migrations/NNNN_name.sql`, each applied once, in order, in one transaction together
 * with its row in `schema_migrations`. Several nodes may start at once: each migration takes a
 * transaction-level advisory lock and writes its row first, so of two nodes racing, one applies
 * it and the other fails on the row, finds the version applied and goes on.
 *
 * A file whose first line is OUTSIDE_TRANSACTION runs statement by statement outside any
 * transaction, for what PostgreSQL refuses inside one: an index built CONCURRENTLY, which lets
 * the table's writes go on while it is built (a transaction's CREATE INDEX holds every insert
 * and update of the table for the whole build: minutes for a city's wait facts). Its row is
 * written after its last statement, under a session-level lock; its statements must be safe to
 * run again (IF NOT EXISTS), and an index a failed concurrent build left behind invalid is
 * dropped before the statement that builds it runs again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * What the runner needs of ONE connection (a client checked out of a pool, not the pool: a failed
 * migration leaves its session in the aborted transaction until the ROLLBACK on the same
 * session): one simple-protocol query, several statements allowed, answering the rows of the
 * last one, as a `pg` client's query without parameters does.
 */
export interface SimpleQueryable {
  query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** The first line of a migration whose statements run outside a transaction. */
export const OUTSIDE_TRANSACTION = '-- migrate: outside a transaction';
/**
 * How often a node asks for the migration lock while another holds it. Asked, not waited for:
 * a session waiting on a lock holds a snapshot, and a concurrent index build waits for every
 * older snapshot to end, so a waiting node and a building node would wait on each other.
 */
const LOCK_POLL_MS = 200;
const CONCURRENT_INDEX =
  /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/im;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any fixed number: the advisory lock all nodes of one database take while migrating. */
const MIGRATION_LOCK_KEY = 40_402_026;

export function readPostgresMigrations(dir = MIGRATIONS_DIR): PostgresMigration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry) => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match![1]),
      name: match![2]!,
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `PostgreSQL migrations must be numbered 1, 2, 3…: ${migration.version} at ${index + 1}`,
      );
    }
  });
  return migrations;
}

export async function postgresSchemaVersion(db: SimpleQueryable): Promise<number> {
  const { rows } = await db.query(
    "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 " +
      'ELSE (SELECT COALESCE(MAX(version), 0) FROM schema_migrations) END AS version',
  );
  return Number(rows[0]?.version ?? 0);
}

/** Applies what the database lacks; returns the version it is at afterwards. */
export async function runPostgresMigrations(
  db: SimpleQueryable,
  migrations: readonly PostgresMigration[] = readPostgresMigrations(),
): Promise<number> {
  // Under the lock: two nodes creating the table at once collide on its type's name.
  try {
    await lockMigrations(db, 'transaction');
    await db.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, ' +
        'name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); COMMIT',
    );
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  }
  const known = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
  let current = await postgresSchemaVersion(db);
  if (current > known) {
    throw new Error(
      `The database is at schema version ${current}; this build knows up to ${known}. Run a newer build.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    if (migration.sql.startsWith(OUTSIDE_TRANSACTION)) await applyOutsideTransaction(db, migration);
    else await applyInTransaction(db, migration);
    current = migration.version;
  }
  return current;
}

/** Runs a migration and writes its row in one transaction, under the migration lock. */
async function applyInTransaction(db: SimpleQueryable, migration: PostgresMigration) {
  try {
    await lockMigrations(db, 'transaction');
    await db.query(`${migrationRowSql(migration)};\n${migration.sql}\n;COMMIT;`);
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    // Another node applied it meanwhile: its row is there.
    if ((await postgresSchemaVersion(db)) < migration.version) throw error;
  }
}

/**
 * Runs a migration's statements one by one outside a transaction, then writes its row, all under
 * the session's migration lock. A failure leaves the version unapplied, for the next start.
 */
async function applyOutsideTransaction(db: SimpleQueryable, migration: PostgresMigration) {
  await lockMigrations(db, 'session');
  try {
    if ((await postgresSchemaVersion(db)) >= migration.version) return;
    for (const statement of statementsOf(migration.sql)) {
      const index = CONCURRENT_INDEX.exec(statement)?.[1];
      if (index !== undefined) await dropInvalidIndex(db, index);
      await db.query(statement);
    }
    await db.query(migrationRowSql(migration));
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}

/**
 * Takes the migration lock, asking until it is free: for the transaction (BEGIN first; the
 * lock ends with it) or for the session (until pg_advisory_unlock).
 */
async function lockMigrations(db: SimpleQueryable, scope: 'transaction' | 'session') {
  const take = scope === 'transaction' ? 'pg_try_advisory_xact_lock' : 'pg_try_advisory_lock';
  for (;;) {
    if (scope === 'transaction') await db.query('BEGIN');
    const { rows } = await db.query(`SELECT ${take}(${MIGRATION_LOCK_KEY}) AS locked`);
    if (rows[0]?.locked === true) return;
    if (scope === 'transaction') await db.query('ROLLBACK');
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

/** An OUTSIDE_TRANSACTION file's statements: each ends with `;` at the end of a line. */
export function statementsOf(sql: string): string[] {
  return sql
    .split(/;[ \t]*(?:\r?\n|$)/)
    .filter((statement) => statement.replace(/^\s*--.*$/gm, '').trim() !== '');
}

/** A concurrent build that failed leaves its index behind, invalid: it goes before a new try. */
async function dropInvalidIndex(db: SimpleQueryable, name: string) {
  const { rows } = await db.query(
    'SELECT 1 AS invalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid ' +
      `WHERE c.relname = ${quoteLiteral(name)} AND c.relnamespace = current_schema()::regnamespace ` +
      'AND NOT i.indisvalid',
  );
  if (rows.length > 0) await db.query(`DROP INDEX CONCURRENTLY ${name}`);
}

function migrationRowSql(migration: PostgresMigration): string {
  return (
    'INSERT INTO schema_migrations (version, name) ' +
    `VALUES (${migration.version}, ${quoteLiteral(migration.name)})`
  );
}

/** Migrates through one connection of the pool (the session lock needs one session). */
export async function runPostgresMigrationsOnPool(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    return await runPostgresMigrations(client);
  } finally {
    client.release();
  }
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
