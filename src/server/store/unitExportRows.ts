/**
 * Units inside a grid subtree and the caller's scope, with their household and resident counts,
 * as raw rows in the units export's column order (grid, building, address, floor, room, use,
 * area, households, residents).
 */
import type { SqliteDatabase } from './openDatabase';
import { subtreeInScopeFilter } from './scopeSql';

export function unitExportRows(
  db: SqliteDatabase,
  grid: string | null,
  scopes: readonly string[],
): Iterable<Array<string | number>> {
  const scope = subtreeInScopeFilter('b.grid_code', grid, scopes);
  return db
    .prepare(
      'SELECT b.grid_code, b.name, b.address, u.floor, u.room_label, u.use, u.area_m2, ' +
        '(SELECT count(*) FROM households h WHERE h.unit_id = u.id) AS households, ' +
        '(SELECT count(*) FROM households h JOIN persons p ON p.household_id = h.id WHERE h.unit_id = u.id) AS residents ' +
        `FROM units u JOIN buildings b ON b.id = u.building_id WHERE ${scope.sql} ORDER BY b.grid_code, b.id, u.floor, u.unit_no`,
    )
    .raw()
    .iterate(...scope.params) as Iterable<Array<string | number>>;
}
