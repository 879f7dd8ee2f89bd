/**
 * Leases (出租房屋) and residence permits (居住证) that end within a number of days, per base grid
 * and inside the caller's scope: the lists a grid worker follows up. Dates are calendar days
 * (YYYY-MM-DD), compared as text.
 */
import type { SqliteDatabase } from './openDatabase';
import { subtreeInScopeFilter } from './scopeSql';

export interface ExpiringLease {
  leaseId: number;
  gridCode: string;
  address: string;
  roomLabel: string;
  landlordName: string;
  tenants: string;
  startDate: string;
  endDate: string;
}

export interface ExpiringPermit {
  personId: number;
  gridCode: string;
  name: string;
  address: string;
  roomLabel: string;
  permitExpires: string;
}

export function expiringLeases(
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
          `WHERE l.end_date >= ? AND l.end_date <= ? AND ${scope.sql} ORDER BY l.end_date, b.grid_code LIMIT 1000`,
      )
      .all(range.from, range.to, ...scope.params) as Array<Record<string, unknown>>
  ).map((row) => ({
    leaseId: Number(row.id),
    gridCode: String(row.grid_code),
    address: String(row.address),
    roomLabel: String(row.room_label),
    landlordName: String(row.landlord_name),
    tenants: String(row.tenants),
    startDate: String(row.start_date),
    endDate: String(row.end_date),
  }));
}

export function expiringPermits(
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
          `WHERE d.permit_expires >= ? AND d.permit_expires <= ? AND ${scope.sql} ORDER BY d.permit_expires, b.grid_code LIMIT 1000`,
      )
      .all(range.from, range.to, ...scope.params) as Array<Record<string, unknown>>
  ).map((row) => ({
    personId: Number(row.id),
    gridCode: String(row.grid_code),
    name: String(row.name),
    address: String(row.address),
    roomLabel: String(row.room_label),
    permitExpires: String(row.permit_expires),
  }));
}
