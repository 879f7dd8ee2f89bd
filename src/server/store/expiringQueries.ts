/**
 * ExpiringRentalQueries on SQLite (registry/expiringRentalQueries.ts): both lists read in one
 * transaction.
 */
import {
  MAX_EXPIRING_ROWS,
  type ExpiringLease,
  type ExpiringPermit,
  type ExpiringRentalQueries,
} from '../registry/expiringRentalQueries';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { subtreeInScopeFilter } from './scopeSql';

export function sqliteExpiringRentalQueries(db: SqliteDatabase): ExpiringRentalQueries {
  const lists = {
    listExpiring: (
      range: { from: string; to: string },
      grid: string | null,
      scopes: readonly string[],
    ) =>
      db.transaction(() => ({
        leases: expiringLeases(db, range, grid, scopes),
        permits: expiringPermits(db, range, grid, scopes),
      }))(),
  };
  return promisedMethods(lists, ['listExpiring']);
}

function expiringLeases(
  db: SqliteDatabase,
  range: { from: string; to: string },
  grid: string | null,
  scopes: readonly string[],
): ExpiringLease[] {
  const scope = subtreeInScopeFilter('b.grid_code', grid, scopes);
  return (
    db
      .prepare(
        'SELECT l.id, b.grid_code, b.address, u.room_label, l.landlord_name, l.tenants, l.start_date, l.end_date ' +
          'FROM rental_leases l JOIN units u ON u.id = l.unit_id JOIN buildings b ON b.id = u.building_id ' +
          `WHERE l.end_date >= ? AND l.end_date <= ? AND ${scope.sql} ORDER BY l.end_date, b.grid_code, l.id LIMIT ?`,
      )
      .all(range.from, range.to, ...scope.params, MAX_EXPIRING_ROWS) as Array<
      Record<string, unknown>
    >
  ).map(toExpiringLease);
}

function expiringPermits(
  db: SqliteDatabase,
  range: { from: string; to: string },
  grid: string | null,
  scopes: readonly string[],
): ExpiringPermit[] {
  const scope = subtreeInScopeFilter('b.grid_code', grid, scopes);
  return (
    db
      .prepare(
        'SELECT p.id, p.name, b.grid_code, b.address, u.room_label, d.permit_expires ' +
          'FROM person_details d JOIN persons p ON p.id = d.person_id JOIN households h ON h.id = p.household_id ' +
          'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id ' +
          `WHERE d.permit_expires >= ? AND d.permit_expires <= ? AND ${scope.sql} ORDER BY d.permit_expires, b.grid_code, p.id LIMIT ?`,
      )
      .all(range.from, range.to, ...scope.params, MAX_EXPIRING_ROWS) as Array<
      Record<string, unknown>
    >
  ).map(toExpiringPermit);
}

export function toExpiringLease(row: Record<string, unknown>): ExpiringLease {
  return {
    leaseId: Number(row.id),
    gridCode: String(row.grid_code),
    address: String(row.address),
    roomLabel: String(row.room_label),
    landlordName: String(row.landlord_name),
    tenants: String(row.tenants),
    startDate: String(row.start_date),
    endDate: String(row.end_date),
  };
}

export function toExpiringPermit(row: Record<string, unknown>): ExpiringPermit {
  return {
    personId: Number(row.id),
    gridCode: String(row.grid_code),
    name: String(row.name),
    address: String(row.address),
    roomLabel: String(row.room_label),
    permitExpires: String(row.permit_expires),
  };
}
