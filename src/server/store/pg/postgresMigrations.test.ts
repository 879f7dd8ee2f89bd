/** PostgreSQL migrations on the machine's server, in a database of this file's own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCodeLength } from '../../../domain/gridCode';
import { PERSON_TAGS } from '../../../domain/registry';
import { createTestPostgres, type TestPostgres } from '../../testing/testPostgres';
import { WAIT_BUCKET_LOWER_BOUNDS_MS } from '../statsRollupSchema';
import {
  postgresSchemaVersion,
  readPostgresMigrations,
  runPostgresMigrations,
} from './postgresMigrations';

let db: TestPostgres;

beforeAll(async () => {
  db = await createTestPostgres();
});
afterAll(async () => {
  await db?.drop();
});

/** The newest migration of this build. */
const LATEST = readPostgresMigrations().length;

describe('PostgreSQL migrations', () => {
  it('are numbered from 1 without a gap', () => {
    const versions = readPostgresMigrations().map((migration) => migration.version);
    expect(versions).toEqual(versions.map((_, index) => index + 1));
  });

  it("run once, in order: PostGIS, the tracking tables with an indexed point per fix, the login lockouts, the shared limits, users and sessions, the reporter answers, the core schema, the cockpit's rollups, the search costs, the persons' search scope, the import journal's ranges, the wait rollup's covering key, the grid rollup, the wait facts by district, the grids that keep their incidents", async () => {
    expect(await runPostgresMigrations(db)).toBe(LATEST);
    expect(await runPostgresMigrations(db)).toBe(LATEST);
    const { rows } = await db.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: 'postgis' },
      { version: 2, name: 'tracking' },
      { version: 3, name: 'login_lockouts' },
      { version: 4, name: 'limits' },
      { version: 5, name: 'users_sessions' },
      { version: 6, name: 'reporter_answers' },
      { version: 7, name: 'core_schema' },
      { version: 8, name: 'stats_rollups' },
      { version: 9, name: 'search_costs' },
      { version: 10, name: 'search_scope' },
      { version: 11, name: 'import_journal_ranges' },
      { version: 12, name: 'wait_rollup_covering' },
      { version: 13, name: 'grid_rollup' },
      { version: 14, name: 'wait_facts_by_district' },
      { version: 15, name: 'grids_keep_incidents' },
    ]);
    const srid = await db.query("SELECT Find_SRID('public', 'positions', 'geom') AS srid");
    expect(srid.rows).toEqual([{ srid: 4326 }]);
    const gist = await db.query(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'positions_geom'",
    );
    expect(gist.rows[0]?.indexdef).toMatch(/USING gist \(geom\)/);
    // The cockpit's step waits read the wait rollup's counts and sums from its key alone.
    const covering = await db.query(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'stats_wait_rollup_pkey'",
    );
    expect(covering.rows[0]?.indexdef).toMatch(
      /\(area, day_ms, state, bucket\) INCLUDE \(count, sum_ms\)$/,
    );
    // The hottest grids read the grid-days' counts from the grid rollup's key alone.
    const gridCovering = await db.query(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'stats_grid_rollup_pkey'",
    );
    expect(gridCovering.rows[0]?.indexdef).toMatch(/\(area, day_ms, code\) INCLUDE \(count\)$/);
    // A whole district's p90 reads its waits as one range of this index, index-only.
    const byDistrict = await db.query(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'stats_wait_facts_district'",
    );
    expect(byDistrict.rows[0]?.indexdef).toMatch(
      /\(state, bucket, "left"\(grid_code, 6\), report_day_ms, duration_ms\) INCLUDE \(grid_code\)$/,
    );
  });

  it('answers the nearest worker from the stored points', async () => {
    await db.query(
      'INSERT INTO workers (id, name, name_en, phone_sealed, phone_index, phone_masked) VALUES ' +
        "(1, 'a', 'a', '\\x00', '\\x01', '1**'), (2, 'b', 'b', '\\x00', '\\x02', '2**'); " +
        'INSERT INTO positions (worker_id, fix_time_ms, lon, lat, accuracy_m, received_at_ms) VALUES ' +
        '(1, 1, 119.300, 26.080, 5, 1), (2, 1, 119.290, 26.080, 5, 1)',
    );
    const nearest = await db.query(
      'SELECT worker_id FROM positions ' +
        'ORDER BY geom <-> ST_SetSRID(ST_MakePoint(119.291, 26.081), 4326) LIMIT 1',
    );
    expect(nearest.rows).toEqual([{ worker_id: 2 }]);
  });

  it("gives the cockpit's rollups the levels, tags and wait buckets SQLite's have", async () => {
    const levels = await db.query('SELECT code_length FROM stats_levels ORDER BY code_length');
    expect(levels.rows.map((row) => row.code_length)).toEqual(
      ([1, 2, 3, 4] as const).map(gridCodeLength),
    );
    const tags = await db.query('SELECT tag FROM stats_person_tags ORDER BY tag');
    expect(tags.rows.map((row) => row.tag)).toEqual([...PERSON_TAGS].sort());
    const buckets = await db.query(
      'SELECT bucket, lower_ms FROM stats_wait_buckets ORDER BY bucket',
    );
    expect(buckets.rows.map((row) => Number(row.lower_ms))).toEqual(WAIT_BUCKET_LOWER_BOUNDS_MS);
    expect(buckets.rows.map((row) => row.bucket)).toEqual(
      WAIT_BUCKET_LOWER_BOUNDS_MS.map((_, index) => index),
    );
  });

  it('rolls a failing migration back whole and records nothing', async () => {
    const migrations = [
      ...readPostgresMigrations(),
      {
        version: LATEST + 1,
        name: 'broken',
        sql: 'CREATE TABLE half (id integer); SELECT no_such_column;',
      },
    ];
    await expect(runPostgresMigrations(db, migrations)).rejects.toThrow(/no_such_column/);
    expect(await postgresSchemaVersion(db)).toBe(LATEST);
    expect((await db.query("SELECT to_regclass('half') AS half")).rows).toEqual([{ half: null }]);
  });

  it('refuses a database written by a newer build', async () => {
    await db.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')");
    await expect(runPostgresMigrations(db)).rejects.toThrow(/schema version 99/);
  });
});

/** persons' indexes: name and definition (the table's own, not the constraints'). */
async function personsIndexes(database: TestPostgres): Promise<Map<string, string>> {
  const { rows } = await database.query(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'persons' ORDER BY indexname",
  );
  return new Map(rows.map((row) => [String(row.indexname), String(row.indexdef)]));
}

describe('migration 10 on a database that already holds a register', () => {
  it("fills every person's building and grid, and builds persons' indexes again as they were", async () => {
    const own = await createTestPostgres();
    try {
      await runPostgresMigrations(
        own,
        readPostgresMigrations().filter((migration) => migration.version < 10),
      );
      const before = await personsIndexes(own);
      const grid = '350102001001001';
      const ring = '[[119.3,26.08],[119.31,26.08],[119.31,26.09],[119.3,26.08]]';
      const polygon = `{"type":"Polygon","coordinates":[${ring}]}`;
      const footprint = `{"type":"MultiPolygon","coordinates":[[${ring}]]}`;
      await own.query(
        'INSERT INTO grids (code, level, name, name_en, polygon, center_lon, center_lat) ' +
          `VALUES ('${grid}', 4, '一格', 'Grid one', '${polygon}', 119.3, 26.08); ` +
          'INSERT INTO buildings (id, grid_code, name, name_en, address, kind, floors, ' +
          'units_per_floor, floor_height_m, origin_lon, origin_lat, wings, footprint, built_year) ' +
          `VALUES (1, '${grid}', '一号楼', 'No. 1', '幸福路1号', 'slab', 3, 2, 3, 119.3, 26.08, '[]', '${footprint}', 2000), ` +
          `(2, '${grid}', '二号楼', 'No. 2', '幸福路2号', 'tower', 9, 2, 3, 119.3, 26.08, '[]', '${footprint}', 2001); ` +
          'INSERT INTO units (id, building_id, floor, unit_no, room_label, use, area_m2) ' +
          "VALUES (1, 1, 1, 1, '101', 'residential', 80), (2, 2, 1, 1, '101', 'rental', 60); " +
          "INSERT INTO households (id, unit_id, type) VALUES (1, 1, 'registered'), (2, 2, 'rental'); " +
          'INSERT INTO persons (id, household_id, name, sex, birth_date, id_number_sealed, ' +
          'id_number_index, id_number_masked, relation) VALUES ' +
          "(1, 1, '王一', 'M', '1980-01-01', '\\x01', '\\x01', '3501**********0011', 'head'), " +
          "(2, 1, '李二', 'F', '1982-02-02', '\\x02', '\\x02', '3501**********0022', 'spouse'), " +
          "(3, 2, '张三', 'M', '1990-03-03', '\\x03', '\\x03', '3501**********0033', 'head')",
      );
      expect(await runPostgresMigrations(own)).toBe(LATEST);
      const placed = await own.query('SELECT id, building_id, grid_code FROM persons ORDER BY id');
      expect(placed.rows).toEqual([
        { id: 1, building_id: 1, grid_code: grid },
        { id: 2, building_id: 1, grid_code: grid },
        { id: 3, building_id: 2, grid_code: grid },
      ]);
      const after = await personsIndexes(own);
      // Every index persons had is there again, the names' one on its new function, and the
      // scope's two are new.
      expect([...after.keys()].sort()).toEqual(
        [...before.keys(), 'persons_grid', 'persons_building'].sort(),
      );
      for (const [name, definition] of before) {
        if (name !== 'persons_name_grams') expect(after.get(name)).toBe(definition);
      }
      expect(after.get('persons_name_grams')).toMatch(/registry_name_grams\(name\)/);
    } finally {
      await own.drop();
    }
  });
});
