/**
 * A grid that incidents lie in cannot be deleted, on either engine (schema.sql's trigger,
 * PostgreSQL's migration 0015): the cockpit's p90 reads an area's waits through its grids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigratedTestPostgres, type TestPostgres } from '../testing/testPostgres';
import { openDatabase } from './openDatabase';

const GRID = '350102001001001';
const POLYGON =
  '{"type":"Polygon","coordinates":[[[119.3,26.08],[119.31,26.08],[119.31,26.09],[119.3,26.08]]]}';
const GRID_ROW =
  'INSERT INTO grids (code, level, name, name_en, polygon, center_lon, center_lat) ' +
  `VALUES ('${GRID}', 4, '一格', 'Grid one', '${POLYGON}', 119.3, 26.08)`;
const INCIDENT_ROW =
  'INSERT INTO incidents (id, category_code, priority, source, lon, lat, grid_code, description, ' +
  `state, reported_at_ms, updated_at_ms) VALUES ('i1', 'street_order', 'normal', 'citizen', ` +
  `119.3, 26.08, '${GRID}', '', 'reported', 1, 1)`;
const DELETE_GRID = `DELETE FROM grids WHERE code = '${GRID}'`;

describe('a grid that incidents lie in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-grids-keep-'));
  let postgres: TestPostgres | undefined;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await postgres?.drop();
  });

  it('is kept on SQLite, and deleted once no incident lies in it', () => {
    const db = openDatabase(join(dir, 'district.sqlite'));
    try {
      db.exec(GRID_ROW);
      db.exec(INCIDENT_ROW);
      expect(() => db.exec(DELETE_GRID)).toThrow(/incidents lie in/);
      db.exec("DELETE FROM incidents WHERE id = 'i1'");
      db.exec(DELETE_GRID);
      expect(db.prepare('SELECT count(*) AS n FROM grids').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('is kept on PostgreSQL, and deleted once no incident lies in it', async () => {
    postgres = await createMigratedTestPostgres();
    await postgres.query(`${GRID_ROW}; ${INCIDENT_ROW}`);
    await expect(postgres.query(DELETE_GRID)).rejects.toThrow(/incidents lie in/);
    await postgres.query("DELETE FROM incidents WHERE id = 'i1'");
    await postgres.query(DELETE_GRID);
    expect((await postgres.query('SELECT count(*)::int AS n FROM grids')).rows).toEqual([{ n: 0 }]);
  });
});
