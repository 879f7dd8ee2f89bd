/**
 * A PostgreSQL database of the test file's own on the machine's server (TEST_DATABASE_URL, else
 * postgres@127.0.0.1:5432, trust auth): named gcc_test_<pid>_<random>, with one `pg` client
 * connected to it, dropped by `drop()` (call it in afterAll: it runs after a failed test too).
 * Test support only.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl } from '../store/databaseConfig';
import type { SimpleQueryable } from '../store/pg/postgresMigrations';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DATABASE_PREFIX = 'gcc_test_';
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

export async function createTestPostgres(): Promise<TestPostgres> {
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
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
