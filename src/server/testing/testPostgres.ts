/**
 * A PostgreSQL database of the test file's own on the machine's server (TEST_DATABASE_URL, else
 * postgres@127.0.0.1:5432, trust auth): named gcc_test_<pid>_<random>, with one `pg` client
 * connected to it, dropped by `drop()` (call it in afterAll: it runs after a failed test too).
 *
 * `createMigratedTestPostgres()` gives one already at the latest schema, cloned from a template
 * that the test run migrates once (CREATE DATABASE … TEMPLATE): migrating a new database (PostGIS,
 * pg_trgm, the core schema and its rollup triggers) took 0.7–3 s a time, and the suites on
 * PostgreSQL make one per file or per server started. The template is named after the
 * migrations' contents and the test run (the vitest process, every worker's parent), so runs at
 * once and changed migrations never share one; `dropTestTemplates` (the projects' global
 * teardown, postgresTemplates.ts) drops the run's own and those of runs no longer alive.
 * Test support only.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl } from '../store/databaseConfig';
import {
  readPostgresMigrations,
  runPostgresMigrations,
  type SimpleQueryable,
} from '../store/pg/postgresMigrations';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DATABASE_PREFIX = 'gcc_test_';
/** gcc_test_tmpl_<migrations' hash>_<pid of the test run>. */
export const TEST_TEMPLATE_PREFIX = `${TEST_DATABASE_PREFIX}tmpl_`;
/** Any fixed number: the advisory lock a test run's workers take to make its template once. */
const TEMPLATE_LOCK_KEY = 40_402_027;
const CONNECT_TIMEOUT_MS = 5_000;

export interface TestPostgres extends SimpleQueryable {
  name: string;
  /** A connection string of this database (for a pool of the code under test). */
  url: string;
  drop(): Promise<void>;
}

function urlOf(database: string): string {
  const server = parseDatabaseUrl(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
  if (server.engine !== 'postgres') throw new Error('TEST_DATABASE_URL must be postgres://');
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return url.toString();
}

function clientOf(database: string): pg.Client {
  return new pg.Client({
    connectionString: urlOf(database),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
}

/** Runs `sql` on the server's maintenance database in a session of its own. */
async function onServer(sql: string): Promise<void> {
  const client = clientOf('postgres');
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `template`: a database to clone (createMigratedTestPostgres's); none: an empty database. */
export async function createTestPostgres(template?: string): Promise<TestPostgres> {
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`);
  const client = clientOf(name);
  await client.connect();
  return {
    name,
    url: urlOf(name),
    query: async (sql) => {
      const result = await client.query(sql);
      // Several statements answer a result each: the last one's rows, as the runner expects.
      const last = Array.isArray(result) ? (result as pg.QueryResult[]).at(-1) : result;
      return { rows: (last?.rows ?? []) as Array<Record<string, unknown>> };
    },
    drop: async () => {
      await client.end().catch(() => {});
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A new database at the latest schema, as createTestPostgres() + runPostgresMigrations(). */
export async function createMigratedTestPostgres(): Promise<TestPostgres> {
  return createTestPostgres(await migratedTemplate());
}

let templateOnce: Promise<string> | undefined;

function migratedTemplate(): Promise<string> {
  templateOnce ??= makeTemplate().catch((error: unknown) => {
    templateOnce = undefined;
    throw error;
  });
  return templateOnce;
}

/** Workers of a test run are its vitest process's children: they share its pid as parent. */
export function testRunTemplateName(runPid = process.ppid): string {
  const hash = createHash('sha256');
  for (const migration of readPostgresMigrations())
    hash.update(`${migration.version}\0${migration.sql}\0`);
  return `${TEST_TEMPLATE_PREFIX}${hash.digest('hex').slice(0, 12)}_${runPid}`;
}

/** Migrates the run's template once: the first worker makes it, the others wait on the lock. */
async function makeTemplate(): Promise<string> {
  const name = testRunTemplateName();
  const server = clientOf('postgres');
  await server.connect();
  try {
    await server.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const found = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await server.query(`CREATE DATABASE ${name}`);
      const template = clientOf(name);
      try {
        await template.connect();
        await runPostgresMigrations(template);
      } catch (error) {
        await template.end().catch(() => {});
        await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        throw error;
      }
      // No session may stay connected to a template while it is cloned.
      await template.end();
    }
    return name;
  } finally {
    await server.end();
  }
}

/**
 * Drops the templates of the test run `runPid` and of runs whose process is gone (a run killed
 * before its teardown); quiet when no PostgreSQL answers (a machine without one).
 */
export async function dropTestTemplates(runPid = process.pid): Promise<string[]> {
  const server = clientOf('postgres');
  try {
    await server.connect();
  } catch {
    return [];
  }
  try {
    const { rows } = await server.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${TEST_TEMPLATE_PREFIX}%`],
    );
    const dropped: string[] = [];
    for (const { datname } of rows) {
      const pid = Number(datname.slice(datname.lastIndexOf('_') + 1));
      if (pid !== runPid && processAlive(pid)) continue;
      await server.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  } finally {
    await server.end();
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
