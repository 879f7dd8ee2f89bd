import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { copySqliteToPostgres, DISTRICT_TABLES } from './copySqliteToPostgres';
import { type SyntheticDistrictSummary, writeSyntheticDistrict } from './syntheticDistrict';
import { createMigratedTestPostgres, type TestPostgres } from './testPostgres';

const SIZE = {
  streetCount: 2,
  communitiesPerStreet: 1,
  gridsPerCommunity: 2,
  buildingsPerGrid: 2,
  floors: 3,
  unitsPerFloor: 2,
  vacantEvery: 5,
  rentalEvery: 3,
  householdsPerUnit: 1,
  personsPerHousehold: 2,
};

describe('copySqliteToPostgres', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-copy-'));
  let database: TestPostgres;
  let pool: PostgresPool;
  let district: SyntheticDistrictSummary;
  let copied: Record<string, number>;

  beforeAll(async () => {
    database = await createMigratedTestPostgres();
    pool = createPostgresPool(database.url, 2);
    district = writeSyntheticDistrict(join(dir, 'district.sqlite'), SIZE);
    const db = openDatabase(join(dir, 'district.sqlite'));
    try {
      copied = await copySqliteToPostgres(db, pool);
    } finally {
      db.close();
    }
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every district table with its row count', async () => {
    expect(Object.keys(copied).sort()).toEqual([...DISTRICT_TABLES].sort());
    // Parents first: a unit's building is there before the unit.
    expect(Object.keys(copied).indexOf('buildings')).toBeLessThan(
      Object.keys(copied).indexOf('units'),
    );
    expect(copied.buildings).toBe(district.buildingCount);
    expect(copied.units).toBe(district.unitCount);
    expect(copied.persons).toBe(district.personCount);
    const { rows } = await pool.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM persons',
    );
    expect(rows[0]!.count).toBe(district.personCount);
  });

  it('keeps sealed identifiers byte for byte and flags as booleans', async () => {
    const db = openDatabase(join(dir, 'district.sqlite'));
    try {
      const onSqlite = db
        .prepare('SELECT id_number_sealed, synthetic FROM persons WHERE id = 1')
        .get() as { id_number_sealed: Buffer; synthetic: number };
      const { rows } = await pool.query<{ id_number_sealed: Buffer; synthetic: boolean }>(
        'SELECT id_number_sealed, synthetic FROM persons WHERE id = 1',
      );
      expect(Buffer.compare(rows[0]!.id_number_sealed, onSqlite.id_number_sealed)).toBe(0);
      expect(rows[0]!.synthetic).toBe(onSqlite.synthetic === 1);
    } finally {
      db.close();
    }
  });

  it('derives geometries: every grid covers its centre, every building has its origin', async () => {
    const { rows } = await pool.query<{ covered: number; grids: number; origins: number }>(
      `SELECT (SELECT count(*)::int FROM grids
               WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint(center_lon, center_lat), 4326))) AS covered,
              (SELECT count(*)::int FROM grids) AS grids,
              (SELECT count(*)::int FROM buildings WHERE ST_X(origin) = origin_lon) AS origins`,
    );
    expect(rows[0]!.grids).toBeGreaterThan(0);
    expect(rows[0]!.covered).toBe(rows[0]!.grids);
    expect(rows[0]!.origins).toBe(district.buildingCount);
  });

  it('moves identity sequences past the copied ids', async () => {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO households (unit_id, type) VALUES (1, 'registered') RETURNING id`,
    );
    expect(rows[0]!.id).toBe(district.householdCount + 1);
  });
});
