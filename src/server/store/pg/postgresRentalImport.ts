/**
 * The rentals import's reads and its commit on PostgreSQL (imports/rentals/rentalsImportKind.ts;
 * SQLite: RegisterImportStore). The pass reads the units and every lease once (a lookup per row
 * would be a round trip per row); the commit is one transaction under the imports' advisory lock
 * (IMPORT_LOCK_SQL), new leases numbered from their table's sequence, journaled with the batch.
 */
import type { ExistingLease, LeaseWrite } from '../../imports/rentals/rentalsImportKind';
import {
  NEW_BATCH_COLUMNS,
  newBatchValues,
  type NewImportBatch,
  type UnitAddressRow,
} from '../registerImportStore';
import { IMPORT_LOCK_SQL } from './postgresImportBatches';
import { columns } from './postgresPersonRows';
import { postgresUnitAddresses } from './postgresRegisterImport';
import { inRetriedTransaction, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

export async function readPostgresRentalRegister(pool: PostgresPool): Promise<{
  units: UnitAddressRow[];
  findLease(unitId: number, startDate: string): ExistingLease | null;
}> {
  const units = await postgresUnitAddresses(pool);
  const { rows } = await pool.query(
    'SELECT id, unit_id, start_date, landlord_name, tenants, end_date FROM rental_leases',
  );
  const leases = new Map(
    (rows as Row[]).map((row) => [
      `${Number(row.unit_id)}|${String(row.start_date)}`,
      {
        id: Number(row.id),
        landlordName: String(row.landlord_name),
        tenants: String(row.tenants),
        endDate: String(row.end_date),
      },
    ]),
  );
  return {
    units,
    findLease: (unitId, startDate) => leases.get(`${unitId}|${startDate}`) ?? null,
  };
}

export async function commitPostgresRentals(
  pool: PostgresPool,
  batch: NewImportBatch,
  writes: readonly LeaseWrite[],
): Promise<void> {
  await inRetriedTransaction(pool, async (client) => {
    await client.query(IMPORT_LOCK_SQL);
    await client.query(
      `INSERT INTO import_batches (${NEW_BATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      newBatchValues(batch),
    );
    const created = writes.filter((write) => write.existingId === null);
    const { rows } = await client.query(
      "SELECT nextval(pg_get_serial_sequence('rental_leases', 'id')) AS id " +
        'FROM generate_series(1, $1)',
      [created.length],
    );
    const newIds = (rows as Row[]).map((row) => Number(row.id)).sort((a, b) => a - b);
    const idOf = new Map(created.map((write, index) => [write, newIds[index]!]));
    await client.query(
      'INSERT INTO rental_leases (id, unit_id, landlord_name, tenants, start_date, end_date, ' +
        'batch_id) SELECT *, $7 FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], ' +
        '$5::text[], $6::text[])',
      [
        ...columns(
          created,
          (write) => idOf.get(write),
          (write) => write.lease.unitId,
          (write) => write.lease.landlordName,
          (write) => write.lease.tenants,
          (write) => write.lease.startDate,
          (write) => write.lease.endDate,
        ),
        batch.id,
      ],
    );
    const updated = writes.filter((write) => write.existingId !== null);
    await client.query(
      'UPDATE rental_leases l SET landlord_name = v.landlord_name, tenants = v.tenants, ' +
        'end_date = v.end_date FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[]) ' +
        'AS v(id, landlord_name, tenants, end_date) WHERE l.id = v.id',
      columns(
        updated,
        (write) => write.existingId,
        (write) => write.lease.landlordName,
        (write) => write.lease.tenants,
        (write) => write.lease.endDate,
      ),
    );
    // The journal in the file's order, as SQLite writes it.
    await client.query(
      'INSERT INTO import_batch_changes (batch_id, seq, target_type, target_id, action, before) ' +
        "SELECT $1, n, 'lease', id, action, before FROM unnest($2::integer[], $3::text[], $4::text[]) " +
        'WITH ORDINALITY AS c(id, action, before, n)',
      [
        batch.id,
        ...columns(
          writes,
          (write) => write.existingId ?? idOf.get(write),
          (write) => (write.existingId === null ? 'created' : 'updated'),
          (write) => write.before,
        ),
      ],
    );
  });
}
