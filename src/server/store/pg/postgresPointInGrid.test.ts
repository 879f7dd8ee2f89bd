import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridLocator } from '../../incidents/gridLocator';
import { copySqliteFileToPostgres } from '../../testing/copySqliteToPostgres';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { createMigratedTestPostgres, type TestPostgres } from '../../testing/testPostgres';
import { TEST_DISTRICT_SIZE } from '../../testing/testServer';
import { openDatabase } from '../openDatabase';
import { SqliteRegistryStore } from '../sqliteRegistry';
import { PostgresPointInGrid } from './postgresPointInGrid';
import { createPostgresPool, type PostgresPool } from './postgresPool';

/** Sample points per side of the district's box (and a margin outside it). */
const SAMPLES_PER_SIDE = 24;
const MARGIN_DEG = 0.002;

describe('PostgresPointInGrid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-point-in-grid-'));
  const dbPath = join(dir, 'district.sqlite');
  let database: TestPostgres;
  let pool: PostgresPool;

  beforeAll(async () => {
    database = await createMigratedTestPostgres();
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    await copySqliteFileToPostgres(dbPath, database.url);
    pool = createPostgresPool(database.url, 2);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the JavaScript locator over the same grids, inside, on edges and outside', async () => {
    const db = openDatabase(dbPath, { readonly: true });
    const grids = new SqliteRegistryStore(db).listGrids();
    db.close();
    const javascript = new GridLocator(() => grids);
    const postgis = new PostgresPointInGrid(pool);
    const corners = grids.flatMap((grid) =>
      (grid.polygon as { coordinates: number[][][] }).coordinates.flat(),
    );
    const lons = corners.map((corner) => corner[0]!);
    const lats = corners.map((corner) => corner[1]!);
    const [west, east] = [Math.min(...lons) - MARGIN_DEG, Math.max(...lons) + MARGIN_DEG];
    const [south, north] = [Math.min(...lats) - MARGIN_DEG, Math.max(...lats) + MARGIN_DEG];
    const points = [
      ...grids.map((grid) => ({ lon: grid.center.lon, lat: grid.center.lat })),
      ...Array.from({ length: SAMPLES_PER_SIDE ** 2 }, (_, index) => ({
        lon: west + ((east - west) * (index % SAMPLES_PER_SIDE)) / (SAMPLES_PER_SIDE - 1),
        lat:
          south + ((north - south) * Math.floor(index / SAMPLES_PER_SIDE)) / (SAMPLES_PER_SIDE - 1),
      })),
    ];
    const expected = points.map((point) => javascript.locate(point));
    const answered = await Promise.all(points.map((point) => postgis.locate(point)));
    expect(answered).toEqual(expected);
    // The samples cover inside and outside the district, and several grids.
    expect(expected.filter((code) => code === null).length).toBeGreaterThan(0);
    expect(new Set(expected.filter((code) => code !== null)).size).toBeGreaterThan(3);
  });

  it('answers null for a point that is not a number', async () => {
    expect(await new PostgresPointInGrid(pool).locate({ lon: Number.NaN, lat: 26 })).toBeNull();
  });
});
