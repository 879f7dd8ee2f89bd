/**
 * The register import's own SQL: the district's units by address, households, import batches
 * with their journal, moves, and the rollback of a batch. Person rows (with their identifiers)
 * go through PersonStore only.
 */
import type { ImportBatches } from '../imports/importBatches';
import type { ImportChanges } from '../imports/importKind';
import type { SqliteDatabase } from './openDatabase';
import { PersonStore } from './personStore';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

export interface UnitAddressRow {
  unitId: number;
  buildingId: number;
  roomLabel: string;
  address: string;
  buildingName: string;
  gridCode: string;
}

/** A row of UNIT_ADDRESSES_SQL (either engine). */
export function unitAddressOf(row: Row): UnitAddressRow {
  return {
    unitId: Number(row.id),
    buildingId: Number(row.building_id),
    roomLabel: String(row.room_label),
    address: String(row.address),
    buildingName: String(row.name),
    gridCode: String(row.grid_code),
  };
}

/** Every unit with its building's address, name and grid (the register import's matcher). */
export const UNIT_ADDRESSES_SQL =
  'SELECT u.id, u.building_id, u.room_label, b.address, b.name, b.grid_code ' +
  'FROM units u JOIN buildings b ON b.id = u.building_id';

export interface ImportBatchRow {
  id: string;
  kind: string;
  fileName: string;
  fileSha256: string;
  actor: string;
  createdAt: string;
  rows: number;
  accepted: number;
  rejected: number;
  changes: ImportChanges;
  rolledBackAt: string | null;
  rolledBackBy: string | null;
}

/** A batch as it is begun (not rolled back). */
export type NewImportBatch = Omit<ImportBatchRow, 'rolledBackAt' | 'rolledBackBy'>;

/** The columns a new batch's row is written with (either engine), in newBatchValues' order. */
export const NEW_BATCH_COLUMNS =
  'id, kind, file_name, file_sha256, actor, created_at, rows, accepted, rejected, changes';

export function newBatchValues(batch: NewImportBatch): unknown[] {
  return [
    batch.id,
    batch.kind,
    batch.fileName,
    batch.fileSha256,
    batch.actor,
    batch.createdAt,
    batch.rows,
    batch.accepted,
    batch.rejected,
    JSON.stringify(batch.changes),
  ];
}

export class RollbackRefused extends Error {
  constructor(
    readonly code: 'batch-unknown' | 'batch-rolled-back' | 'batch-not-latest',
    readonly messageZh: string,
    messageEn: string,
  ) {
    super(messageEn);
  }
}

/** The import routes' batches over the synchronous store (docs/decisions/0040-postgresql.md). */
export function sqliteImportBatches(db: SqliteDatabase): ImportBatches {
  return promisedMethods(new RegisterImportStore(db), ['listBatches', 'rollback']);
}

export class RegisterImportStore {
  private readonly statements: StatementCache;
  readonly persons: PersonStore;
  private journalSeq = 0;

  constructor(readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.persons = new PersonStore(db);
  }

  unitAddresses(): UnitAddressRow[] {
    return (this.db.prepare(UNIT_ADDRESSES_SQL).all() as Row[]).map(unitAddressOf);
  }

  /** The first household of a unit, or null. */
  firstHousehold(unitId: number): number | null {
    const row = this.statements
      .get('SELECT id FROM households WHERE unit_id = ? ORDER BY id LIMIT 1')
      .get(unitId) as Row | undefined;
    return row === undefined ? null : Number(row.id);
  }

  createHousehold(unitId: number, type: 'registered' | 'floating' | 'rental'): number {
    const result = this.statements
      .get('INSERT INTO households (unit_id, type, head_person_id) VALUES (?, ?, NULL)')
      .run(unitId, type);
    return Number(result.lastInsertRowid);
  }

  setHouseholdHead(householdId: number, personId: number): void {
    this.statements
      .get('UPDATE households SET head_person_id = ? WHERE id = ?')
      .run(personId, householdId);
  }

  recordMove(
    personId: number,
    fromUnitId: number,
    toUnitId: number,
    batchId: string,
    at: string,
  ): void {
    this.statements
      .get(
        'INSERT INTO person_moves (person_id, from_unit_id, to_unit_id, batch_id, moved_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(personId, fromUnitId, toUnitId, batchId, at);
  }

  insertLease(lease: {
    unitId: number;
    landlordName: string;
    tenants: string;
    startDate: string;
    endDate: string;
    batchId: string;
  }): number {
    const result = this.statements
      .get(
        'INSERT INTO rental_leases (unit_id, landlord_name, tenants, start_date, end_date, batch_id) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        lease.unitId,
        lease.landlordName,
        lease.tenants,
        lease.startDate,
        lease.endDate,
        lease.batchId,
      );
    return Number(result.lastInsertRowid);
  }

  /** The lease of that unit starting that day, if already there (re-import is idempotent). */
  findLease(
    unitId: number,
    startDate: string,
  ): { id: number; landlordName: string; tenants: string; endDate: string } | null {
    const row = this.statements
      .get(
        'SELECT id, landlord_name, tenants, end_date FROM rental_leases WHERE unit_id = ? AND start_date = ?',
      )
      .get(unitId, startDate) as Row | undefined;
    return row === undefined
      ? null
      : {
          id: Number(row.id),
          landlordName: String(row.landlord_name),
          tenants: String(row.tenants),
          endDate: String(row.end_date),
        };
  }

  updateLease(id: number, lease: { landlordName: string; tenants: string; endDate: string }): void {
    this.statements
      .get('UPDATE rental_leases SET landlord_name = ?, tenants = ?, end_date = ? WHERE id = ?')
      .run(lease.landlordName, lease.tenants, lease.endDate, id);
  }

  beginBatch(batch: NewImportBatch): void {
    this.journalSeq = 0;
    this.statements
      .get(
        `INSERT INTO import_batches (${NEW_BATCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newBatchValues(batch));
  }

  finishBatch(
    id: string,
    counts: { rows: number; accepted: number; rejected: number; changes: ImportChanges },
  ): void {
    this.statements
      .get(
        'UPDATE import_batches SET rows = ?, accepted = ?, rejected = ?, changes = ? WHERE id = ?',
      )
      .run(counts.rows, counts.accepted, counts.rejected, JSON.stringify(counts.changes), id);
  }

  journal(
    batchId: string,
    targetType: 'person' | 'household' | 'lease',
    targetId: number,
    action: 'created' | 'updated' | 'moved',
    before: string | null,
  ): void {
    this.journalSeq++;
    this.statements
      .get(
        'INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(batchId, this.journalSeq, targetType, targetId, action, before);
  }

  listBatches(limit = 50): ImportBatchRow[] {
    return (
      this.statements
        .get('SELECT * FROM import_batches ORDER BY created_at DESC, rowid DESC LIMIT ?')
        .all(limit) as Row[]
    ).map(batchOf);
  }

  batch(id: string): ImportBatchRow | null {
    const row = this.statements.get('SELECT * FROM import_batches WHERE id = ?').get(id) as
      Row | undefined;
    return row === undefined ? null : batchOf(row);
  }

  /**
   * Undoes a batch in one transaction, newest change first. Only the newest batch still in force
   * can be rolled back: an older one may have been built upon by later imports.
   */
  rollback(batchId: string, actor: string, at: string): ImportBatchRow {
    return this.db.transaction(() => {
      const batch = this.batch(batchId);
      if (batch === null) {
        throw new RollbackRefused(
          'batch-unknown',
          `导入批次 ${batchId} 不存在`,
          `import batch ${batchId} does not exist`,
        );
      }
      if (batch.rolledBackAt !== null) {
        throw new RollbackRefused(
          'batch-rolled-back',
          '该批次已回滚',
          'this batch has already been rolled back',
        );
      }
      const newer = this.statements
        .get(
          'SELECT id FROM import_batches WHERE rolled_back_at IS NULL AND rowid > (SELECT rowid FROM import_batches WHERE id = ?) LIMIT 1',
        )
        .get(batchId) as Row | undefined;
      if (newer !== undefined) {
        throw new RollbackRefused(
          'batch-not-latest',
          `请先回滚之后的批次 ${String(newer.id)}`,
          `roll back the later batch ${String(newer.id)} first`,
        );
      }
      const changes = this.statements
        .get(
          'SELECT target_type, target_id, last_target_id, action, before FROM import_batch_changes WHERE batch_id = ? ORDER BY seq DESC',
        )
        .iterate(batchId) as Iterable<Row>;
      const undo: Row[] = [...changes];
      for (const change of undo) {
        // A range of created rows is undone newest first, as its rows one by one would be.
        for (const id of journaledIdsNewestFirst(change)) this.undoChange(change, id);
      }
      this.statements.get('DELETE FROM person_moves WHERE batch_id = ?').run(batchId);
      this.statements
        .get('UPDATE import_batches SET rolled_back_at = ?, rolled_back_by = ? WHERE id = ?')
        .run(at, actor, batchId);
      return this.batch(batchId)!;
    })();
  }

  /** Undoes one journaled change of the row `id`. */
  private undoChange(change: Row, id: number): void {
    if (change.target_type === 'person') {
      if (change.action === 'created') this.persons.delete(id);
      else this.persons.restore(id, String(change.before));
    } else if (change.target_type === 'household') {
      this.statements.get('DELETE FROM households WHERE id = ?').run(id);
    } else if (change.action === 'created') {
      this.statements.get('DELETE FROM rental_leases WHERE id = ?').run(id);
    } else {
      const before = JSON.parse(String(change.before)) as {
        landlordName: string;
        tenants: string;
        endDate: string;
      };
      this.statements
        .get('UPDATE rental_leases SET landlord_name = ?, tenants = ?, end_date = ? WHERE id = ?')
        .run(before.landlordName, before.tenants, before.endDate, id);
    }
  }
}

/** The ids a journal row stands for, newest first: one, or its range (`last_target_id`). */
function* journaledIdsNewestFirst(change: Row): Generator<number> {
  const first = Number(change.target_id);
  const last = change.last_target_id === null ? first : Number(change.last_target_id);
  for (let id = last; id >= first; id--) yield id;
}

/**
 * Ids in the order they were created, as journal ranges: each run of consecutive ids is one
 * `{ first, last }` (`last` null for a run of one), in the order given.
 */
export function idRanges(ids: readonly number[]): Array<{ first: number; last: number | null }> {
  const ranges: Array<{ first: number; last: number | null }> = [];
  for (const id of ids) {
    const run = ranges.at(-1);
    if (run !== undefined && (run.last ?? run.first) + 1 === id) run.last = id;
    else ranges.push({ first: id, last: null });
  }
  return ranges;
}

/** A row of `import_batches` as either engine returns it. */
export function batchOf(row: Row): ImportBatchRow {
  return {
    id: String(row.id),
    kind: String(row.kind),
    fileName: String(row.file_name),
    fileSha256: String(row.file_sha256),
    actor: String(row.actor),
    createdAt: String(row.created_at),
    rows: Number(row.rows),
    accepted: Number(row.accepted),
    rejected: Number(row.rejected),
    changes: JSON.parse(String(row.changes)) as ImportChanges,
    rolledBackAt: row.rolled_back_at === null ? null : String(row.rolled_back_at),
    rolledBackBy: row.rolled_back_by === null ? null : String(row.rolled_back_by),
  };
}
