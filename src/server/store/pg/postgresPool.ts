/**
 * The PostgreSQL connection of the server's repositories (docs/decisions/0040-postgresql.md): one
 * `pg` Pool per process; a repository method that is one transaction on SQLite is one here, on a
 * client held from BEGIN to COMMIT (`inTransaction`).
 */
import pg from 'pg';

const INT8_OID = 20;
/** Milliseconds, ids and counts fit a double: bigint columns come back as numbers, not strings. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
const DEFAULT_POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 5_000;

export type PostgresPool = pg.Pool;
export type PostgresClient = pg.PoolClient;

/**
 * `onIdleError`: an idle client's connection ended (the server restarted, the database was
 * dropped). The pool replaces it on the next checkout; unheard, the error would end the process.
 */
export function createPostgresPool(
  url: string,
  size = DEFAULT_POOL_SIZE,
  onIdleError: (error: Error) => void = () => {},
): PostgresPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    types: TYPES,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  pool.on('error', onIdleError);
  return pool;
}

/**
 * Runs `work` in one transaction on one client: committed if it resolves, rolled back if not.
 * `begin`: the statements that open it, in one round trip (a `SET LOCAL` may follow BEGIN).
 */
export async function inTransaction<T>(
  pool: PostgresPool,
  work: (client: PostgresClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * What PostgreSQL answers when it aborted a transaction for another's sake: chosen as a
 * deadlock's victim, or a serialization failure. Nothing of it was committed.
 */
const RETRYABLE_STATES = new Set(['40P01', '40001']);
const RETRY_ATTEMPTS = 5;
const RETRY_DELAY_MS = 20;

export function isRetryableAbort(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_STATES.has(code);
}

/**
 * inTransaction, run again from the start (up to RETRY_ATTEMPTS times, after a short random wait)
 * when PostgreSQL aborted it as a deadlock's victim or for a serialization failure. For the
 * writes that fire the rollup triggers (migration 0008): two transactions adding to one
 * district's rollup rows in different statement orders can deadlock, and the loser only has to
 * run again. `work` must act through `client` alone, so that running it twice is running it once.
 */
export async function inRetriedTransaction<T>(
  pool: PostgresPool,
  work: (client: PostgresClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(pool, work);
    } catch (error) {
      if (attempt >= RETRY_ATTEMPTS || !isRetryableAbort(error)) throw error;
      // Apart, so the two that collided do not meet again at once.
      const delay = RETRY_DELAY_MS * attempt * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
