/**
 * What a cluster test reads back from the nodes' database after the fact, on either engine: the
 * SQLite file the nodes share, or their PostgreSQL database. Test support only.
 */
import type { SqliteDatabase } from '../store/openDatabase';
import { openDatabase } from '../store/openDatabase';
import { PostgresLeaseStore } from '../store/pg/postgresLeaseStore';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { SqliteLeaseStore } from '../store/sqliteLeaseStore';

export interface FeedRow {
  sequence: number;
  gridCode: string;
}

export interface ClusterInspector {
  /** The node holding the lease `name` now (null: none). */
  leaseHolder(name: string): Promise<string | null>;
  /** Fix times of a worker's stored track, oldest first. */
  fixTimesOf(workerId: number): Promise<number[]>;
  /** Ids of the incidents the feed has a report event of (one per report, repeats kept). */
  reportedIncidentIds(): Promise<string[]>;
  /** The whole feed in sequence order. */
  feed(): Promise<FeedRow[]>;
  close(): Promise<void>;
}

function withSqlite<T>(dbPath: string, read: (db: SqliteDatabase) => T): Promise<T> {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return Promise.resolve(read(db));
  } finally {
    db.close();
  }
}

export function sqliteClusterInspector(dbPath: string): ClusterInspector {
  return {
    leaseHolder: (name) =>
      withSqlite(dbPath, (db) => new SqliteLeaseStore(db).holderOf(name, Date.now())),
    fixTimesOf: (workerId) =>
      withSqlite(dbPath, (db) =>
        (
          db
            .prepare(
              'SELECT fix_time_ms AS t FROM positions WHERE worker_id = ? ORDER BY fix_time_ms',
            )
            .all(workerId) as Array<{ t: number }>
        ).map((row) => row.t),
      ),
    reportedIncidentIds: () =>
      withSqlite(dbPath, (db) =>
        (
          db
            .prepare(
              "SELECT incident_id AS id FROM incident_events WHERE json_extract(event, '$.transition.action') = 'report'",
            )
            .all() as Array<{ id: string }>
        ).map((row) => row.id),
      ),
    feed: () =>
      withSqlite(
        dbPath,
        (db) =>
          db
            .prepare(
              'SELECT sequence, grid_code AS gridCode FROM incident_events ORDER BY sequence',
            )
            .all() as FeedRow[],
      ),
    close: () => Promise.resolve(),
  };
}

export function postgresClusterInspector(url: string): ClusterInspector {
  const pool: PostgresPool = createPostgresPool(url, 2);
  const leases = new PostgresLeaseStore(pool);
  return {
    leaseHolder: (name) => leases.holderOf(name, Date.now()),
    fixTimesOf: async (workerId) =>
      (
        await pool.query<{ t: number }>(
          'SELECT fix_time_ms AS t FROM positions WHERE worker_id = $1 ORDER BY fix_time_ms',
          [workerId],
        )
      ).rows.map((row) => row.t),
    reportedIncidentIds: async () =>
      (
        await pool.query<{ id: string }>(
          "SELECT incident_id AS id FROM incident_events WHERE event::json #>> '{transition,action}' = 'report'",
        )
      ).rows.map((row) => row.id),
    feed: async () =>
      (
        await pool.query<FeedRow>(
          'SELECT sequence, grid_code AS "gridCode" FROM incident_events ORDER BY sequence',
        )
      ).rows,
    close: () => pool.end(),
  };
}
