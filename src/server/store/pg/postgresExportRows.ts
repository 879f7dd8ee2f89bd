/**
 * ExportRows on PostgreSQL (exports/exportRows.ts, migration 0007's register tables), checked
 * with the SQLite adapter by exports/exportRows.contract.test.ts. An export reads through a
 * cursor in a repeatable-read, read-only transaction on a client of its own, a batch at a time
 * as the file is written: one snapshot, never the whole list in memory. Leaving early rolls the
 * transaction back and returns the client.
 */
import type {
  ExportRows,
  MaskedResident,
  ResidentExportFilter,
  UnitExportRow,
} from '../../exports/exportRows';
import { toMaskedResident } from '../sqliteExportRows';
import type { PostgresPool } from './postgresPool';
import { postgresSubtreeInScopeFilter } from './postgresScopeSql';

/** Rows fetched from the cursor at a time. */
const FETCH_ROWS = 1_000;

async function* cursorRows(
  pool: PostgresPool,
  sql: string,
  params: readonly unknown[],
  rowMode: 'array' | 'object',
): AsyncGenerator<unknown> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, [...params]);
    for (;;) {
      const { rows } = await client.query({
        text: `FETCH ${FETCH_ROWS} FROM export_rows`,
        ...(rowMode === 'array' ? { rowMode: 'array' } : {}),
      });
      yield* rows;
      if (rows.length < FETCH_ROWS) break;
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // Read only: ending it without a commit loses nothing, and ends it however the loop ended.
    await client.query('ROLLBACK').catch((error: Error) => (broken ??= error));
    client.release(broken);
  }
}

export class PostgresExportRows implements ExportRows {
  constructor(private readonly pool: PostgresPool) {}

  async *maskedResidents(filter: ResidentExportFilter): AsyncGenerator<MaskedResident> {
    const params: unknown[] = [];
    let where = postgresSubtreeInScopeFilter('b.grid_code', filter.grid, filter.scopes, params);
    if (filter.tag !== null) {
      params.push(`,${filter.tag},`);
      where += ` AND strpos(',' || p.tags || ',', $${params.length}) > 0`;
    }
    const rows = cursorRows(
      this.pool,
      'SELECT p.id, p.name, p.sex, p.birth_date, p.id_number_masked, p.phone_masked, ' +
        'p.relation, p.tags, d.category, b.grid_code, b.address, u.room_label FROM persons p ' +
        'JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id ' +
        'JOIN buildings b ON b.id = u.building_id ' +
        'LEFT JOIN person_details d ON d.person_id = p.id ' +
        `WHERE ${where} ORDER BY b.grid_code, b.id, u.floor, u.unit_no, p.id`,
      params,
      'object',
    );
    for await (const row of rows) yield toMaskedResident(row as Record<string, unknown>);
  }

  unitRows(grid: string | null, scopes: readonly string[]): AsyncIterable<UnitExportRow> {
    const params: unknown[] = [];
    const where = postgresSubtreeInScopeFilter('b.grid_code', grid, scopes, params);
    return cursorRows(
      this.pool,
      'SELECT b.grid_code, b.name, b.address, u.floor, u.room_label, u.use, u.area_m2, ' +
        '(SELECT count(*) FROM households h WHERE h.unit_id = u.id) AS households, ' +
        '(SELECT count(*) FROM households h JOIN persons p ON p.household_id = h.id ' +
        'WHERE h.unit_id = u.id) AS residents ' +
        `FROM units u JOIN buildings b ON b.id = u.building_id WHERE ${where} ` +
        'ORDER BY b.grid_code, b.id, u.floor, u.unit_no',
      params,
      'array',
    ) as AsyncIterable<UnitExportRow>;
  }
}
