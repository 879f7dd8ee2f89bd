/**
 * A PostgreSQL database of the test file's own on the machine's server (TEST_DATABASE_URL, else
 * postgres@127.0.0.1:5432, trust auth): named gcc_test_<pid>_<random>, dropped by `drop()`
 * (call it in afterAll: it runs after a failed test too). Test support only.
 *
 * The `pg` client is not a dependency yet (docs/decisions/0040-postgresql.md), so statements go
 * through `psql`: one session per query, which is enough for the migration runner and the
 * schema checks. The pooled connection replaces it when the PostgreSQL adapters arrive.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { parseDatabaseUrl } from '../store/databaseConfig';
import type { SimpleQueryable } from '../store/pg/postgresMigrations';

const run = promisify(execFile);
const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DATABASE_PREFIX = 'gcc_test_';

export interface TestPostgres extends SimpleQueryable {
  name: string;
  drop(): Promise<void>;
}

function connectionArgs(database: string): string[] {
  const server = parseDatabaseUrl(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
  if (server.engine !== 'postgres') throw new Error('TEST_DATABASE_URL must be postgres://');
  return ['-h', server.host, '-p', String(server.port), '-U', server.user, '-d', database];
}

async function psql(database: string, sql: string): Promise<Array<Record<string, string>>> {
  const { stdout } = await run(
    'psql',
    ['-X', '-q', '--csv', '-v', 'ON_ERROR_STOP=1', ...connectionArgs(database), '-c', sql],
    { env: { ...process.env, PGCONNECT_TIMEOUT: '5' } },
  );
  if (stdout === '') return [];
  // One line per row; a row holding one NULL is an empty line, so only the final newline goes.
  const [header, ...lines] = stdout.replace(/\n$/, '').split('\n');
  if (header === undefined) return [];
  const columns = header.split(',');
  // Values here are numbers and names: no quoted commas to split around.
  return lines.map((line) => {
    const values = line.split(',');
    return Object.fromEntries(columns.map((column, index) => [column, values[index] ?? '']));
  });
}

export async function createTestPostgres(): Promise<TestPostgres> {
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await psql('postgres', `CREATE DATABASE ${name}`);
  return {
    name,
    query: async (sql) => ({ rows: await psql(name, sql) }),
    drop: async () => {
      await psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
