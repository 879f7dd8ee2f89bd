/**
 * Two transactions that add to one district's rollup rows (migration 0008's triggers) in
 * opposite statement orders: one moves an incident's state, then records another's escalation;
 * the other records an escalation, then moves a state. Each holds the rows its first statement
 * added to and waits for the other's: PostgreSQL aborts one as a deadlock's victim (40P01). Run
 * through inRetriedTransaction, the victim runs again and both commit, and the rollups are what a
 * rebuild from the tables gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedTestPostgres, type TestPostgres } from '../../testing/testPostgres';
import {
  createPostgresPool,
  inRetriedTransaction,
  inTransaction,
  isRetryableAbort,
  type PostgresClient,
  type PostgresPool,
} from './postgresPool';

const GRID = '350102001001001';
const REPORTED_MS = Date.UTC(2026, 0, 5, 2);
const ESCALATED_MS = REPORTED_MS + 3_600_000;

let database: TestPostgres;
let pool: PostgresPool;

/** Resolves once `parties` callers are waiting; later calls (a retry) pass at once. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    waiting += 1;
    if (waiting === parties) open();
    return opened;
  };
}

async function insertIncidents(ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await pool.query(
      `INSERT INTO incidents (id, category_code, priority, source, lon, lat, grid_code,
         description, state, reported_at_ms, updated_at_ms)
       VALUES ($1, 'street_order', 'normal', 'dispatcher', 119.3, 26.08, $2, '', 'registered',
         $3, $3)`,
      [id, GRID, REPORTED_MS],
    );
  }
}

const dispatch = (client: PostgresClient, id: string) =>
  client.query(`UPDATE incidents SET state = 'dispatched' WHERE id = $1`, [id]);
const escalate = (client: PostgresClient, id: string) =>
  client.query(
    `INSERT INTO incident_escalations (incident_id, from_level_code, to_level_code, at_ms)
     VALUES ($1, $2, $3, $4)`,
    [id, GRID.slice(0, 12), GRID.slice(0, 9), ESCALATED_MS],
  );

/** The two opposite orders, each pausing after its first statement until both got there. */
async function collide(
  run: (work: (client: PostgresClient) => Promise<void>) => Promise<void>,
  ids: readonly [string, string, string, string],
): Promise<PromiseSettledResult<void>[]> {
  const bothStarted = barrier(2);
  const [a, b, c, d] = ids;
  return Promise.allSettled([
    run(async (client) => {
      await dispatch(client, a);
      await bothStarted();
      await escalate(client, b);
    }),
    run(async (client) => {
      await escalate(client, c);
      await bothStarted();
      await dispatch(client, d);
    }),
  ]);
}

async function rollupRows(): Promise<unknown[]> {
  const { rows } = await pool.query(
    'SELECT area, dim, day_ms, code, count FROM stats_incident_rollup ' +
      "UNION ALL SELECT area, 'grid', day_ms, code, count FROM stats_grid_rollup " +
      'ORDER BY 1, 2, 3, 4',
  );
  return rows;
}

beforeAll(async () => {
  database = await createMigratedTestPostgres();
  pool = createPostgresPool(database.url, 4);
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

describe('rollup writers in opposite orders', () => {
  it('deadlock as plain transactions: one of the two is aborted', async () => {
    await insertIncidents(['I-1', 'I-2', 'I-3', 'I-4']);
    const results = await collide(
      (work) => inTransaction(pool, work),
      ['I-1', 'I-2', 'I-3', 'I-4'],
    );
    const failed = results.filter((result) => result.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(isRetryableAbort((failed[0] as PromiseRejectedResult).reason)).toBe(true);
  });

  it('both commit through inRetriedTransaction, the rollups as a rebuild has them', async () => {
    await insertIncidents(['I-5', 'I-6', 'I-7', 'I-8']);
    const results = await collide(
      (work) => inRetriedTransaction(pool, work),
      ['I-5', 'I-6', 'I-7', 'I-8'],
    );
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const { rows } = await pool.query(
      `SELECT (SELECT COUNT(*) FROM incidents WHERE id IN ('I-5', 'I-8') AND state = 'dispatched')
         AS dispatched,
       (SELECT COUNT(*) FROM incident_escalations WHERE incident_id IN ('I-6', 'I-7'))
         AS escalations`,
    );
    expect(rows[0]).toEqual({ dispatched: 2, escalations: 2 });
    const kept = await rollupRows();
    await pool.query('SELECT stats_rebuild_rollups()');
    expect(kept).toEqual(await rollupRows());
  });
});
