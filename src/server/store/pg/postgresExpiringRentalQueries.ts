/**
 * ExpiringRentalQueries on PostgreSQL (registry/expiringRentalQueries.ts, migration 0007's
 * rental_leases and person_details), checked with the SQLite adapter by
 * registry/expiringRentalQueries.contract.test.ts. Both lists are read in one repeatable-read
 * transaction: one snapshot, as SQLite's one transaction. Dates and codes compare COLLATE "C".
 */
import {
  MAX_EXPIRING_ROWS,
  type ExpiringLease,
  type ExpiringPermit,
  type ExpiringRentalQueries,
} from '../../registry/expiringRentalQueries';
import { toExpiringLease, toExpiringPermit } from '../expiringQueries';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';
import { postgresSubtreeInScopeFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

async function expiringLeases(
  client: PostgresClient,
  range: { from: string; to: string },
  grid: string | null,
  scopes: readonly string[],
): Promise<ExpiringLease[]> {
  const params: unknown[] = [range.from, range.to];
  const where = postgresSubtreeInScopeFilter('b.grid_code', grid, scopes, params);
  params.push(MAX_EXPIRING_ROWS);
  const { rows } = await client.query<Row>(
    'SELECT l.id, b.grid_code, b.address, u.room_label, l.landlord_name, l.tenants, ' +
      'l.start_date, l.end_date FROM rental_leases l JOIN units u ON u.id = l.unit_id ' +
      'JOIN buildings b ON b.id = u.building_id ' +
      `WHERE l.end_date >= $1 AND l.end_date <= $2 AND ${where} ` +
      `ORDER BY l.end_date, b.grid_code, l.id LIMIT $${params.length}`,
    params,
  );
  return rows.map(toExpiringLease);
}

async function expiringPermits(
  client: PostgresClient,
  range: { from: string; to: string },
  grid: string | null,
  scopes: readonly string[],
): Promise<ExpiringPermit[]> {
  const params: unknown[] = [range.from, range.to];
  const where = postgresSubtreeInScopeFilter('b.grid_code', grid, scopes, params);
  params.push(MAX_EXPIRING_ROWS);
  const { rows } = await client.query<Row>(
    'SELECT p.id, p.name, b.grid_code, b.address, u.room_label, d.permit_expires ' +
      'FROM person_details d JOIN persons p ON p.id = d.person_id ' +
      'JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id ' +
      'JOIN buildings b ON b.id = u.building_id ' +
      `WHERE d.permit_expires >= $1 AND d.permit_expires <= $2 AND ${where} ` +
      `ORDER BY d.permit_expires, b.grid_code, p.id LIMIT $${params.length}`,
    params,
  );
  return rows.map(toExpiringPermit);
}

export class PostgresExpiringRentalQueries implements ExpiringRentalQueries {
  constructor(private readonly pool: PostgresPool) {}

  listExpiring(
    range: { from: string; to: string },
    grid: string | null,
    scopes: readonly string[],
  ): Promise<{ leases: ExpiringLease[]; permits: ExpiringPermit[] }> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return {
        leases: await expiringLeases(client, range, grid, scopes),
        permits: await expiringPermits(client, range, grid, scopes),
      };
    });
  }
}
