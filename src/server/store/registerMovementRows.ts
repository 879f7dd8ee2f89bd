/**
 * SQL of the register's movement history (register_movements) outside its triggers: the base
 * grids' sizes the demo history is drawn from, and the replacement of the demo history.
 */
import type { GridResidents, MovementRow } from '../registry/demoRegisterMovements';
import type { SqliteDatabase } from './openDatabase';

/** Residents per base grid, and how many of them live in floating households. */
export function residentsPerGrid(db: SqliteDatabase): GridResidents[] {
  return (
    db
      .prepare(
        "SELECT b.grid_code, COUNT(*) AS residents, SUM(h.type = 'floating') AS floating " +
          'FROM persons p JOIN households h ON h.id = p.household_id ' +
          'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id ' +
          'GROUP BY b.grid_code ORDER BY b.grid_code',
      )
      .all() as Array<{ grid_code: string; residents: number; floating: number }>
  ).map((row) => ({
    gridCode: row.grid_code,
    residents: Number(row.residents),
    floating: Number(row.floating),
  }));
}

/**
 * Replaces the demo history (demo = 1) with `rows` in one transaction; what the triggers counted
 * (demo = 0) stays. The rollup follows through its own triggers.
 */
export function replaceDemoMovements(db: SqliteDatabase, rows: readonly MovementRow[]): void {
  const insert = db.prepare(
    'INSERT INTO register_movements (grid_code, day_ms, kind, demo, count) VALUES (?, ?, ?, 1, ?)',
  );
  db.transaction(() => {
    db.prepare('DELETE FROM register_movements WHERE demo = 1').run();
    for (const row of rows) insert.run(row.gridCode, row.dayMs, row.kind, row.count);
  })();
}
