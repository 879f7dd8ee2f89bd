/**
 * Gives a migrated PostgreSQL database the rows of a SQLite district (docs/decisions/0040): a
 * contract suite writes its district once with the SQLite tools (the synthetic district, the
 * demo generator, an import) and both engines then answer over the same rows. The migrations
 * keep SQLite's table and column names, so the copy is column by column: the columns both sides
 * have, PostgreSQL's generated ones (geometries) left to PostgreSQL. Identity sequences move past
 * the copied ids, so a row PostgreSQL numbers next does not collide. Test support only.
 */
import type Database from 'better-sqlite3';
import type { PostgresPool } from '../store/pg/postgresPool';

/** The tables a district's rows live in, parents before children (foreign keys). */
export const DISTRICT_TABLES: readonly string[] = [
  'meta',
  'grids',
  'buildings',
  'units',
  'households',
  'persons',
  'basemap_features',
  'building_sources',
  'unit_shapes',
  'person_details',
  'workers',
  'worker_grids',
];

/** Parameters per INSERT stay well under PostgreSQL's limit of 65,535. */
const MAX_PARAMETERS = 30_000;

interface PostgresColumn {
  name: string;
  identity: boolean;
}

async function postgresColumns(pool: PostgresPool, table: string): Promise<PostgresColumn[]> {
  const { rows } = await pool.query<{ column_name: string; is_identity: string }>(
    `SELECT column_name, is_identity FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
     ORDER BY ordinal_position`,
    [table],
  );
  if (rows.length === 0) throw new Error(`PostgreSQL has no table ${table}`);
  return rows.map((row) => ({ name: row.column_name, identity: row.is_identity === 'YES' }));
}

function sqliteColumns(db: Database.Database, table: string): Set<string> {
  const columns = db.pragma(`table_info(${table})`) as { name: string }[];
  if (columns.length === 0) throw new Error(`SQLite has no table ${table}`);
  return new Set(columns.map((column) => column.name));
}

/**
 * Copies `tables` (in the order given: parents first) from `db` into the PostgreSQL database of
 * `pool`, appending to what is there; returns the rows copied per table.
 */
export async function copySqliteToPostgres(
  db: Database.Database,
  pool: PostgresPool,
  tables: readonly string[] = DISTRICT_TABLES,
): Promise<Record<string, number>> {
  const copied: Record<string, number> = {};
  for (const table of tables) {
    const onSqlite = sqliteColumns(db, table);
    const columns = (await postgresColumns(pool, table)).filter((column) =>
      onSqlite.has(column.name),
    );
    const names = columns.map((column) => column.name);
    const rowsPerInsert = Math.max(1, Math.floor(MAX_PARAMETERS / names.length));
    const select = db.prepare(
      `SELECT ${names.map((name) => `"${name}"`).join(', ')} FROM ${table}`,
    );
    select.raw(true);
    let batch: unknown[][] = [];
    let count = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const values = batch
        .map(
          (_, row) =>
            `(${names.map((__, column) => `$${row * names.length + column + 1}`).join(', ')})`,
        )
        .join(', ');
      await pool.query(
        `INSERT INTO ${table} (${names.map((name) => `"${name}"`).join(', ')}) VALUES ${values}`,
        batch.flat(),
      );
      count += batch.length;
      batch = [];
    };
    for (const row of select.iterate() as Iterable<unknown[]>) {
      batch.push(row);
      if (batch.length >= rowsPerInsert) await flush();
    }
    await flush();
    for (const column of columns.filter((candidate) => candidate.identity)) {
      await pool.query(
        `SELECT setval(pg_get_serial_sequence($1, $2),
                        COALESCE((SELECT MAX("${column.name}") FROM ${table}), 0) + 1, false)`,
        [table, column.name],
      );
    }
    copied[table] = count;
  }
  return copied;
}
