/**
 * The register's movement history (register_movements) against what happened: kept by the
 * database itself for every writer (plain SQL, the erasure, a deferred import batch), counts
 * only, summed per level by its rollup exactly as the GROUP BY over the history, and kept by a
 * rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestDistrict, type TestDistrict } from '../../../scripts/district/testDistrict';
import { DAY_MS, districtDayStartMs, districtMonthStartMs } from '../../domain/districtTime';
import { movementWindowOf } from '../../domain/statistics/movementMonths';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { SqliteAuditStore } from './sqliteAuditStore';
import { SqliteCockpitStatsStore } from './sqliteCockpitStatsStore';
import { sqlitePersonErasure } from './sqlitePersonErasure';
import { SqliteRollupStatsStore } from './sqliteRollupStatsStore';
import { districtMonthSql } from './statsRollupSchema';
import { deferRegisterRollups, dumpStatsRollups, rebuildStatsRollups } from './statsRollups';

const HOUR_MS = 60 * 60 * 1000;

let district: TestDistrict;
let db: SqliteDatabase;

interface Movement {
  grid_code: string;
  kind: string;
  count: number;
}

beforeAll(() => {
  district = generateTestDistrict({ buildingCount: 40, residentCount: 1_500 });
  db = openDatabase(district.dbPath);
});

afterAll(() => {
  db?.close();
  district?.dispose();
});

/** Today's counted movements (the triggers date them by the database's clock). */
function todaysMovements(): Movement[] {
  return db
    .prepare(
      'SELECT grid_code, kind, count FROM register_movements WHERE demo = 0 AND day_ms = ? ' +
        'ORDER BY grid_code, kind',
    )
    .all(districtDayStartMs(Date.now())) as Movement[];
}

/** Movements between two snapshots, as grid:kind → count. */
function delta(before: Movement[], after: Movement[]): Record<string, number> {
  const change: Record<string, number> = {};
  for (const [rows, sign] of [
    [after, 1],
    [before, -1],
  ] as const) {
    for (const row of rows) {
      const key = `${row.grid_code}:${row.kind}`;
      change[key] = (change[key] ?? 0) + sign * row.count;
      if (change[key] === 0) delete change[key];
    }
  }
  return change;
}

function gridOfPerson(personId: number): string {
  const row = db
    .prepare(
      'SELECT b.grid_code FROM persons p JOIN households h ON h.id = p.household_id ' +
        'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id WHERE p.id = ?',
    )
    .get(personId) as { grid_code: string };
  return row.grid_code;
}

/** A household in another base grid than `gridCode` (or in the same one). */
function householdIn(gridCode: string, same: boolean): { id: number; grid: string } {
  const row = db
    .prepare(
      'SELECT h.id, b.grid_code FROM households h JOIN units u ON u.id = h.unit_id ' +
        `JOIN buildings b ON b.id = u.building_id WHERE b.grid_code ${same ? '=' : '<>'} ? ` +
        'ORDER BY h.id LIMIT 1',
    )
    .get(gridCode) as { id: number; grid_code: string };
  return { id: row.id, grid: row.grid_code };
}

const copyPersonInto = (householdId: number, fromPersonId: number) =>
  Number(
    db
      .prepare(
        'INSERT INTO persons (household_id, name, sex, birth_date, id_number_sealed, ' +
          'id_number_index, id_number_masked, relation, tags) SELECT ?, name, sex, birth_date, ' +
          'id_number_sealed, id_number_index, id_number_masked, relation, tags FROM persons WHERE id = ?',
      )
      .run(householdId, fromPersonId).lastInsertRowid,
  );

/** The rollup's answer equals the GROUP BY over the history at every level of the person's grid. */
function expectRollupEqualsHistory(gridCode: string): void {
  const window = movementWindowOf(Date.now(), 12);
  const rollups = new SqliteRollupStatsStore(db);
  const raw = new SqliteCockpitStatsStore(db);
  for (const length of [6, 9, 12, 15]) {
    const area = { gridCode: gridCode.slice(0, length), scopes: [gridCode.slice(0, 6)] };
    const fromRollups = rollups.countMovementsPerMonth(area, window.fromMs, window.toMs);
    expect(fromRollups).toEqual(raw.countMovementsPerMonth(area, window.fromMs, window.toMs));
    expect(fromRollups.length).toBeGreaterThan(0);
  }
}

describe('register movements', () => {
  it('bucket by the district month in SQL exactly as the domain does, and refuse other windows', () => {
    const month = db.prepare(`SELECT ${districtMonthSql('?')} AS month_ms`);
    // Local midnights around month and year ends (UTC+8: still the previous day in UTC).
    for (const dayMs of [
      Date.UTC(2026, 0, 1) - 8 * HOUR_MS,
      Date.UTC(2026, 0, 31) - 8 * HOUR_MS,
      Date.UTC(2026, 1, 28) - 8 * HOUR_MS,
      Date.UTC(2026, 2, 1) - 8 * HOUR_MS,
      Date.UTC(2026, 11, 31) - 8 * HOUR_MS,
    ]) {
      expect(month.get(dayMs)).toEqual({ month_ms: districtMonthStartMs(dayMs) });
    }
    const window = movementWindowOf(Date.now(), 12);
    const area = { gridCode: null, scopes: ['350102'] };
    expect(() =>
      new SqliteRollupStatsStore(db).countMovementsPerMonth(
        area,
        window.fromMs + DAY_MS,
        window.toMs,
      ),
    ).toThrow(/district month/);
  });

  it('count nothing for the generated district itself', () => {
    expect(db.prepare('SELECT COUNT(*) AS n FROM register_movements').get()).toEqual({ n: 0 });
  });

  it('count a new person as a registration in their grid, today', () => {
    const before = todaysMovements();
    const household = householdIn('', false);
    copyPersonInto(household.id, 1);
    copyPersonInto(household.id, 2);
    expect(delta(before, todaysMovements())).toEqual({ [`${household.grid}:registration`]: 2 });
    expectRollupEqualsHistory(household.grid);
  });

  it('count a move to another grid as a departure there and a registration here; not one inside a grid', () => {
    const person = 5;
    const from = gridOfPerson(person);
    const elsewhere = householdIn(from, false);
    let before = todaysMovements();
    db.prepare('UPDATE persons SET household_id = ? WHERE id = ?').run(elsewhere.id, person);
    expect(delta(before, todaysMovements())).toEqual({
      [`${from}:departure`]: 1,
      [`${elsewhere.grid}:registration`]: 1,
    });
    before = todaysMovements();
    const sameGrid = householdIn(elsewhere.grid, true);
    db.prepare('UPDATE persons SET household_id = ? WHERE id = ?').run(sameGrid.id, person);
    db.prepare("UPDATE persons SET tags = 'disabled' WHERE id = ?").run(person);
    expect(delta(before, todaysMovements())).toEqual({});
    expectRollupEqualsHistory(from);
  });

  it('count every member when a household moves to a unit in another grid', () => {
    const household = db
      .prepare(
        'SELECT h.id, COUNT(p.id) AS members, b.grid_code FROM households h ' +
          'JOIN persons p ON p.household_id = h.id JOIN units u ON u.id = h.unit_id ' +
          'JOIN buildings b ON b.id = u.building_id GROUP BY h.id HAVING members >= 2 LIMIT 1',
      )
      .get() as { id: number; members: number; grid_code: string };
    const unit = db
      .prepare(
        'SELECT u.id, b.grid_code FROM units u JOIN buildings b ON b.id = u.building_id ' +
          'WHERE b.grid_code <> ? LIMIT 1',
      )
      .get(household.grid_code) as { id: number; grid_code: string };
    const before = todaysMovements();
    db.prepare('UPDATE households SET unit_id = ? WHERE id = ?').run(unit.id, household.id);
    expect(delta(before, todaysMovements())).toEqual({
      [`${household.grid_code}:departure`]: household.members,
      [`${unit.grid_code}:registration`]: household.members,
    });
  });

  it('count a departure (a move out of the register) and an erasure, and hold no person data', async () => {
    const leaving = 40;
    const erased = 41;
    const grids = [gridOfPerson(leaving), gridOfPerson(erased)];
    const before = todaysMovements();
    db.prepare('DELETE FROM persons WHERE id = ?').run(leaving);
    const erasure = sqlitePersonErasure(db, new SqliteAuditStore(db));
    expect(
      await erasure.erasePerson(erased, {
        at: new Date().toISOString(),
        username: 'admin',
        action: 'person.erase',
        targetType: 'person',
        targetId: String(erased),
        fields: '',
        reason: 'test',
      }),
    ).toBe(true);
    const expected: Record<string, number> = {};
    for (const grid of grids)
      expected[`${grid}:departure`] = (expected[`${grid}:departure`] ?? 0) + 1;
    expect(delta(before, todaysMovements())).toEqual(expected);
    // Counts per grid and day only: nothing that names or points at a person.
    const columns = (
      db.prepare('PRAGMA table_info(register_movements)').all() as Array<{ name: string }>
    ).map((column) => column.name);
    expect(columns).toEqual(['grid_code', 'day_ms', 'kind', 'demo', 'count']);
    expectRollupEqualsHistory(grids[1]!);
  });

  it('keep counting through a deferred import batch, and its rollup catches up before the commit', () => {
    const household = householdIn('', false);
    const before = todaysMovements();
    db.transaction(() => {
      const finish = deferRegisterRollups(db);
      const rollupBefore = dumpStatsRollups(db).stats_movement_rollup;
      for (let index = 0; index < 30; index++) copyPersonInto(household.id, 100 + index);
      // Paused: the rollup waits, the history does not.
      expect(dumpStatsRollups(db).stats_movement_rollup).toEqual(rollupBefore);
      finish();
    })();
    expect(delta(before, todaysMovements())).toEqual({ [`${household.grid}:registration`]: 30 });
    expectRollupEqualsHistory(household.grid);
    const incremental = dumpStatsRollups(db);
    rebuildStatsRollups(db);
    expect(dumpStatsRollups(db)).toEqual(incremental);
  });

  it('survive a rebuild of the rollups: the history is not derived data', () => {
    const history = db.prepare('SELECT * FROM register_movements ORDER BY 1, 2, 3, 4').all();
    expect(history.length).toBeGreaterThan(0);
    db.exec('DROP TRIGGER stats_movement_persons_insert');
    rebuildStatsRollups(db);
    expect(db.prepare('SELECT * FROM register_movements ORDER BY 1, 2, 3, 4').all()).toEqual(
      history,
    );
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all();
    expect(names).toContainEqual({ name: 'stats_movement_persons_insert' });
  });
});
