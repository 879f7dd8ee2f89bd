/**
 * npm run bench:stats-postgres — the cockpit's street refresh on PostgreSQL, read from its rollups
 * (PostgresRollupStats, migration 0008) against PostgreSQL's GROUP BY over the raw tables
 * (PostgresCockpitStats) and SQLite's rollups (the server's path on SQLite), in one run over the
 * same rows: a district generated on SQLite (BENCH_RESIDENTS, default 100,000 residents;
 * BENCH_INCIDENTS, default 100,000 incidents over BENCH_DAYS, default 365, with a year of
 * registrations and departures), copied into a fresh PostgreSQL database by db:copy's
 * copyFromSqlite (the database is dropped afterwards). Every street's figures from the three are
 * checked deep equal first. Then what the triggers cost a writer: up to 100,000 residents inserted
 * in one statement, 1,000 inserted one statement each, and 1,000 incidents changing state one
 * statement each, with the rollup triggers and without (ALTER TABLE … DISABLE TRIGGER USER), runs
 * alternated, each rolled back. Ratios: PostgreSQL's GROUP BY over its rollups, its rollups over
 * SQLite's, writes with over without. Last line: JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { openDatabase } from '../../src/server/store/openDatabase';
import { copyFromSqlite } from '../../src/server/store/pg/copyFromSqlite';
import { PostgresAssessmentRepository } from '../../src/server/store/pg/postgresAssessmentRepository';
import { PostgresCockpitStats } from '../../src/server/store/pg/postgresCockpitStats';
import { runPostgresMigrations } from '../../src/server/store/pg/postgresMigrations';
import {
  createPostgresPool,
  type PostgresClient,
  type PostgresPool,
} from '../../src/server/store/pg/postgresPool';
import { PostgresRollupStats } from '../../src/server/store/pg/postgresRollupStats';
import { SqliteAssessmentStore } from '../../src/server/store/sqliteAssessmentStore';
import { sqliteRollupStats } from '../../src/server/store/sqliteRollupStatsStore';
import { createTestPostgres } from '../../src/server/testing/testPostgres';
import { NOW_MS, prepareDatabase, streetRefreshes, timeRefreshes } from './statsDistrict';

const RESIDENT_COUNT = Number(process.env.BENCH_RESIDENTS ?? 100_000);
const INCIDENT_COUNT = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const HISTORY_DAYS = Number(process.env.BENCH_DAYS ?? 365);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARM_UP_ITERATIONS = 20;
const DISTRICT_ITERATIONS = 100;
/** The GROUP BY baseline is slow: it stops at whichever comes first. */
const BASELINE_MAX_ITERATIONS = 40;
const BASELINE_MAX_MS = 120_000;
/** Clients of the readers' pool: a refresh sends its reads at once. */
const POOL_SIZE = 8;
/** At most 100,000: at city size, copying every resident once more would take the run's hour. */
const BULK_PERSONS = Math.min(RESIDENT_COUNT, 100_000);
const SINGLE_WRITES = 1_000;
/** Runs of each write, with and without the triggers, alternated. */
const WRITE_RUNS = 3;
const HOUR_MS = 3_600_000;

const PERSON_COLUMNS =
  'household_id, name, sex, birth_date, id_number_sealed, id_number_index, id_number_masked, ' +
  'phone_sealed, phone_index, phone_masked, relation, tags, synthetic';

interface WriteCase {
  name: string;
  table: string;
  /** The timed statements (each its own round trip), inside one transaction. */
  run(client: PostgresClient): Promise<void>;
}

function ratio(numerator: number, denominator: number): number {
  return Math.round((numerator / denominator) * 100) / 100;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeWrite(
  pool: PostgresPool,
  write: WriteCase,
  withTriggers: boolean,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (!withTriggers) await client.query(`ALTER TABLE ${write.table} DISABLE TRIGGER USER`);
    const startedMs = performance.now();
    await write.run(client);
    const elapsedMs = performance.now() - startedMs;
    await client.query('ROLLBACK');
    return Math.round(elapsedMs);
  } finally {
    client.release();
  }
}

function writeCases(incidentIds: readonly string[]): WriteCase[] {
  return [
    {
      name: `${BULK_PERSONS.toLocaleString('en')} residents in one INSERT … SELECT`,
      table: 'persons',
      run: async (client) => {
        await client.query(
          `INSERT INTO persons (${PERSON_COLUMNS}) SELECT ${PERSON_COLUMNS} FROM persons ` +
            'ORDER BY id LIMIT $1',
          [BULK_PERSONS],
        );
      },
    },
    {
      name: `${SINGLE_WRITES.toLocaleString('en')} residents, one INSERT each`,
      table: 'persons',
      run: async (client) => {
        for (let id = 1; id <= SINGLE_WRITES; id++) {
          await client.query(
            `INSERT INTO persons (${PERSON_COLUMNS}) SELECT ${PERSON_COLUMNS} FROM persons WHERE id = $1`,
            [id],
          );
        }
      },
    },
    {
      name: `${incidentIds.length.toLocaleString('en')} incidents dispatched, one UPDATE each`,
      table: 'incidents',
      run: async (client) => {
        for (const id of incidentIds) {
          await client.query(
            "UPDATE incidents SET state = 'dispatched', dispatched_at_ms = $2, due_at_ms = $3 " +
              'WHERE id = $1',
            [id, NOW_MS, NOW_MS + HOUR_MS],
          );
        }
      },
    },
  ];
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'gcc-bench-stats-pg-'));
  const database = await createTestPostgres();
  let pool: PostgresPool | null = null;
  try {
    const dbPath = join(workDir, 'district.sqlite');
    const prepared = prepareDatabase(dbPath, {
      residents: RESIDENT_COUNT,
      incidents: INCIDENT_COUNT,
      historyDays: HISTORY_DAYS,
    });
    const writable = openDatabase(dbPath);
    new SqliteAssessmentStore(writable);
    writable.close();
    const db = openDatabase(dbPath, { readonly: true });
    await runPostgresMigrations(database);
    pool = createPostgresPool(database.url, POOL_SIZE);
    console.log('copying the district into PostgreSQL (db:copy) …');
    const copyStartedMs = performance.now();
    await copyFromSqlite(db, pool);
    const copyMs = Math.round(performance.now() - copyStartedMs);
    const rebuildStartedMs = performance.now();
    await pool.query('SELECT stats_rebuild_rollups()');
    const pgRebuildMs = Math.round(performance.now() - rebuildStartedMs);
    // What db:copy leaves (vacuumAnalyze): statistics, and pages marked all-visible so that the
    // rollups' reads can be index-only, as autovacuum keeps them on a running database.
    await pool.query('VACUUM (ANALYZE)');
    console.log(
      `  copied in ${Math.round(copyMs / 1000)} s; PostgreSQL's rollups rebuilt alone in ${pgRebuildMs} ms`,
    );

    const { streets, refreshWith } = streetRefreshes(db);
    const fromSqliteRollups = refreshWith(sqliteRollupStats(db));
    // PostgreSQL's refreshes read the workers' places as its server does (one query for all).
    const pgPatrol = await PostgresAssessmentRepository.open(pool);
    const fromPgRollups = refreshWith(new PostgresRollupStats(pool), pgPatrol);
    const fromPgTables = refreshWith(new PostgresCockpitStats(pool), pgPatrol);
    console.log(`checking every street's figures (${streets.length} streets) …`);
    for (const street of streets) {
      const sqlite = await fromSqliteRollups(street);
      const rollups = await fromPgRollups(street);
      const tables = await fromPgTables(street);
      if (!isDeepStrictEqual(rollups, sqlite) || !isDeepStrictEqual(tables, sqlite)) {
        console.log(JSON.stringify({ street, sqlite, rollups, tables }));
        throw new Error(`street ${street}: the three answers disagree`);
      }
    }
    const endless = Number.POSITIVE_INFINITY;
    await timeRefreshes(fromPgRollups, streets, WARM_UP_ITERATIONS, endless);
    await timeRefreshes(fromSqliteRollups, streets, WARM_UP_ITERATIONS, endless);
    const pgRollups = await timeRefreshes(fromPgRollups, streets, ITERATIONS, endless);
    const sqliteRollups = await timeRefreshes(fromSqliteRollups, streets, ITERATIONS, endless);
    // The district-wide refresh (a district leader's first screen) reads each rollup once at the
    // district's own level code, and the waits' exact p90 over every base grid of the district.
    const districtOnly = [null];
    await timeRefreshes(fromPgRollups, districtOnly, WARM_UP_ITERATIONS, endless);
    const pgRollupsDistrict = await timeRefreshes(
      fromPgRollups,
      districtOnly,
      DISTRICT_ITERATIONS,
      endless,
    );
    const sqliteRollupsDistrict = await timeRefreshes(
      fromSqliteRollups,
      districtOnly,
      DISTRICT_ITERATIONS,
      endless,
    );
    const pgTables = await timeRefreshes(
      fromPgTables,
      streets,
      BASELINE_MAX_ITERATIONS,
      BASELINE_MAX_MS,
    );
    const residents = (db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
    const incidentIds = (
      db.prepare('SELECT id FROM incidents ORDER BY id LIMIT ?').all(SINGLE_WRITES) as Array<{
        id: string;
      }>
    ).map((row) => row.id);
    db.close();

    console.log('timing writes with and without the rollup triggers …');
    const writes = [];
    for (const write of writeCases(incidentIds)) {
      const withMs: number[] = [];
      const withoutMs: number[] = [];
      for (let run = 0; run < WRITE_RUNS; run++) {
        withoutMs.push(await timeWrite(pool, write, false));
        withMs.push(await timeWrite(pool, write, true));
      }
      const figures = {
        write: write.name,
        withTriggersMs: withMs,
        withoutTriggersMs: withoutMs,
        ratio: ratio(median(withMs), median(withoutMs)),
      };
      console.log(
        `  ${figures.write}: ${withMs.join(', ')} ms with the triggers, ${withoutMs.join(', ')} ms without (median ratio ${figures.ratio})`,
      );
      writes.push(figures);
    }

    const describe = (name: string, measured: typeof pgRollups, what = 'street') =>
      `${name}: p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms, mean ${measured.meanMs} ms over ${measured.iterations} ${what} refreshes`;
    console.log(describe('PostgreSQL rollups ', pgRollups));
    console.log(describe('PostgreSQL GROUP BY', pgTables));
    console.log(describe('SQLite rollups     ', sqliteRollups));
    console.log(describe('PostgreSQL rollups', pgRollupsDistrict, 'district-wide'));
    console.log(describe('SQLite rollups    ', sqliteRollupsDistrict, 'district-wide'));
    const ratios = {
      groupByOverRollupsP50: ratio(pgTables.p50Ms, pgRollups.p50Ms),
      groupByOverRollupsP99: ratio(pgTables.p99Ms, pgRollups.p99Ms),
      pgOverSqliteRollupsP50: ratio(pgRollups.p50Ms, sqliteRollups.p50Ms),
      pgOverSqliteRollupsP99: ratio(pgRollups.p99Ms, sqliteRollups.p99Ms),
    };
    console.log(
      `PostgreSQL's rollups: ${ratios.groupByOverRollupsP50}x faster than its GROUP BY (p50; p99 ${ratios.groupByOverRollupsP99}x), ` +
        `${ratios.pgOverSqliteRollupsP50}x SQLite's rollups (p50; p99 ${ratios.pgOverSqliteRollupsP99}x)`,
    );
    console.log(
      `load average while measuring: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`,
    );
    console.log(
      JSON.stringify({
        bench: 'stats-postgres',
        residents,
        incidents: prepared.incidents,
        streets: streets.length,
        copyMs,
        pgRebuildMs,
        sqliteRebuildMs: prepared.rebuildMs,
        pgRollups,
        pgGroupBy: pgTables,
        sqliteRollups,
        pgRollupsDistrict,
        sqliteRollupsDistrict,
        ratios,
        writes,
        equal: true,
        loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      }),
    );
  } finally {
    await pool?.end();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
