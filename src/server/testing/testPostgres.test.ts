/** Test databases cloned from the run's migrated template, and the templates' cleanup. */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresSchemaVersion, readPostgresMigrations } from '../store/pg/postgresMigrations';
import {
  createMigratedTestPostgres,
  dropTestTemplates,
  testRunTemplateName,
  type TestPostgres,
} from './testPostgres';

const made: TestPostgres[] = [];
afterAll(async () => {
  for (const database of made) await database.drop();
});

async function databaseNames(): Promise<string[]> {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe('createMigratedTestPostgres', () => {
  it('gives databases of their own at the latest schema, cloned from one template', async () => {
    const [first, second] = await Promise.all([
      createMigratedTestPostgres(),
      createMigratedTestPostgres(),
    ]);
    made.push(first!, second!);
    expect(first!.name).not.toBe(second!.name);
    expect(await postgresSchemaVersion(first!)).toBe(readPostgresMigrations().length);
    // PostGIS came with the clone, and a write to one is not seen by the other.
    await first!.query("INSERT INTO meta (key, value) VALUES ('only_in_first', 'x')");
    const inSecond = await second!.query("SELECT 1 FROM meta WHERE key = 'only_in_first'");
    expect(inSecond.rows).toEqual([]);
    const postgis = await second!.query('SELECT PostGIS_Version() AS version');
    expect(postgis.rows[0]?.version).toBeTruthy();
    expect(await databaseNames()).toContain(testRunTemplateName());
  });

  it("drops a dead run's template but not a live one's", async () => {
    await createMigratedTestPostgres().then((database) => made.push(database));
    const live = testRunTemplateName();
    // A pid that no longer runs: a child that has exited.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const dead = testRunTemplateName(deadPid);
    const client = new pg.Client({
      connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await client.connect();
    await client.query(`CREATE DATABASE ${dead}`);
    await client.end();

    const dropped = await dropTestTemplates(-1);
    expect(dropped).toContain(dead);
    expect(dropped).not.toContain(live);
    const names = await databaseNames();
    expect(names).not.toContain(dead);
    expect(names).toContain(live);
  });
});
