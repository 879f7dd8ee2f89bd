/**
 * What the workers' roster import reads on PostgreSQL (SQLite: imports/workers/
 * workersImportKind.ts): the base grids, and every worker with their grids.
 */
import type { StoredWorker } from '../../imports/workers/workersImportKind';
import type { PostgresPool } from './postgresPool';

export async function readPostgresWorkerRoster(pool: PostgresPool): Promise<{
  baseGrids: Set<string>;
  stored: Map<number, StoredWorker>;
}> {
  const [grids, workers] = await Promise.all([
    pool.query('SELECT code FROM grids WHERE level = 4'),
    pool.query(
      "SELECT w.id, w.name, w.name_en, w.phone_index, (SELECT string_agg(grid_code, ',') " +
        'FROM worker_grids g WHERE g.worker_id = w.id) AS grids FROM workers w',
    ),
  ]);
  return {
    baseGrids: new Set((grids.rows as Array<{ code: string }>).map((row) => row.code)),
    stored: new Map(
      (workers.rows as StoredWorker[]).map((row) => [
        Number(row.id),
        { ...row, id: Number(row.id) },
      ]),
    ),
  };
}
