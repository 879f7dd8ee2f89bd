import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestDistrict, type TestDistrict } from '../../../scripts/district/testDistrict';
import { DAY_MS, districtDayStartMs, DISTRICT_UTC_OFFSET_MS } from '../../domain/districtTime';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { residentsPerGrid } from '../store/registerMovementRows';
import { SqliteRollupStatsStore } from '../store/sqliteRollupStatsStore';
import { districtMonthStartAfter } from '../../domain/statistics/movementMonths';
import { DEMO_MOVEMENT_DAYS, generateDemoMovements } from './demoRegisterMovements';
import { ensureDemoRegisterMovements } from './ensureDemoRegisterMovements';

/** 6 December 2026, 10:00 in the district. */
const NOW_MS = Date.UTC(2026, 11, 6, 2, 0);
const GRIDS = [
  { gridCode: '350102001001001', residents: 18_000, floating: 1_000 },
  { gridCode: '350102001001002', residents: 15_000, floating: 6_000 },
];

const monthOf = (dayMs: number) => new Date(dayMs + DISTRICT_UTC_OFFSET_MS).getUTCMonth();
const total = (
  rows: ReturnType<typeof generateDemoMovements>,
  test: (row: (typeof rows)[number]) => boolean,
) => rows.filter(test).reduce((sum, row) => sum + row.count, 0);

describe('demo register movements', () => {
  it('draw the year before today, the same figures for a day whatever the start day', () => {
    const rows = generateDemoMovements(GRIDS, NOW_MS);
    const todayMs = districtDayStartMs(NOW_MS);
    expect(Math.min(...rows.map((row) => row.dayMs))).toBe(todayMs - DEMO_MOVEMENT_DAYS * DAY_MS);
    expect(Math.max(...rows.map((row) => row.dayMs))).toBe(todayMs - DAY_MS);
    expect(generateDemoMovements(GRIDS, NOW_MS)).toEqual(rows);
    const tomorrow = generateDemoMovements(GRIDS, NOW_MS + DAY_MS);
    const key = (row: (typeof rows)[number]) => `${row.gridCode}:${row.dayMs}:${row.kind}`;
    const later = new Map(tomorrow.map((row) => [key(row), row.count]));
    const overlap = rows.filter((row) => row.dayMs > todayMs - DEMO_MOVEMENT_DAYS * DAY_MS);
    expect(overlap.every((row) => later.get(key(row)) === row.count)).toBe(true);
    expect(generateDemoMovements(GRIDS, NOW_MS, 7)).not.toEqual(rows);
  });

  it('move floating grids more, and swing around the Spring Festival', () => {
    const rows = generateDemoMovements(GRIDS, NOW_MS);
    const [settled, floating] = GRIDS.map((grid) =>
      total(rows, (row) => row.gridCode === grid.gridCode),
    ) as [number, number];
    expect(floating).toBeGreaterThan(2 * settled);
    const february = (kind: string) =>
      total(rows, (row) => row.kind === kind && monthOf(row.dayMs) === 1);
    const march = (kind: string) =>
      total(rows, (row) => row.kind === kind && monthOf(row.dayMs) === 2);
    expect(february('departure')).toBeGreaterThan(february('registration'));
    expect(march('registration')).toBeGreaterThan(march('departure'));
    // 0.4 % + 5 % × the floating share per month: 72 + 50 = 122 arrivals a month in the first.
    const monthly =
      total(rows, (row) => row.gridCode === GRIDS[0]!.gridCode && row.kind === 'registration') / 12;
    expect(monthly).toBeGreaterThan(100);
    expect(monthly).toBeLessThan(150);
  });
});

describe('ensureDemoRegisterMovements', () => {
  let district: TestDistrict;
  let db: SqliteDatabase;

  beforeAll(() => {
    district = generateTestDistrict({ buildingCount: 30, residentCount: 1_200 });
    db = openDatabase(district.dbPath);
  });

  afterAll(() => {
    db?.close();
    district?.dispose();
  });

  it('replaces the demo history at each start, keeps what the triggers counted, and the cockpit reads it', () => {
    const grid = residentsPerGrid(db)[0]!.gridCode;
    db.prepare(
      "INSERT INTO register_movements (grid_code, day_ms, kind, count) VALUES (?, ?, 'departure', 3)",
    ).run(grid, districtDayStartMs(NOW_MS));
    const first = ensureDemoRegisterMovements(district.dbPath, new Date(NOW_MS));
    const second = ensureDemoRegisterMovements(district.dbPath, new Date(NOW_MS));
    expect(second).toBe(first);
    const stored = db
      .prepare(
        'SELECT demo, SUM(count) AS total FROM register_movements GROUP BY demo ORDER BY demo',
      )
      .all();
    expect(stored).toEqual([
      { demo: 0, total: 3 },
      { demo: 1, total: first },
    ]);
    const area = { gridCode: null, scopes: [grid.slice(0, 6)] };
    // Thirteen months hold the year before today and today.
    const months = new SqliteRollupStatsStore(db).countMovementsPerMonth(
      area,
      districtMonthStartAfter(NOW_MS, -12),
      districtMonthStartAfter(NOW_MS, 1),
    );
    expect(months.reduce((sum, month) => sum + month.count, 0)).toBe(first + 3);
  });
});
