/**
 * What the simulator needs to know about a district: road centrelines, base-grid polygons and
 * which grids each worker covers. Loaded from the district file (npm start, tests) or from a
 * running server's API (`npm run simulate -- --url ...`), as plain data.
 */
import Database from 'better-sqlite3';
import type { AreaGeometry } from '../../src/domain/geo/polygonContainment';
import type { LonLatLine } from '../../src/domain/geo/clipLinesToArea';
import { API_PREFIX, type BasemapCollection, type GridNode, type Page } from '../../src/shared/api';
import { WORKERS_API_PATH, type WorkerSummary } from '../../src/shared/tracking';

export interface SimulatedWorkerGrids {
  workerId: number;
  gridCodes: string[];
}

export interface SimulationNetwork {
  /** Road centrelines (`basemap_features` of kind 'road'), WGS84 lon/lat. */
  roads: LonLatLine[];
  /** Base-grid polygons by grid code. */
  gridAreas: Record<string, AreaGeometry>;
  workers: SimulatedWorkerGrids[];
}

const BASE_GRID_LEVEL = 4;

/** Reads the network from a district SQLite file, read-only. */
export function loadSimulationNetworkFromDb(dbPath: string): SimulationNetwork {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const roads = (
      db.prepare("SELECT geometry FROM basemap_features WHERE kind = 'road' ORDER BY id").all() as {
        geometry: string;
      }[]
    ).map((row) => (JSON.parse(row.geometry) as GeoJSON.LineString).coordinates);
    const gridAreas: Record<string, AreaGeometry> = {};
    for (const row of db
      .prepare('SELECT code, polygon FROM grids WHERE level = ? ORDER BY code')
      .iterate(BASE_GRID_LEVEL) as Iterable<{ code: string; polygon: string }>) {
      gridAreas[row.code] = JSON.parse(row.polygon) as AreaGeometry;
    }
    const workers = new Map<number, string[]>();
    for (const row of db
      .prepare('SELECT worker_id, grid_code FROM worker_grids ORDER BY worker_id, grid_code')
      .iterate() as Iterable<{ worker_id: number; grid_code: string }>) {
      workers.set(row.worker_id, [...(workers.get(row.worker_id) ?? []), row.grid_code]);
    }
    return {
      roads,
      gridAreas,
      workers: [...workers].map(([workerId, gridCodes]) => ({ workerId, gridCodes })),
    };
  } finally {
    db.close();
  }
}

async function getJson<T>(serverUrl: string, path: string, sessionToken: string): Promise<T> {
  const response = await fetch(new URL(path, serverUrl), {
    headers: { authorization: `Bearer ${sessionToken}` },
  });
  if (!response.ok)
    throw new Error(`GET ${path} failed: ${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

/** Workers from GET WORKERS_API_PATH: a plain list, or pages should the route ever page. */
async function fetchWorkers(serverUrl: string, sessionToken: string): Promise<WorkerSummary[]> {
  type Answer = WorkerSummary[] | Page<WorkerSummary>;
  const first = await getJson<Answer>(serverUrl, WORKERS_API_PATH, sessionToken);
  if (Array.isArray(first)) return first;
  const workers = [...first.items];
  for (let page = first.page + 1; workers.length < first.total; page++) {
    const next = (await getJson<Answer>(
      serverUrl,
      `${WORKERS_API_PATH}?page=${page}&pageSize=${first.pageSize}`,
      sessionToken,
    )) as Page<WorkerSummary>;
    if (next.items.length === 0) break;
    workers.push(...next.items);
  }
  return workers;
}

/** Reads the network from a running server (the session decides which workers it sees). */
export async function loadSimulationNetworkFromApi(
  serverUrl: string,
  sessionToken: string,
): Promise<SimulationNetwork> {
  const [basemap, grids, workers] = await Promise.all([
    getJson<BasemapCollection>(serverUrl, `${API_PREFIX}/basemap`, sessionToken),
    getJson<GridNode[]>(serverUrl, `${API_PREFIX}/grids`, sessionToken),
    fetchWorkers(serverUrl, sessionToken),
  ]);
  const roads: LonLatLine[] = [];
  for (const feature of basemap.features) {
    if (feature.properties.kind === 'road' && feature.geometry.type === 'LineString') {
      roads.push(feature.geometry.coordinates);
    }
  }
  const gridAreas: Record<string, AreaGeometry> = {};
  for (const grid of grids) {
    if (grid.level === BASE_GRID_LEVEL) gridAreas[grid.code] = grid.polygon as AreaGeometry;
  }
  return {
    roads,
    gridAreas,
    workers: workers
      .map((worker) => ({ workerId: worker.workerId, gridCodes: [...worker.gridCodes] }))
      .sort((first, second) => first.workerId - second.workerId),
  };
}
