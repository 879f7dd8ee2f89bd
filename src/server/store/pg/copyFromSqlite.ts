/**
 * Moves a district from its SQLite file into PostgreSQL (docs/decisions/0040-postgresql.md):
 * what `npm run db:copy` runs when a district outgrows one machine, and what the contract suites
 * use to give PostgreSQL the rows they wrote with the SQLite tools. The migrations keep SQLite's
 * table and column names, so each table copies column by column: the columns both sides have,
 * PostgreSQL's generated ones (geometries) left to PostgreSQL. Rows stream through `COPY … FROM
 * STDIN` (pg-copy-streams: one round trip per table instead of one per batch of INSERTs, and the
 * file is read row by row, never whole). Tables go parents first, by PostgreSQL's own foreign
 * keys. Identity sequences move past the copied ids. What SQLite derives (search grams, FTS
 * tables, the cockpit's rollups) is not copied: PostgreSQL's rollup triggers (migration 0008) are
 * paused for the copy, and its rollups are recomputed from the copied rows once at the end, in the
 * same transaction (one pass instead of one refresh per table). Large tables load bare: their
 * secondary indexes and foreign keys are rebuilt after their COPY (BULK_COPY_ROWS).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { from as copyFrom } from 'pg-copy-streams';
import type { PostgresClient, PostgresPool } from './postgresPool';

/** Tables PostgreSQL's migrations fill themselves: their rows are replaced, not appended. */
const SEEDED_TABLES = new Set(['audit_anchor']);
/**
 * The migrations' own bookkeeping, PostGIS's catalogue, and the leases of the processes that ran
 * on the SQLite file (they mean nothing to the nodes of this database).
 */
const NEVER_COPIED = new Set(['schema_migrations', 'spatial_ref_sys', 'cluster_leases']);
/** The cockpit's rollups and their lists: each engine derives its own from the copied rows. */
const DERIVED_PREFIX = 'stats_';
/** Rows per COPY chunk handed to the stream. */
const ROWS_PER_CHUNK = 1_000;
/**
 * A table with at least this many rows on SQLite is loaded bare: its secondary indexes and its
 * own foreign keys are dropped inside the copy's transaction and rebuilt after its COPY (one sort
 * per index and one join per key instead of a GIN insertion and a key check per row: a city's
 * ten million residents, docs/decisions/0040 "city scale"). Smaller tables keep them.
 */
export const BULK_COPY_ROWS = 50_000;
/** For the index builds after a bulk COPY (the session default is 64 MB). */
const BULK_INDEX_MEMORY = '256MB';

export interface CopyProgress {
  table: string;
  rows: number;
  /** Rows of this table on SQLite (known before the copy starts). */
  total: number;
}

export interface CopyOptions {
  /** Only these tables (in any order; copied parents first). Default: every table both have. */
  tables?: readonly string[];
  /** Refuse a target that already holds rows (default true; tests append to a fresh database). */
  requireEmpty?: boolean;
  /** Tables with at least this many rows load without indexes and keys (default BULK_COPY_ROWS). */
  bulkRows?: number;
  onProgress?(progress: CopyProgress): void;
  /**
   * VACUUM (ANALYZE) the tables that received rows, and the rollups rebuilt from them, once
   * committed (db:copy). Until autovacuum gets to a fresh copy the planner has no statistics (its
   * guesses for an unanalyzed 3M-resident register made a one-character search take 12 s) and no
   * page is marked all-visible, so no read is index-only: the cockpit's step waits at a million
   * incidents took 27 ms instead of 8. Off by default (tests' tiny copies do not need it).
   */
  vacuumAnalyze?: boolean;
}

interface PostgresColumn {
  name: string;
  identity: boolean;
  type: string;
}

/** Tables of the current schema, parents before children (by foreign keys). */
async function tablesInOrder(client: PostgresClient): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of edges) {
    if (child === parent) continue;
    (parents.get(child) ?? parents.set(child, new Set()).get(child)!).add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (table: string, path: Set<string>): void => {
    if (placed.has(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    path.add(table);
    for (const parent of parents.get(table) ?? []) place(parent, path);
    path.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const { name } of tables) place(name, new Set());
  return ordered.filter((table) => !NEVER_COPIED.has(table) && !table.startsWith(DERIVED_PREFIX));
}

async function postgresColumns(client: PostgresClient, table: string): Promise<PostgresColumn[]> {
  const { rows } = await client.query<{ name: string; identity: string; type: string }>(
    `SELECT column_name AS name, is_identity AS identity, data_type AS type
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
     ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((row) => ({ name: row.name, identity: row.identity === 'YES', type: row.type }));
}

function sqliteTables(db: Database.Database): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
    name: string;
  }>;
  return new Set(rows.map((row) => row.name));
}

function sqliteColumns(db: Database.Database, table: string): Set<string> {
  const columns = db.pragma(`table_info(${quoteName(table)})`) as Array<{ name: string }>;
  return new Set(columns.map((column) => column.name));
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** One value in COPY's text format. */
function copyText(value: unknown, type: string): string {
  if (value === null || value === undefined) return '\\N';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return '\\\\x' + Buffer.from(value).toString('hex');
  }
  if (type === 'boolean') return value === 0 || value === '0' || value === false ? 'f' : 't';
  if (type === 'ARRAY') return escapeCopyText(arrayLiteral(value));
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot copy the number ${value}`);
    return String(value);
  }
  return escapeCopyText(String(value));
}

function escapeCopyText(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
}

/** SQLite keeps a list as JSON text (users.scopes); PostgreSQL as an array: `{"a","b"}`. */
function arrayLiteral(value: unknown): string {
  const items: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(items)) throw new Error(`expected a JSON array, got ${String(value)}`);
  const quoted = items.map(
    (item) => `"${String(item).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `{${quoted.join(',')}}`;
}

function* copyChunks(
  rows: Iterable<unknown[]>,
  types: readonly string[],
  onRows: (count: number) => void,
): Generator<string> {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(row.map((value, index) => copyText(value, types[index]!)).join('\t'));
    if (lines.length === ROWS_PER_CHUNK) {
      yield lines.join('\n') + '\n';
      onRows(lines.length);
      lines = [];
    }
  }
  if (lines.length > 0) {
    yield lines.join('\n') + '\n';
    onRows(lines.length);
  }
}

/** What a bulk load drops and rebuilds: indexes no constraint uses, and the table's own foreign keys. */
interface DeferredDefinitions {
  indexes: Array<{ name: string; sql: string }>;
  foreignKeys: Array<{ name: string; definition: string }>;
}

/**
 * Drops `table`'s secondary indexes (those no constraint stands on: primary keys, unique
 * constraints and the indexes other tables' foreign keys use all stay) and its own foreign keys,
 * returning how to rebuild them. Inside the copy's transaction: a failed copy rolls the drop back.
 */
async function dropForBulkLoad(
  client: PostgresClient,
  table: string,
): Promise<DeferredDefinitions> {
  const { rows: indexes } = await client.query<{ name: string; sql: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS sql
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = $1::text::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
     ORDER BY i.relname`,
    [quoteName(table)],
  );
  const { rows: foreignKeys } = await client.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::text::regclass ORDER BY conname`,
    [quoteName(table)],
  );
  for (const { name } of foreignKeys)
    await client.query(`ALTER TABLE ${quoteName(table)} DROP CONSTRAINT ${quoteName(name)}`);
  for (const { name } of indexes) await client.query(`DROP INDEX ${quoteName(name)}`);
  return { indexes, foreignKeys };
}

/** Rebuilds what `dropForBulkLoad` dropped; a key the copied rows break fails the copy here. */
async function rebuildAfterBulkLoad(
  client: PostgresClient,
  table: string,
  deferred: DeferredDefinitions,
): Promise<void> {
  await client.query(`SET LOCAL maintenance_work_mem = '${BULK_INDEX_MEMORY}'`);
  for (const { sql } of deferred.indexes) await client.query(sql);
  for (const { name, definition } of deferred.foreignKeys) {
    await client.query(
      `ALTER TABLE ${quoteName(table)} ADD CONSTRAINT ${quoteName(name)} ${definition}`,
    );
  }
}

async function copyTable(
  db: Database.Database,
  client: PostgresClient,
  table: string,
  bulkRows: number,
  onProgress: ((progress: CopyProgress) => void) | undefined,
): Promise<number> {
  const onSqlite = sqliteColumns(db, table);
  const columns = (await postgresColumns(client, table)).filter((column) =>
    onSqlite.has(column.name),
  );
  if (columns.length === 0) return 0;
  const names = columns.map((column) => quoteName(column.name)).join(', ');
  const total = (db.prepare(`SELECT count(*) AS n FROM ${quoteName(table)}`).get() as { n: number })
    .n;
  if (SEEDED_TABLES.has(table)) await client.query(`DELETE FROM ${quoteName(table)}`);
  const deferred = total >= bulkRows ? await dropForBulkLoad(client, table) : null;
  const select = db.prepare(`SELECT ${names} FROM ${quoteName(table)}`).raw(true);
  let rows = 0;
  onProgress?.({ table, rows, total });
  await pipeline(
    Readable.from(
      copyChunks(
        select.iterate() as Iterable<unknown[]>,
        columns.map((column) => column.type),
        (count) => {
          rows += count;
          onProgress?.({ table, rows, total });
        },
      ),
    ),
    client.query(copyFrom(`COPY ${quoteName(table)} (${names}) FROM STDIN`)),
  );
  if (deferred !== null) await rebuildAfterBulkLoad(client, table, deferred);
  for (const column of columns.filter((candidate) => candidate.identity)) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2),
                     COALESCE((SELECT MAX(${quoteName(column.name)}) FROM ${quoteName(table)}), 0) + 1,
                     false)`,
      [table, column.name],
    );
  }
  return rows;
}

/**
 * The incident feed numbers its events from a head row of its own (PostgreSQL only, 0007), not
 * from the table's identity: after a copy it starts past the copied events.
 */
async function moveFeedHead(client: PostgresClient): Promise<void> {
  await client.query(
    `UPDATE incident_feed_head SET last_sequence = GREATEST(last_sequence,
       COALESCE((SELECT MAX(sequence) FROM incident_events), 0))`,
  );
}

/** The rollups and their lists on PostgreSQL (stats_rebuild_rollups fills them). */
async function derivedTables(client: PostgresClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ' +
      'AND starts_with(tablename, $1) ORDER BY tablename',
    [DERIVED_PREFIX],
  );
  return rows.map((row) => row.name);
}

/**
 * Copies the SQLite district `db` into the migrated PostgreSQL database of `pool`, in one
 * transaction (all or nothing); returns the rows copied per table, parents first.
 */
export async function copyFromSqlite(
  db: Database.Database,
  pool: PostgresPool,
  options: CopyOptions = {},
): Promise<Record<string, number>> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const onSqlite = sqliteTables(db);
    const wanted = options.tables === undefined ? null : new Set(options.tables);
    const tables = (await tablesInOrder(client)).filter(
      (table) => onSqlite.has(table) && (wanted === null || wanted.has(table)),
    );
    for (const table of wanted ?? []) {
      if (!tables.includes(table)) throw new Error(`no table ${table} on both engines`);
    }
    if (options.requireEmpty ?? true) {
      for (const table of tables) {
        if (SEEDED_TABLES.has(table)) continue;
        const { rowCount } = await client.query(`SELECT 1 FROM ${quoteName(table)} LIMIT 1`);
        if ((rowCount ?? 0) > 0) {
          throw new Error(`the PostgreSQL database already holds rows (table ${table})`);
        }
      }
    }
    const copied: Record<string, number> = {};
    await client.query("SELECT set_config('gcc.stats_rollups', 'paused', true)");
    for (const table of tables) {
      copied[table] = await copyTable(
        db,
        client,
        table,
        options.bulkRows ?? BULK_COPY_ROWS,
        options.onProgress,
      );
    }
    if (tables.includes('incident_events')) await moveFeedHead(client);
    await client.query("SELECT set_config('gcc.stats_rollups', '', true)");
    await client.query('SELECT stats_rebuild_rollups()');
    await client.query('COMMIT');
    if (options.vacuumAnalyze === true) {
      const filled = tables.filter((table) => (copied[table] ?? 0) > 0);
      for (const table of [...filled, ...(await derivedTables(client))]) {
        await client.query(`VACUUM (ANALYZE) ${quoteName(table)}`);
      }
    }
    return copied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
