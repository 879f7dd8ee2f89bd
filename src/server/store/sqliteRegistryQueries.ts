/** The registry queries whose SQL depends on the caller's scopes or search criteria. */
import type { SearchCriteria } from '../registry/registryRepository';
import { subtreeInScopeFilter, type SqlFragment } from './scopeSql';

const LIKE_ESCAPE = '\\';

function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => LIKE_ESCAPE + character)}%`;
}

/** WHERE clause over persons p / buildings b for a search inside the scopes. */
export function searchWhere(criteria: SearchCriteria, scopes: readonly string[]): SqlFragment {
  const scope = subtreeInScopeFilter('b.grid_code', null, scopes);
  if (criteria.kind === 'tail') {
    // The expressions match the persons_id_tail / persons_phone_tail indexes exactly.
    const clauses: string[] = [];
    const params: string[] = [];
    if (criteria.idTail !== null) {
      clauses.push('substr(p.id_number, -4) = ?');
      params.push(criteria.idTail);
    }
    if (criteria.phoneTail !== null) {
      clauses.push('substr(p.phone, -4) = ?');
      params.push(criteria.phoneTail);
    }
    const match = clauses.length === 0 ? '0' : `(${clauses.join(' OR ')})`;
    return { sql: `${match} AND ${scope.sql}`, params: [...params, ...scope.params] };
  }
  const pattern = containsPattern(criteria.text);
  const match =
    "(p.name LIKE ? ESCAPE '\\' OR b.address LIKE ? ESCAPE '\\' OR b.name LIKE ? ESCAPE '\\' " +
    "OR b.name_en LIKE ? ESCAPE '\\')";
  return {
    sql: `${match} AND ${scope.sql}`,
    params: [pattern, pattern, pattern, pattern, ...scope.params],
  };
}

export function gridCountsSql(code: string, scopes: readonly string[]): SqlFragment {
  const filter = subtreeInScopeFilter('b.grid_code', code, scopes);
  const sql =
    `SELECT (SELECT COUNT(*) FROM buildings b WHERE ${filter.sql}) AS building_count, ` +
    `(SELECT COUNT(*) FROM units u JOIN buildings b ON b.id = u.building_id WHERE ${filter.sql}) AS unit_count, ` +
    '(SELECT COUNT(*) FROM households h JOIN units u ON u.id = h.unit_id ' +
    `JOIN buildings b ON b.id = u.building_id WHERE ${filter.sql}) AS household_count, ` +
    '(SELECT COUNT(*) FROM persons p JOIN households h ON h.id = p.household_id ' +
    'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id ' +
    `WHERE ${filter.sql}) AS resident_count`;
  return { sql, params: [...filter.params, ...filter.params, ...filter.params, ...filter.params] };
}

export function unitThemesSql(gridCode: string | null, scopes: readonly string[]): SqlFragment {
  const filter = subtreeInScopeFilter('b.grid_code', gridCode, scopes);
  const sql =
    'SELECT u.id AS unit_id, b.grid_code, COUNT(p.id) AS resident_count, ' +
    "(u.use = 'rental' OR COALESCE(MAX(h.type IN ('rental', 'floating')), 0)) AS rental, " +
    "SUM(instr(',' || p.tags || ',', ',elderly_alone,') > 0) AS elderly_alone_count, " +
    "(u.use = 'vacant') AS vacant, u.use " +
    'FROM units u JOIN buildings b ON b.id = u.building_id ' +
    'LEFT JOIN households h ON h.unit_id = u.id LEFT JOIN persons p ON p.household_id = h.id ' +
    `WHERE ${filter.sql} GROUP BY u.id ORDER BY u.id`;
  return { sql, params: filter.params };
}
