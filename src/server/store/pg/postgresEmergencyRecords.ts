/**
 * The PostgreSQL adapter of EmergencyRecordRepository (migration 0007's emergency section),
 * checked with the SQLite one by emergency/records/emergencyRecords.contract.test.ts. The contact
 * phone is sealed here (field `emergency_contact`) and only its masked form is read back. An
 * upsert by (kind, name) is one `INSERT … ON CONFLICT DO UPDATE` per record, so two imports of
 * one new name at once update it rather than fail on the unique key.
 */
import { maskIdentifier } from '../../../domain/idNumber';
import type {
  EmergencyRecordKind,
  RecordAttributes,
} from '../../../domain/emergency/records/emergencyRecordKinds';
import {
  DuplicateRecordError,
  type EmergencyRecordRepository,
  type EmergencyRecordWrite,
  type StoredEmergencyRecord,
} from '../../emergency/records/emergencyRecordRepository';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

const COLUMNS = 'id, kind, name, lon, lat, grid_code, attributes, contact_masked, demo, updated_at';
const UNIQUE_VIOLATION = '23505';
/** Demo sets replaced by two nodes at once take turns (transaction-level advisory lock). */
const DEMO_REPLACE_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('emergency_records:demo'))";
const INSERT_SQL =
  'INSERT INTO emergency_records (kind, name, lon, lat, grid_code, attributes, contact_sealed, ' +
  'contact_masked, demo, created_at, updated_at, updated_by) ' +
  'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)';
/** $12: keep the stored contact (a write without one). */
const UPSERT_SQL =
  `${INSERT_SQL} ON CONFLICT (kind, name) DO UPDATE SET lon = excluded.lon, lat = excluded.lat, ` +
  'grid_code = excluded.grid_code, attributes = excluded.attributes, ' +
  'contact_sealed = CASE WHEN $12 THEN emergency_records.contact_sealed ELSE excluded.contact_sealed END, ' +
  'contact_masked = CASE WHEN $12 THEN emergency_records.contact_masked ELSE excluded.contact_masked END, ' +
  'updated_at = excluded.updated_at, updated_by = excluded.updated_by';

function toRecord(row: Row): StoredEmergencyRecord {
  const lon = row.lon as number | null;
  const lat = row.lat as number | null;
  return {
    id: Number(row.id),
    kind: row.kind as EmergencyRecordKind,
    name: String(row.name),
    location: lon === null || lat === null ? null : { lon, lat },
    gridCode: row.grid_code as string | null,
    attributes: JSON.parse(String(row.attributes)) as RecordAttributes,
    contactMasked: row.contact_masked as string | null,
    demo: row.demo === true,
    updatedAt: String(row.updated_at),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === UNIQUE_VIOLATION;
}

export class PostgresEmergencyRecords implements EmergencyRecordRepository {
  constructor(
    private readonly pool: PostgresPool,
    private readonly sealer: IdentifierSealer,
  ) {}

  async listRecords(kind: EmergencyRecordKind | null): Promise<StoredEmergencyRecord[]> {
    // Names compare as SQLite's BINARY does: byte order, not the database's locale.
    const { rows } =
      kind === null
        ? await this.pool.query(
            `SELECT ${COLUMNS} FROM emergency_records ORDER BY kind, name COLLATE "C"`,
          )
        : await this.pool.query(
            `SELECT ${COLUMNS} FROM emergency_records WHERE kind = $1 ORDER BY name COLLATE "C"`,
            [kind],
          );
    return (rows as Row[]).map(toRecord);
  }

  async findRecord(id: number): Promise<StoredEmergencyRecord | null> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM emergency_records WHERE id = $1`,
      [id],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : toRecord(row);
  }

  async findRecordByName(
    kind: EmergencyRecordKind,
    name: string,
  ): Promise<StoredEmergencyRecord | null> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM emergency_records WHERE kind = $1 AND name = $2`,
      [kind, name],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : toRecord(row);
  }

  async insertRecord(record: EmergencyRecordWrite): Promise<number> {
    try {
      const { rows } = await this.pool.query(
        `${INSERT_SQL} RETURNING id`,
        this.insertParams(record),
      );
      return Number((rows as Row[])[0]!.id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateRecordError(record.name);
      throw error;
    }
  }

  async updateRecord(id: number, record: EmergencyRecordWrite): Promise<boolean> {
    const keepContact = record.contactPhone === undefined;
    const [sealed, masked] = this.sealContact(record.contactPhone ?? null);
    try {
      const { rowCount } = await this.pool.query(
        'UPDATE emergency_records SET name = $1, lon = $2, lat = $3, grid_code = $4, ' +
          'attributes = $5, ' +
          'contact_sealed = CASE WHEN $6 THEN contact_sealed ELSE $7::bytea END, ' +
          'contact_masked = CASE WHEN $6 THEN contact_masked ELSE $8::text END, ' +
          'updated_at = $9, updated_by = $10 WHERE id = $11',
        [
          record.name,
          record.location?.lon ?? null,
          record.location?.lat ?? null,
          record.gridCode,
          JSON.stringify(record.attributes),
          keepContact,
          sealed,
          masked,
          record.at,
          record.by,
          id,
        ],
      );
      return rowCount === 1;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateRecordError(record.name);
      throw error;
    }
  }

  async deleteRecord(id: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM emergency_records WHERE id = $1', [id]);
    return rowCount === 1;
  }

  upsertRecords(records: readonly EmergencyRecordWrite[]): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      for (const record of records) {
        await client.query(UPSERT_SQL, [
          ...this.insertParams(record),
          record.contactPhone === undefined,
        ]);
      }
    });
  }

  replaceDemoRecords(records: readonly EmergencyRecordWrite[]): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      await client.query(DEMO_REPLACE_LOCK_SQL);
      await client.query('DELETE FROM emergency_records WHERE demo');
      for (const record of records) await this.insertOn(client, record);
    });
  }

  private async insertOn(client: PostgresClient, record: EmergencyRecordWrite): Promise<void> {
    try {
      await client.query(INSERT_SQL, this.insertParams(record));
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateRecordError(record.name);
      throw error;
    }
  }

  private insertParams(record: EmergencyRecordWrite): unknown[] {
    const [sealed, masked] = this.sealContact(record.contactPhone ?? null);
    return [
      record.kind,
      record.name,
      record.location?.lon ?? null,
      record.location?.lat ?? null,
      record.gridCode,
      JSON.stringify(record.attributes),
      sealed,
      masked,
      record.demo,
      record.at,
      record.by,
    ];
  }

  private sealContact(phone: string | null): [Buffer | null, string | null] {
    if (phone === null) return [null, null];
    return [this.sealer.seal('emergency_contact', phone), maskIdentifier(phone)];
  }
}
