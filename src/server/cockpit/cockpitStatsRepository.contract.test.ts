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
import { movementWindowOf } from '../../domain/statistics/movementMonths';
import { MOVEMENT_MONTHS, STATS_WINDOW_DAYS } from '../../shared/cockpitStats';
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
import { postgresContractEngine, type ContractEngine } from '../testing/contractEngines';
import { SPECIAL_GROUP_TAGS } from './cockpitStatsQueries';
import type { CockpitStatsRepository, StatsArea } from './cockpitStatsRepository';
import { windowStartsOf } from './statsWindows';

/** Saturday 5 December 2026, 12:00 in the district. */
const NOW_MS = Date.UTC(2026, 11, 5, 4, 0);
const INCIDENT_COUNT = 3_000;
const HISTORY_DAYS = 120;
const HOTTEST = 5;
const MOVEMENT_WINDOW = movementWindowOf(NOW_MS, MOVEMENT_MONTHS);

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
  const districtCode = baseGrids[0]!.slice(0, 6);
  const street = baseGrids[0]!.slice(0, 9);
  const community = baseGrids.at(-1)!.slice(0, 12);
  return [
    ['the district', { gridCode: null, scopes: [districtCode] }],
    ['a street', { gridCode: street, scopes: [districtCode] }],
    ['a community', { gridCode: community, scopes: [districtCode] }],
    ['a base grid', { gridCode: baseGrids[0]!, scopes: [districtCode] }],
    ['two scopes', { gridCode: null, scopes: [street, baseGrids.at(-1)!] }],
    ['a district seen from a scope', { gridCode: districtCode, scopes: [community] }],
    ['no scope', { gridCode: null, scopes: [] }],
  ];
}

/** Every figure of the interface for one area, as the cockpit asks for them. */
async function figuresOf(stats: CockpitStatsRepository, area: StatsArea) {
  const windows = windowStartsOf(NOW_MS, STATS_WINDOW_DAYS);
  const fromMs = windows.trendFromMs;
  const byYear = await stats.countPersonsByBirthYear(area);
  return {
    byCategory: await stats.countPersonsByCategory(area),
    byBirthYear: [...byYear].sort(
      (a, b) => a.birthYear - b.birthYear || a.sex.localeCompare(b.sex),
    ),
    byTag: await stats.countPersonsByTag(area, SPECIAL_GROUP_TAGS),
    units: await stats.countUnitsByBuildingKind(area),
    movements: await stats.countMovementsPerMonth(
      area,
      MOVEMENT_WINDOW.fromMs,
      MOVEMENT_WINDOW.toMs,
    ),
    since: await stats.countIncidentsSince(area, [
      windows.todayMs,
      windows.weekMs,
      windows.monthMs,
    ]),
    byCategoryOfIncidents: await stats.countIncidentsBy(area, 'category', fromMs),
    byState: await stats.countIncidentsBy(area, 'state', fromMs),
    bySource: await stats.countIncidentsBy(area, 'source', fromMs),
    closures: await stats.countClosures(area, fromMs),
    overdue: await stats.countOverdue(area, NOW_MS),
    escalations: await stats.countEscalations(area, fromMs),
    waits: await stats.summariseStepWaits(area, fromMs),
    perDay: await stats.countIncidentsPerDay(area, fromMs),
    hottest: await stats.hottestGrids(area, fromMs, HOTTEST),
  };
}

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
