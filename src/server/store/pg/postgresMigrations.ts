/**
 * Versioned migrations of a PostgreSQL database (docs/decisions/0040-postgresql.md): numbered
 * files `migrations/NNNN_name.sql`, each applied once, in order, in one transaction together
 * with its row in `schema_migrations`. Several nodes may start at once: each migration takes a
 * transaction-level advisory lock and writes its row first, so of two nodes racing, one applies
 * it and the other fails on the row, finds the version applied and goes on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, ' +
      'name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const known = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
  let current = await postgresSchemaVersion(db);
  if (current > known) {
    throw new Error(
      `The database is at schema version ${current}; this build knows up to ${known}. Run a newer build.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    try {
      await db.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}); ` +
          `INSERT INTO schema_migrations (version, name) VALUES (${migration.version}, ${quoteLiteral(migration.name)});\n` +
          `${migration.sql}\n;COMMIT;`,
      );
    } catch (error) {
      await db.query('ROLLBACK').catch(() => {});
      // Another node applied it meanwhile: its row is there.
      if ((await postgresSchemaVersion(db)) < migration.version) throw error;
    }
    current = migration.version;
  }
  return current;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
