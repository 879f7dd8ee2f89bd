/**
 * SQLite adapter of EmergencyRecordRepository (`sqliteEmergencyRecords`, over the synchronous
 * store that the demo set and the import write through directly). The contact phone is sealed
 * here (field `emergency_contact`) and only its masked form is ever read back.
 */
import { maskIdentifier } from '../../domain/idNumber';
import type {
  EmergencyRecordKind,
  RecordAttributes,
} from '../../domain/emergency/records/emergencyRecordKinds';
import {
  DuplicateRecordError,
  type EmergencyRecordRepository,
  type EmergencyRecordWrite,
  type StoredEmergencyRecord,
} from '../emergency/records/emergencyRecordRepository';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { identifierSealerFor } from './dataKeyFiles';
import { StatementCache } from './statementCache';

interface RecordRow {
  id: number;
  kind: EmergencyRecordKind;
  name: string;
  lon: number | null;
  lat: number | null;
  grid_code: string | null;
  attributes: string;
  contact_masked: string | null;
  demo: number;
  updated_at: string;
}

const COLUMNS = 'id, kind, name, lon, lat, grid_code, attributes, contact_masked, demo, updated_at';

function toRecord(row: RecordRow): StoredEmergencyRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    gridCode: row.grid_code,
    attributes: JSON.parse(row.attributes) as RecordAttributes,
    contactMasked: row.contact_masked,
    demo: row.demo === 1,
    updatedAt: row.updated_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function sqliteEmergencyRecords(db: SqliteDatabase): EmergencyRecordRepository {
  return promisedMethods(new SqliteEmergencyRecordStore(db), [
    'listRecords',
    'findRecord',
    'findRecordByName',
    'insertRecord',
    'updateRecord',
    'deleteRecord',
    'upsertRecords',
    'replaceDemoRecords',
  ]);
}

export class SqliteEmergencyRecordStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listRecords(kind: EmergencyRecordKind | null): StoredEmergencyRecord[] {
    const rows =
      kind === null
        ? this.statements.get(`SELECT ${COLUMNS} FROM emergency_records ORDER BY kind, name`).all()
        : this.statements
            .get(`SELECT ${COLUMNS} FROM emergency_records WHERE kind = ? ORDER BY name`)
            .all(kind);
    return (rows as RecordRow[]).map(toRecord);
  }

  findRecord(id: number): StoredEmergencyRecord | null {
    const row = this.statements
      .get(`SELECT ${COLUMNS} FROM emergency_records WHERE id = ?`)
      .get(id) as RecordRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  findRecordByName(kind: EmergencyRecordKind, name: string): StoredEmergencyRecord | null {
    const row = this.statements
      .get(`SELECT ${COLUMNS} FROM emergency_records WHERE kind = ? AND name = ?`)
      .get(kind, name) as RecordRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  insertRecord(record: EmergencyRecordWrite): number {
    const [sealed, masked] = this.sealContact(record.contactPhone ?? null);
    try {
      const result = this.statements
        .get(
          'INSERT INTO emergency_records (kind, name, lon, lat, grid_code, attributes, ' +
            'contact_sealed, contact_masked, demo, created_at, updated_at, updated_by) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          record.kind,
          record.name,
          record.location?.lon ?? null,
          record.location?.lat ?? null,
          record.gridCode,
          JSON.stringify(record.attributes),
          sealed,
          masked,
          record.demo ? 1 : 0,
          record.at,
          record.at,
          record.by,
        );
      return Number(result.lastInsertRowid);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateRecordError(record.name);
      throw error;
    }
  }

  updateRecord(id: number, record: EmergencyRecordWrite): boolean {
    const keepContact = record.contactPhone === undefined;
    const [sealed, masked] = this.sealContact(record.contactPhone ?? null);
    try {
      return (
        this.statements
          .get(
            'UPDATE emergency_records SET name = ?, lon = ?, lat = ?, grid_code = ?, attributes = ?, ' +
              'contact_sealed = CASE WHEN ? THEN contact_sealed ELSE ? END, ' +
              'contact_masked = CASE WHEN ? THEN contact_masked ELSE ? END, ' +
              'updated_at = ?, updated_by = ? WHERE id = ?',
          )
          .run(
            record.name,
            record.location?.lon ?? null,
            record.location?.lat ?? null,
            record.gridCode,
            JSON.stringify(record.attributes),
            keepContact ? 1 : 0,
            sealed,
            keepContact ? 1 : 0,
            masked,
            record.at,
            record.by,
            id,
          ).changes > 0
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateRecordError(record.name);
      throw error;
    }
  }

  deleteRecord(id: number): boolean {
    return this.statements.get('DELETE FROM emergency_records WHERE id = ?').run(id).changes > 0;
  }

  upsertRecords(records: readonly EmergencyRecordWrite[]): void {
    this.db.transaction(() => {
      for (const record of records) {
        const existing = this.findRecordByName(record.kind, record.name);
        if (existing === null) this.insertRecord(record);
        else this.updateRecord(existing.id, record);
      }
    })();
  }

  replaceDemoRecords(records: readonly EmergencyRecordWrite[]): void {
    this.db.transaction(() => {
      this.statements.get('DELETE FROM emergency_records WHERE demo = 1').run();
      for (const record of records) this.insertRecord(record);
    })();
  }

  private sealContact(phone: string | null): [Buffer | null, string | null] {
    if (phone === null) return [null, null];
    return [identifierSealerFor(this.db).seal('emergency_contact', phone), maskIdentifier(phone)];
  }
}
