/**
 * Roads for tests that route along the street network (dispatch): the synthetic district has no
 * base map, so a test writes the small network it reasons about. Test support only.
 */
import { openDatabase } from '../store/openDatabase';
import type { TestServer } from './testServer';
import { runTestSql } from './testSql';

/** Adds local roads (LineStrings of [lon, lat]) to the base map of the database at `dbPath`. */
export function insertBasemapRoads(dbPath: string, lines: ReadonlyArray<number[][]>): void {
  const db = openDatabase(dbPath);
  try {
    const insert = db.prepare(
      "INSERT INTO basemap_features (kind, class, width_m, geometry) VALUES ('road', 'local', 9, ?)",
    );
    db.transaction(() => {
      for (const coordinates of lines) {
        insert.run(JSON.stringify({ type: 'LineString', coordinates }));
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * The same roads on a running test server's database, whichever its engine: written with
 * runTestSql, then the server's district rows read again (a snapshot on PostgreSQL).
 */
export async function insertTestServerRoads(
  server: Pick<TestServer, 'dbPath' | 'database' | 'server'>,
  lines: ReadonlyArray<number[][]>,
): Promise<void> {
  for (const coordinates of lines) {
    await runTestSql(
      server,
      "INSERT INTO basemap_features (kind, class, width_m, geometry) VALUES ('road', 'local', 9, ?)",
      [JSON.stringify({ type: 'LineString', coordinates })],
    );
  }
  await server.server.stores.reloadDistrict();
}
