/**
 * Roads for tests that route along the street network (dispatch): the synthetic district has no
 * base map, so a test writes the small network it reasons about. Test support only.
 */
import { openDatabase } from '../store/openDatabase';

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
