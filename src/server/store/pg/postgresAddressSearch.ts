/**
 * The hotline desk's address search on PostgreSQL (AddressSearch, incidents/hotlineDesk.ts),
 * checked with the SQLite one by incidents/addressSearch.contract.test.ts. The trigram indexes of
 * migration 0007 give candidates through ILIKE (it folds at least the ASCII letters), and a LIKE
 * on the text with only ASCII letters folded decides, as SQLite's LIKE does; the order is by
 * address byte by byte (COLLATE "C"), then id.
 */
import type { AddressMatch } from '../../../shared/hotline';
import type { AddressSearch } from '../../incidents/hotlineDesk';
import { toAddressMatch, type AddressRow } from '../sqliteAddressSearch';
import { containsPattern } from '../sqliteRegistryQueries';
import type { PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

const UPPER_ASCII = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER_ASCII = 'abcdefghijklmnopqrstuvwxyz';

function foldAscii(expression: string): string {
  return `translate(${expression}, '${UPPER_ASCII}', '${LOWER_ASCII}')`;
}

export class PostgresAddressSearch implements AddressSearch {
  constructor(private readonly pool: PostgresPool) {}

  async searchAddresses(
    text: string,
    scopes: readonly string[],
    limit: number,
  ): Promise<AddressMatch[]> {
    const params: unknown[] = [containsPattern(text)];
    const scope = postgresPrefixFilter('b.grid_code', scopes, params);
    params.push(limit);
    const { rows } = await this.pool.query<AddressRow>(
      'SELECT b.id, b.name, b.address, b.grid_code, b.origin_lon, b.origin_lat FROM buildings b ' +
        "WHERE (b.address ILIKE $1 ESCAPE '\\' OR b.name ILIKE $1 ESCAPE '\\') " +
        `AND (${foldAscii('b.address')} LIKE ${foldAscii('$1')} ESCAPE '\\' ` +
        `OR ${foldAscii('b.name')} LIKE ${foldAscii('$1')} ESCAPE '\\') ` +
        `AND ${scope} ORDER BY b.address COLLATE "C", b.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toAddressMatch);
  }
}
