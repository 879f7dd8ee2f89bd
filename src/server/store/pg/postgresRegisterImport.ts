/**
 * The register import's reads and writes on PostgreSQL (imports/registers/registersImportKind.ts;
 * SQLite: RegisterImportStore, RegisterBatchRows, RegisterBulkLoad). An import is one
 * transaction on one client: a commit takes the imports' advisory lock (IMPORT_LOCK_SQL, as a
 * rollback does) and locks the register's tables against other writers (readers go on), as
 * SQLite's BEGIN IMMEDIATE does; a dry run reads one repeatable-read snapshot. Rows go in a
 * thousand at a time as multi-row statements over arrays (`unnest`), ids taken from the tables'
 * own sequences (other writers' rows never collide with them), with the batch's journal. What
 * SQLite's triggers keep besides (the movement history) is tallied and added before the commit;
 * search needs nothing (the name grams are an expression index). The writer buffers and tallies
 * in postgresRegisterBatch.ts; the rows' statements are in postgresRegisterBatchRows.ts.
 */
import type { RegisterRowWriter } from '../../imports/registers/registersImportKind';
import { fieldsOf, registeredPersonOf, SELECT_PERSON, type RegisteredPerson } from '../personStore';
import { UNIT_ADDRESSES_SQL, unitAddressOf, type UnitAddressRow } from '../registerImportStore';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { IMPORT_LOCK_SQL } from './postgresImportBatches';
import type { PostgresClient, PostgresPool } from './postgresPool';
import { PostgresRegisterBatch } from './postgresRegisterBatch';

type Row = Record<string, unknown>;

/** Register rows read per FETCH when the index is loaded. */
const INDEX_FETCH_ROWS = 10_000;

export interface PostgresRegisterImport {
  units: UnitAddressRow[];
  /** Null for a dry run. */
  writer: RegisterRowWriter | null;
  loadIndex(): Promise<Map<string, RegisteredPerson>>;
  /** Ends what is still open (rolled back) and gives the client back. */
  release(): Promise<void>;
}

/** Opens an import's transaction: `file` for a commit, null for a dry run. */
export async function openPostgresRegisterImport(
  pool: PostgresPool,
  sealer: IdentifierSealer,
  file: { fileName: string; fileSha256: string; actor: string } | null,
): Promise<PostgresRegisterImport> {
  const client = await pool.connect();
  try {
    if (file === null) {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } else {
      await client.query('BEGIN');
      await client.query(IMPORT_LOCK_SQL);
      await client.query(
        'LOCK TABLE households, persons, person_details, person_moves IN SHARE ROW EXCLUSIVE MODE',
      );
    }
    const units = await postgresUnitAddresses(client);
    const writer =
      file === null ? null : await PostgresRegisterBatch.begin(client, sealer, units, file);
    return {
      units,
      writer,
      loadIndex: () => loadIndex(client, sealer),
      async release() {
        if (file === null || !writer!.committed) await client.query('ROLLBACK').catch(() => {});
        client.release();
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
    throw error;
  }
}

/** Every unit with its building's address (the import's matcher). */
export async function postgresUnitAddresses(
  client: PostgresClient | PostgresPool,
): Promise<UnitAddressRow[]> {
  const { rows } = await client.query(UNIT_ADDRESSES_SQL);
  return (rows as Row[]).map(unitAddressOf);
}

/** Every registered person by ID number, read through a cursor (the register may be 10M rows). */
async function loadIndex(
  client: PostgresClient,
  sealer: IdentifierSealer,
): Promise<Map<string, RegisteredPerson>> {
  const index = new Map<string, RegisteredPerson>();
  await client.query(`DECLARE register_index NO SCROLL CURSOR FOR ${SELECT_PERSON}`);
  for (;;) {
    const { rows } = await client.query(`FETCH ${INDEX_FETCH_ROWS} FROM register_index`);
    if (rows.length === 0) break;
    for (const row of rows as Row[]) {
      const fields = fieldsOf(row, sealer);
      index.set(fields.idNumber, registeredPersonOf(row, fields));
    }
  }
  await client.query('CLOSE register_index');
  return index;
}
