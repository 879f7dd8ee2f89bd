/**
 * The contract of CockpitStatsRepository, run against every engine
 * (docs/decisions/0040-postgresql.md) over one generated district (a test district, a year of
 * incidents carried through the loop, registrations and departures): the SQLite rollups the
 * server reads, PostgreSQL's GROUP BY and PostgreSQL's rollups (migration 0008) must answer every
 * figure exactly as SQLite's GROUP BY over the raw tables, for each level and scope. PostgreSQL
 * gets the district's rows by db:copy (copyFromSqlite), which recomputes its rollups. Read only: nothing is emptied between cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestDistrict, type TestDistrict } from '../../../scripts/district/testDistrict';
import { writeBulkIncidents } from '../../../scripts/bench/bulkIncidents';
import { STATS_WINDOW_DAYS } from '../../shared/cockpitStats';
import { generateDemoMovements } from '../registry/demoRegisterMovements';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { copyFromSqlite } from '../store/pg/copyFromSqlite';
import { PostgresCockpitStats } from '../store/pg/postgresCockpitStats';
import { PostgresRollupStats } from '../store/pg/postgresRollupStats';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { replaceDemoMovements, residentsPerGrid } from '../store/registerMovementRows';
import { sqliteCockpitStats } from '../store/sqliteCockpitStatsStore';
import { sqliteRollupStats } from '../store/sqliteRollupStatsStore';
import { rebuildStatsRollups } from '../store/statsRollups';
import { cockpitAreasOf, cockpitFiguresOf } from '../testing/cockpitFigures';
import { postgresContractEngine, type ContractEngine } from '../testing/contractEngines';
import type { CockpitStatsRepository, StatsArea } from './cockpitStatsRepository';
import { windowStartsOf } from './statsWindows';

/** Saturday 5 December 2026, 12:00 in the district. */
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const INCIDENT_COUNT = 3_000;
const HISTORY_DAYS = 120;
const HOTTEST = 5;

let district: TestDistrict;
let db: SqliteDatabase;
let incidentsWritten = 0;

function writeDistrict(): void {
  district = generateTestDistrict({ buildingCount: 30, residentCount: 1_500 });
  const writable = openDatabase(district.dbPath);
  try {
    const gridCodes = (
      writable.prepare('SELECT code FROM grids WHERE level = 4').all() as Array<{ code: string }>
    ).map((row) => row.code);
    incidentsWritten = writeBulkIncidents(writable, {
      count: INCIDENT_COUNT,
      days: HISTORY_DAYS,
      nowMs: NOW_MS,
      seed: 14,
      gridCodes,
    }).incidents;
    replaceDemoMovements(writable, generateDemoMovements(residentsPerGrid(writable), NOW_MS));
    rebuildStatsRollups(writable);
  } finally {
    writable.close();
  }
  db = openDatabase(district.dbPath, { readonly: true });
}

/** PostgreSQL with the district copied as `npm run db:copy` copies it; `open` picks the reader. */
function postgresEngine(
  name: string,
  open: (pool: PostgresPool) => CockpitStatsRepository,
): ContractEngine<CockpitStatsRepository> {
  const engine = postgresContractEngine<CockpitStatsRepository>({
    tables: [],
    poolSize: 4,
    setUp: async (database) => {
      const pool = createPostgresPool(database.url, 1);
      try {
        await copyFromSqlite(db, pool);
      } finally {
        await pool.end();
      }
    },
    open: ([pool]) => open(pool!),
  });
  return { ...engine, name };
}

const ENGINES: Array<ContractEngine<CockpitStatsRepository>> = [
  {
    name: 'SQLite (rollups)',
    prepare: async () => {},
    open: async () => sqliteRollupStats(db),
    dispose: async () => {},
  },
  postgresEngine('PostgreSQL (GROUP BY)', (pool) => new PostgresCockpitStats(pool)),
  postgresEngine('PostgreSQL (rollups)', (pool) => new PostgresRollupStats(pool)),
];

beforeAll(writeDistrict);
afterAll(() => {
  db?.close();
  district?.dispose();
});

function areasOf(): Array<[string, StatsArea]> {
  const baseGrids = (
    db.prepare('SELECT code FROM grids WHERE level = 4 ORDER BY code').all() as Array<{
      code: string;
    }>
  ).map((row) => row.code);
  return cockpitAreasOf(baseGrids);
}

const figuresOf = (stats: CockpitStatsRepository, area: StatsArea) =>
  cockpitFiguresOf(stats, area, NOW_MS);

describe.each(ENGINES)('cockpit statistics on $name', (engine) => {
  let stats: CockpitStatsRepository;

  beforeAll(async () => {
    await engine.prepare();
    stats = await engine.open();
  });
  afterAll(() => engine.dispose());

  it('answers every figure of every level and scope as the GROUP BY over the raw tables', async () => {
    const reference = sqliteCockpitStats(db);
    for (const [label, area] of areasOf()) {
      expect(await figuresOf(stats, area), label).toEqual(await figuresOf(reference, area));
    }
  });

  it('counts the whole district: every resident, unit and incident of the window once', async () => {
    const area = areasOf()[0]![1];
    const persons = (db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
    const units = (db.prepare('SELECT COUNT(*) AS n FROM units').get() as { n: number }).n;
    const figures = await figuresOf(stats, area);
    expect(figures.byCategory.reduce((sum, entry) => sum + entry.count, 0)).toBe(persons);
    expect(figures.units.reduce((sum, entry) => sum + entry.units, 0)).toBe(units);
    const inWindow = (
      db
        .prepare('SELECT COUNT(*) AS n FROM incidents WHERE reported_at_ms >= ?')
        .get(windowStartsOf(NOW_MS, STATS_WINDOW_DAYS).trendFromMs) as { n: number }
    ).n;
    expect(incidentsWritten).toBe(INCIDENT_COUNT);
    expect(figures.bySource.reduce((sum, entry) => sum + entry.count, 0)).toBe(inWindow);
    expect(figures.perDay.reduce((sum, day) => sum + day.count, 0)).toBe(inWindow);
    expect(figures.closures.onTime + figures.closures.late).toBeGreaterThan(0);
    expect(figures.escalations).toBeGreaterThan(0);
    expect(figures.waits.length).toBeGreaterThan(2);
    expect(figures.movements.length).toBeGreaterThan(2);
    expect(figures.hottest).toHaveLength(HOTTEST);
  });
});
