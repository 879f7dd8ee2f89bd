/**
 * The grid import's reads and writes of `grids` on PostgreSQL (SQLite: store/gridImportRows.ts):
 * the register's grids, and one transaction under the imports' advisory lock that upserts the
 * imported grids a level at a time, parents first, so the parent reference always holds.
 */
import {
  gridChange,
  gridsParentsFirst,
  type GridRow,
  type GridWriteCounts,
} from '../gridImportRows';
import { IMPORT_LOCK_SQL } from './postgresImportBatches';
import { columns } from './postgresPersonRows';
import { inTransaction, type PostgresPool } from './postgresPool';

const GRID_COLUMNS =
  'code, parent_code AS "parentCode", level, name, name_en AS "nameEn", polygon, ' +
  'center_lon AS "centerLon", center_lat AS "centerLat"';

export async function readPostgresGridRows(pool: PostgresPool): Promise<GridRow[]> {
  const { rows } = await pool.query(`SELECT ${GRID_COLUMNS} FROM grids ORDER BY code`);
  return rows as GridRow[];
}

/** As writeGridRows: all or none, counted; with `dryRun` only counted. */
export function writePostgresGridRows(
  pool: PostgresPool,
  rows: readonly GridRow[],
  dryRun = false,
): Promise<GridWriteCounts> {
  return inTransaction(pool, async (client) => {
    if (!dryRun) await client.query(IMPORT_LOCK_SQL);
    const found = await client.query(
      `SELECT ${GRID_COLUMNS} FROM grids WHERE code = ANY($1::text[])${dryRun ? '' : ' FOR UPDATE'}`,
      [rows.map((row) => row.code)],
    );
    const stored = new Map((found.rows as GridRow[]).map((row) => [row.code, row]));
    const counts: GridWriteCounts = { created: 0, updated: 0, unchanged: 0 };
    const written: GridRow[] = [];
    for (const row of gridsParentsFirst(rows)) {
      const change = gridChange(stored.get(row.code), row);
      counts[change] += 1;
      if (change !== 'unchanged') written.push(row);
    }
    if (dryRun) return counts;
    for (const level of [...new Set(written.map((row) => row.level))]) {
      const ofLevel = written.filter((row) => row.level === level);
      await client.query(
        'INSERT INTO grids (code, parent_code, level, name, name_en, polygon, center_lon, ' +
          'center_lat) SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], ' +
          '$5::text[], $6::text[], $7::double precision[], $8::double precision[]) ' +
          'ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, ' +
          'level = excluded.level, name = excluded.name, name_en = excluded.name_en, ' +
          'polygon = excluded.polygon, center_lon = excluded.center_lon, ' +
          'center_lat = excluded.center_lat',
        columns(
          ofLevel,
          (row) => row.code,
          (row) => row.parentCode,
          (row) => row.level,
          (row) => row.name,
          (row) => row.nameEn,
          (row) => row.polygon,
          (row) => row.centerLon,
          (row) => row.centerLat,
        ),
      );
    }
    return counts;
  });
}
