/**
 * Writes the district into a fresh SQLite file through prepared statements, and hashes every
 * row as it goes (data_hash): same rows in the same order give the same hash and, because the
 * file is written in one fixed sequence with no timestamps, the same bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  PERSON_SEALED_COLUMNS,
  WORKER_PHONE_COLUMNS,
  personSealedValues,
  type IdentifierSealer,
  type PersonIdentifiers,
} from '../../src/server/store/sealedIdentifiers';
import { loadIdentifierSealer } from '../../src/server/store/dataKeyFiles';
import { restrictNewFileModes } from '../../src/server/store/fileModes';

export const SCHEMA_PATH = new URL('../../src/server/store/schema.sql', import.meta.url);

type Cell = string | number | Buffer | null;

const INSERTS = {
  grids:
    'INSERT INTO grids (code, parent_code, level, name, name_en, polygon, center_lon, center_lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  basemap_features:
    'INSERT INTO basemap_features (id, kind, class, name, name_en, width_m, geometry) VALUES (?, ?, ?, ?, ?, ?, ?)',
  buildings:
    'INSERT INTO buildings (id, grid_code, name, name_en, address, kind, floors, units_per_floor, floor_height_m, origin_lon, origin_lat, wings, footprint, built_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  units:
    'INSERT INTO units (id, building_id, floor, unit_no, room_label, use, area_m2) VALUES (?, ?, ?, ?, ?, ?, ?)',
  households: 'INSERT INTO households (id, unit_id, type, head_person_id) VALUES (?, ?, ?, ?)',
  persons: `INSERT INTO persons (id, household_id, name, sex, birth_date, ${PERSON_SEALED_COLUMNS}, relation, tags, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  workers: `INSERT INTO workers (id, name, name_en, ${WORKER_PHONE_COLUMNS}, synthetic) VALUES (?, ?, ?, ?, ?, ?, 1)`,
  worker_grids: 'INSERT INTO worker_grids (worker_id, grid_code) VALUES (?, ?)',
  meta: 'INSERT INTO meta (key, value) VALUES (?, ?)',
} as const;

export type TableName = keyof typeof INSERTS;

/** Separators that never occur in the data, so joined rows hash unambiguously. */
const FIELD_SEPARATOR = '\u001f';
const ROW_SEPARATOR = '\u001e';
const NULL_MARK = '\u0000';
/** Page cache for the generating connection; negative cache_size is in KiB. */
const CACHE_SIZE_KIB = 1024 * 1024;
/** Rows per multi-row INSERT: about 1.7× fewer CPU cycles per row than one row per statement. */
const BATCH_ROWS = 32;
const TABLE_ORDER = Object.keys(INSERTS) as TableName[];
const COLUMN_COUNTS = Object.fromEntries(
  TABLE_ORDER.map((table) => [table, INSERTS[table].split('?').length - 1]),
) as Record<TableName, number>;

/** A person's columns before its sealed identifiers (insertPerson's `head`), and those. */
const PERSON_HEAD_COLUMNS = 5;
const SEALED_PERSON_COLUMNS = 6;

/** `INSERT ... VALUES (...)` repeated `rows` times. */
function batchSql(sql: string, rows: number): string {
  const valuesAt = sql.indexOf('VALUES ') + 'VALUES '.length;
  const tuple = sql.slice(valuesAt);
  return sql.slice(0, valuesAt) + Array.from({ length: rows }, () => tuple).join(', ');
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

export class DistrictWriter {
  private readonly db: Database.Database;
  private readonly statements: Record<TableName, Database.Statement>;
  private readonly batchStatements: Record<TableName, Database.Statement>;
  /** Values of rows waiting for a multi-row INSERT, per table. */
  private readonly pending: Record<TableName, Cell[]>;
  private readonly hash: Hash = createHash('sha256');
  private readonly deferredIndexSql: string[];

  private readonly workPath: string;
  /** Persons' identifiers are stored sealed with the data key of the database's folder. */
  private readonly sealer: IdentifierSealer;
  /** The identifiers of the persons queued, in order, until their batch is sealed. */
  private readonly pendingIdentifiers: PersonIdentifiers[] = [];

  /**
   * Writes to `<dbPath>.partial` and moves it into place in `finish`, so nobody ever opens a
   * half-generated district, and a failed run leaves the previous file as it was.
   */
  constructor(private readonly dbPath: string) {
    restrictNewFileModes();
    mkdirSync(dirname(dbPath), { recursive: true });
    this.sealer = loadIdentifierSealer(dirname(dbPath), { create: true });
    this.workPath = `${dbPath}.partial`;
    removeDatabaseFiles(this.workPath);
    this.db = new Database(this.workPath);
    // A fresh file written once: no rollback journal to keep, nothing to sync until the end.
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = OFF');
    // Keep a bulk transaction's pages in memory instead of spilling them to the file midway.
    this.db.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(readFileSync(SCHEMA_PATH, 'utf8'));
    // Rows are queued per table and written in batches, so a child row may reach the file
    // before its parent; the tests check referential integrity on the finished file instead.
    this.db.pragma('foreign_keys = OFF');
    // Secondary indexes are dropped during the bulk load and rebuilt at the end (sorting once
    // is several times cheaper than updating them row by row).
    const indexes = this.db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
      )
      .all() as { name: string; sql: string }[];
    for (const index of indexes) this.db.exec(`DROP INDEX "${index.name}"`);
    this.deferredIndexSql = indexes.map((index) => index.sql);
    const statement = (rows: number) =>
      Object.fromEntries(
        TABLE_ORDER.map((table) => [table, this.db.prepare(batchSql(INSERTS[table], rows))]),
      ) as Record<TableName, Database.Statement>;
    this.statements = statement(1);
    this.batchStatements = statement(BATCH_ROWS);
    this.pending = Object.fromEntries(TABLE_ORDER.map((table) => [table, []])) as unknown as Record<
      TableName,
      Cell[]
    >;
  }

  /** Runs `work` in one transaction: bulk inserts are an order of magnitude faster that way. */
  inTransaction(work: () => void): void {
    this.db.transaction(() => {
      work();
      this.flush();
    })();
  }

  /**
   * Queues a row (written at the latest when the transaction ends) and hashes it. A `workers` row
   * is given with its clear phone, hashed so, and stored with the phone sealed.
   */
  insert(table: TableName, values: readonly Cell[]): void {
    const queue = this.pending[table];
    const stored =
      table === 'workers'
        ? [...values.slice(0, 3), ...this.sealer.sealWorkerPhone(String(values[3]))]
        : values;
    for (const value of stored) queue.push(value);
    if (queue.length >= BATCH_ROWS * COLUMN_COUNTS[table]) this.flushTable(table);
    let text = table;
    for (const value of values)
      text += FIELD_SEPARATOR + (value === null ? NULL_MARK : String(value));
    this.hash.update(text + ROW_SEPARATOR);
  }

  /**
   * Queues a person: the row hashes with its clear identifiers (data_hash names the data, not
   * the key) and is stored with them sealed (sealedIdentifiers.ts).
   */
  insertPerson(
    head: readonly [number, number, string, string, string],
    identifiers: PersonIdentifiers,
    tail: readonly [string, string],
  ): void {
    const queue = this.pending.persons;
    for (const value of head) queue.push(value);
    // Sealed with the rest of the batch when it is written (sealPendingPersons).
    for (let column = 0; column < SEALED_PERSON_COLUMNS; column++) queue.push(null);
    this.pendingIdentifiers.push(identifiers);
    for (const value of tail) queue.push(value);
    if (queue.length >= BATCH_ROWS * COLUMN_COUNTS.persons) this.flushTable('persons');
    let text = 'persons';
    for (const value of [...head, identifiers.idNumber, identifiers.phone, ...tail])
      text += FIELD_SEPARATOR + (value === null ? NULL_MARK : String(value));
    this.hash.update(text + ROW_SEPARATOR);
  }

  private flush(): void {
    for (const table of TABLE_ORDER) this.flushTable(table);
  }

  private flushTable(table: TableName): void {
    if (table === 'persons') this.sealPendingPersons();
    const queue = this.pending[table];
    const width = COLUMN_COUNTS[table];
    const batchWidth = BATCH_ROWS * width;
    let offset = 0;
    for (; offset + batchWidth <= queue.length; offset += batchWidth) {
      this.batchStatements[table].run(queue.slice(offset, offset + batchWidth));
    }
    for (; offset < queue.length; offset += width) {
      this.statements[table].run(queue.slice(offset, offset + width));
    }
    queue.length = 0;
  }

  /**
   * Fills the queued persons' sealed columns, the batch sealed at once (`sealPersons`: the same
   * bytes as one by one, at about half the CPU).
   */
  private sealPendingPersons(): void {
    const queue = this.pending.persons;
    const width = COLUMN_COUNTS.persons;
    this.sealer.sealPersons(this.pendingIdentifiers).forEach((sealed, row) => {
      personSealedValues(sealed).forEach((value, column) => {
        queue[row * width + PERSON_HEAD_COLUMNS + column] = value;
      });
    });
    this.pendingIdentifiers.length = 0;
  }

  /** The hash of everything inserted so far; call once, before the data_hash meta row. */
  contentHash(): string {
    return this.hash.digest('hex');
  }

  /** Writes the meta row that carries the hash, without hashing it. */
  insertUnhashedMeta(key: string, value: string): void {
    this.flush();
    this.statements.meta.run(key, value);
  }

  /** Rebuilds the secondary indexes of the schema; call once, after the last insert. */
  createIndexes(): void {
    this.inTransaction(() => {
      for (const sql of this.deferredIndexSql) this.db.exec(sql);
    });
  }

  /** Closes the finished file and moves it over `dbPath`. */
  finish(): void {
    this.db.close();
    // A stale -wal beside the old file would be replayed into the new one: remove them first.
    removeDatabaseFiles(this.dbPath);
    renameSync(this.workPath, this.dbPath);
  }

  /** Closes and deletes the partial file after a failure. */
  abandon(): void {
    if (this.db.open) this.db.close();
    removeDatabaseFiles(this.workPath);
  }
}
