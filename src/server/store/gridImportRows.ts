/**
 * The grid import's reads and writes of the `grids` table: the register's grids (parents and
 * siblings the checks compare with) and one transaction that upserts the imported grids, parents
 * before children so the parent reference always holds.
 */
import type Database from 'better-sqlite3';

export interface GridRow {
  code: string;
  parentCode: string | null;
  level: number;
  name: string;
  nameEn: string;
  /** GeoJSON geometry text. */
  polygon: string;
  centerLon: number;
  centerLat: number;
}

export function readGridRows(db: Database.Database): GridRow[] {
  return db
    .prepare(
      `SELECT code, parent_code AS parentCode, level, name, name_en AS nameEn, polygon,
              center_lon AS centerLon, center_lat AS centerLat
         FROM grids ORDER BY code`,
    )
    .all() as GridRow[];
}

export interface GridWriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The rows in the order they are written: parents before children (either engine). */
export function gridsParentsFirst(rows: readonly GridRow[]): GridRow[] {
  return [...rows].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
}

/** What writing `row` does to the grid stored as `before` (undefined: none of its code). */
export function gridChange(
  before: Omit<GridRow, 'code' | 'centerLon' | 'centerLat'> | undefined,
  row: GridRow,
): keyof GridWriteCounts {
  if (before === undefined) return 'created';
  return before.parentCode === row.parentCode &&
    before.level === row.level &&
    before.name === row.name &&
    before.nameEn === row.nameEn &&
    before.polygon === row.polygon
    ? 'unchanged'
    : 'updated';
}

/**
 * Upserts the rows in one transaction (all or none); counts what changed. With `dryRun` it only
 * counts what would change and writes nothing.
 */
export function writeGridRows(
  db: Database.Database,
  rows: readonly GridRow[],
  dryRun = false,
): GridWriteCounts {
  const find = db.prepare(
    `SELECT parent_code AS parentCode, level, name, name_en AS nameEn, polygon FROM grids WHERE code = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO grids (code, parent_code, level, name, name_en, polygon, center_lon, center_lat)
     VALUES (@code, @parentCode, @level, @name, @nameEn, @polygon, @centerLon, @centerLat)`,
  );
  const update = db.prepare(
    `UPDATE grids SET parent_code = @parentCode, level = @level, name = @name, name_en = @nameEn,
            polygon = @polygon, center_lon = @centerLon, center_lat = @centerLat
      WHERE code = @code`,
  );
  const counts: GridWriteCounts = { created: 0, updated: 0, unchanged: 0 };
  db.transaction(() => {
    for (const row of gridsParentsFirst(rows)) {
      const change = gridChange(
        find.get(row.code) as Omit<GridRow, 'code' | 'centerLon' | 'centerLat'> | undefined,
        row,
      );
      counts[change] += 1;
      if (dryRun || change === 'unchanged') continue;
      if (change === 'created') insert.run(row);
      else update.run(row);
    }
  })();
  return counts;
}
