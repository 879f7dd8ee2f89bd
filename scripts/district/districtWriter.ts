/**
 * Writes the district into a fresh SQLite file through prepared statements, and hashes every
 * row as it goes (data_hash): same rows in the same order give the same hash and, because the
 * file is written in one fixed sequence with no timestamps, the same bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export const SCHEMA_PATH = new URL('../../src/server/store/schema.sql', import.meta.url);

type Cell = string | number | null;

const INSERTS = {
  grids: 'INSERT INTO grids (code, parent_code, level, name, name_en, polygon, center_lon, center_lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  basemap_features: 'INSERT INTO basemap_features (id, kind, class, name, name_en, width_m, geometry) VALUES (?, ?, ?, ?, ?, ?, ?)',
  buildings:
    'INSERT INTO buildings (id, grid_code, name, name_en, address, kind, floors, units_per_floor, floor_height_m, origin_lon, origin_lat, wings, footprint, built_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  units: 'INSERT INTO units (id, building_id, floor, unit_no, room_label, use, area_m2) VALUES (?, ?, ?, ?, ?, ?, ?)',
  households: 'INSERT INTO households (id, unit_id, type, head_person_id) VALUES (?, ?, ?, ?)',
  persons:
    'INSERT INTO persons (id, household_id, name, sex, birth_date, id_number, phone, relation, tags, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
  meta: 'INSERT INTO meta (key, value) VALUES (?, ?)',
} as const;

export type TableName = keyof typeof INSERTS;

/** Separators that never occur in the data, so joined rows hash unambiguously. */
const FIELD_SEPARATOR = '\u001f';
const ROW_SEPARATOR = '\u001e';
const NULL_MARK = '\u0000';

export class DistrictWriter {
  private readonly db: Database.Database;
  private readonly statements: Record<TableName, Database.Statement>;
  private readonly hash: Hash = createHash('sha256');

  constructor(dbPath: string) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
    this.db = new Database(dbPath);
    // A fresh file written once: no rollback journal to keep, nothing to sync until the end.
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = OFF');
    this.db.exec(readFileSync(SCHEMA_PATH, 'utf8'));
    const entries = Object.entries(INSERTS).map(([table, sql]) => [table, this.db.prepare(sql)]);
    this.statements = Object.fromEntries(entries) as Record<TableName, Database.Statement>;
  }

  /** Runs `work` in one transaction: bulk inserts are an order of magnitude faster that way. */
  inTransaction(work: () => void): void {
    this.db.transaction(work)();
  }

  insert(table: TableName, values: readonly Cell[]): void {
    this.statements[table].run(...values);
    this.hash.update(table + FIELD_SEPARATOR + values.map((value) => (value === null ? NULL_MARK : String(value))).join(FIELD_SEPARATOR) + ROW_SEPARATOR);
  }

  /** The hash of everything inserted so far; call once, before the data_hash meta row. */
  contentHash(): string {
    return this.hash.digest('hex');
  }

  /** Writes the meta row that carries the hash, without hashing it. */
  insertUnhashedMeta(key: string, value: string): void {
    this.statements.meta.run(key, value);
  }

  close(): void {
    this.db.close();
  }
}
