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

  it("run once, in order: PostGIS, the tracking tables with an indexed point per fix, the login lockouts, the shared limits, users and sessions, the reporter answers, the core schema, the cockpit's rollups, the search costs, the persons' search scope, the import journal's ranges", async () => {
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
    ]);
    const srid = await db.query("SELECT Find_SRID('public', 'positions', 'geom') AS srid");
    expect(srid.rows).toEqual([{ srid: 4326 }]);
    const gist = await db.query(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'positions_geom'",
    );
    expect(gist.rows[0]?.indexdef).toMatch(/USING gist \(geom\)/);
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
