/**
 * ExportRows on SQLite (exports/exportRows.ts). The rows are read on a read-only connection of
 * the export's own: its statement holds one snapshot (WAL) while the file is written, and the
 * server's connection stays free meanwhile (better-sqlite3 refuses every other statement on a
 * connection while one of its iterators is open). A database in memory has no second
 * connection: its rows are read at once.
 */
import type {
  ExportRows,
  MaskedResident,
  ResidentExportFilter,
  UnitExportRow,
} from '../exports/exportRows';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { subtreeInScopeFilter } from './scopeSql';

type Row = Record<string, unknown>;

export function sqliteExportRows(db: SqliteDatabase): ExportRows {
  return {
    maskedResidents: (filter) => readOnSnapshot(db, (reader) => maskedResidents(reader, filter)),
    unitRows: (grid, scopes) => readOnSnapshot(db, (reader) => unitRows(reader, grid, scopes)),
  };
}

async function* readOnSnapshot<T>(
  db: SqliteDatabase,
  read: (reader: SqliteDatabase) => Iterable<T>,
): AsyncGenerator<T> {
  if (db.memory) {
    yield* [...read(db)];
    return;
  }
  const reader = openDatabase(db.name, { readonly: true });
  try {
    yield* read(reader);
  } finally {
    reader.close();
  }
}

export function toMaskedResident(row: Row): MaskedResident {
  return {
    personId: Number(row.id),
    name: String(row.name),
    sex: String(row.sex),
    birthYear: String(row.birth_date).slice(0, 4),
    idNumberMasked: String(row.id_number_masked),
    phoneMasked: row.phone_masked === null ? '' : String(row.phone_masked),
    relation: String(row.relation),
    tags: String(row.tags),
    category: row.category === null ? 'registered' : String(row.category),
    gridCode: String(row.grid_code),
    address: String(row.address),
    roomLabel: String(row.room_label),
  };
}

function* maskedResidents(
  db: SqliteDatabase,
  filter: ResidentExportFilter,
): Generator<MaskedResident> {
  const scope = subtreeInScopeFilter('b.grid_code', filter.grid, filter.scopes);
  const tagSql = filter.tag === null ? '' : " AND instr(',' || p.tags || ',', ?) > 0";
  const params: unknown[] = [...scope.params, ...(filter.tag === null ? [] : [`,${filter.tag},`])];
  const rows = db
    .prepare(
      'SELECT p.id, p.name, p.sex, p.birth_date, p.id_number_masked, p.phone_masked, p.relation, p.tags, ' +
        'd.category, b.grid_code, b.address, u.room_label FROM persons p ' +
        'JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id ' +
        'JOIN buildings b ON b.id = u.building_id LEFT JOIN person_details d ON d.person_id = p.id ' +
        `WHERE ${scope.sql}${tagSql} ORDER BY b.grid_code, b.id, u.floor, u.unit_no, p.id`,
    )
    .iterate(...params) as Iterable<Row>;
  for (const row of rows) yield toMaskedResident(row);
}

function unitRows(
  db: SqliteDatabase,
  grid: string | null,
  scopes: readonly string[],
): Iterable<UnitExportRow> {
  const scope = subtreeInScopeFilter('b.grid_code', grid, scopes);
  return db
    .prepare(
      'SELECT b.grid_code, b.name, b.address, u.floor, u.room_label, u.use, u.area_m2, ' +
        '(SELECT count(*) FROM households h WHERE h.unit_id = u.id) AS households, ' +
        '(SELECT count(*) FROM households h JOIN persons p ON p.household_id = h.id WHERE h.unit_id = u.id) AS residents ' +
        `FROM units u JOIN buildings b ON b.id = u.building_id WHERE ${scope.sql} ORDER BY b.grid_code, b.id, u.floor, u.unit_no`,
    )
    .raw()
    .iterate(...scope.params) as Iterable<UnitExportRow>;
}
