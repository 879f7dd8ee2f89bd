/** The hotline desk's address search over the register's buildings (SQL in sqliteRegistryQueries). */
import type { AddressMatch } from '../../shared/hotline';
import type { AddressSearch } from '../incidents/hotlineDesk';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { addressSearchSql } from './sqliteRegistryQueries';

export function sqliteAddressSearch(db: SqliteDatabase): AddressSearch {
  return promisedMethods(new SqliteAddressSearch(db), ['searchAddresses']);
}

export interface AddressRow {
  id: number;
  name: string;
  address: string;
  grid_code: string;
  origin_lon: number;
  origin_lat: number;
}

class SqliteAddressSearch {
  constructor(private readonly db: SqliteDatabase) {}

  searchAddresses(text: string, scopes: readonly string[], limit: number): AddressMatch[] {
    const query = addressSearchSql(text, scopes);
    const rows = this.db.prepare(query.sql).all(...query.params, limit) as AddressRow[];
    return rows.map(toAddressMatch);
  }
}

export function toAddressMatch(row: AddressRow): AddressMatch {
  return {
    buildingId: row.id,
    name: row.name,
    address: row.address,
    gridCode: row.grid_code,
    lon: row.origin_lon,
    lat: row.origin_lat,
  };
}
