/**
 * One SQL statement on the database a test server runs on, whichever the engine (TEST_ENGINE):
 * the SQLite file, or the test's PostgreSQL database. For seeds and reads no repository has a
 * method for; prefer the HTTP API and `server.server.stores`. Test support only.
 *
 * Write the statement with `?` placeholders (they become $1, $2… on PostgreSQL) in SQL both
 * engines read; counts come back as numbers on both.
 */
import { openDatabase } from '../store/openDatabase';
import { createPostgresPool } from '../store/pg/postgresPool';
import type { TestServer } from './testServer';

export type TestSqlRow = Record<string, unknown>;

/** `?` → `$n`, outside quoted strings. */
function numberedPlaceholders(sql: string): string {
  let index = 0;
  let quoted = false;
  let out = '';
  for (const char of sql) {
    if (char === "'") quoted = !quoted;
    out += char === '?' && !quoted ? `$${(index += 1)}` : char;
  }
  return out;
}

/** Runs `sql` with `params`; the rows it returns (none for a write). */
export async function runTestSql(
  server: Pick<TestServer, 'dbPath' | 'database'>,
  sql: string,
  params: readonly unknown[] = [],
): Promise<TestSqlRow[]> {
  if (server.database.engine === 'sqlite') {
    const db = openDatabase(server.dbPath);
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as TestSqlRow[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const pool = createPostgresPool(server.database.url, 1);
  try {
    const result = await pool.query(numberedPlaceholders(sql), [...params]);
    return result.rows as TestSqlRow[];
  } finally {
    await pool.end();
  }
}
