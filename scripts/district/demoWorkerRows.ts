/**
 * Writes the demo workers into a district: as a stage of `generateDistrict`, or afterwards into a
 * district generated before workers existed (`addDemoWorkersIfMissing`, run by `npm start`).
 * Both plan from the stored base-grid polygons and `fork('workers')` of the seed, so both give the
 * same rows.
 */
import { createSeededRandom } from '../../src/domain/seededRandom';
import { openDatabase } from '../../src/server/store/openDatabase';
import { WORKER_PHONE_COLUMNS } from '../../src/server/store/sealedIdentifiers';
import { identifierSealerFor } from '../../src/server/store/dataKeyFiles';
import type { AreaGeometry } from '../../src/domain/geo/polygonContainment';
import { planDemoWorkers, type BaseGridOutline, type DemoWorker } from './workers';

export const WORKERS_RANDOM_SALT = 'workers';
const BASE_GRID_LEVEL = 4;

type Cell = string | number | null;

/**
 * Inserts the workers and their grid bindings through `insert` (a DistrictWriter or plain SQL).
 * A `workers` row carries the clear phone; the writer seals it.
 */
export function insertDemoWorkers(
  workers: readonly DemoWorker[],
  insert: (table: 'workers' | 'worker_grids', values: readonly Cell[]) => void,
): void {
  for (const worker of workers)
    insert('workers', [worker.id, worker.name, worker.nameEn, worker.phone]);
  for (const worker of workers) {
    for (const gridCode of worker.gridCodes) insert('worker_grids', [worker.id, gridCode]);
  }
}

/** Base grids as `generateDistrict` stores them (GeoJSON text → geometry). */
export function baseGridOutlinesOf(
  rows: readonly { code: string; polygon: string }[],
): BaseGridOutline[] {
  return rows.map((row) => ({ code: row.code, polygon: JSON.parse(row.polygon) as AreaGeometry }));
}

/**
 * Adds the demo workers to a generated district that has none (made before workers were
 * generated). Residents and everything else stay as they are. Returns how many were added: 0
 * when the district already has workers.
 */
export function addDemoWorkersIfMissing(dbPath: string): number {
  // Opening applies the schema, so a district older than the workers table gets it first.
  const db = openDatabase(dbPath);
  try {
    const existing = db.prepare('SELECT count(*) AS n FROM workers').get() as { n: number };
    if (existing.n > 0) return 0;
    const seedRow = db.prepare("SELECT value FROM meta WHERE key = 'seed'").get() as
      { value: string } | undefined;
    if (seedRow === undefined)
      throw new Error(`${dbPath} has no seed in meta: not a generated district`);
    const grids = db
      .prepare('SELECT code, polygon FROM grids WHERE level = ? ORDER BY code')
      .all(BASE_GRID_LEVEL) as { code: string; polygon: string }[];
    const workers = planDemoWorkers(
      baseGridOutlinesOf(grids),
      createSeededRandom(Number(seedRow.value)).fork(WORKERS_RANDOM_SALT),
    );
    const statements = {
      workers: db.prepare(
        `INSERT INTO workers (id, name, name_en, ${WORKER_PHONE_COLUMNS}, synthetic) VALUES (?, ?, ?, ?, ?, ?, 1)`,
      ),
      worker_grids: db.prepare('INSERT INTO worker_grids (worker_id, grid_code) VALUES (?, ?)'),
    };
    const sealer = identifierSealerFor(db);
    db.transaction(() => {
      insertDemoWorkers(workers, (table, values) =>
        statements[table].run(
          table === 'workers'
            ? [...values.slice(0, 3), ...sealer.sealWorkerPhone(String(values[3]))]
            : values,
        ),
      );
    })();
    return workers.length;
  } finally {
    db.close();
  }
}
