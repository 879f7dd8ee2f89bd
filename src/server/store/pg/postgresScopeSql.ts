/**
 * Scope filters as PostgreSQL: the ranges of scopeSql.ts (the same bounds, the same validation)
 * with numbered parameters. The column must compare byte by byte (COLLATE "C") for a range to
 * mean "starts with".
 */
import { prefixFilter } from '../scopeSql';

/** `column` lies under one of the prefixes; an empty list matches nothing. Appends to `params`. */
export function postgresPrefixFilter(
  column: string,
  prefixes: readonly string[],
  params: unknown[],
): string {
  const bounds = prefixFilter(column, prefixes).params;
  if (bounds.length === 0) return 'false';
  const clauses: string[] = [];
  for (let index = 0; index < bounds.length; index += 2) {
    params.push(bounds[index], bounds[index + 1]);
    clauses.push(`(${column} >= $${params.length - 1} AND ${column} < $${params.length})`);
  }
  return `(${clauses.join(' OR ')})`;
}

/**
 * `column` under `code` (when given) and inside the scopes (subtreeInScopeFilter of scopeSql.ts).
 * Appends to `params`.
 */
export function postgresSubtreeInScopeFilter(
  column: string,
  code: string | null,
  scopes: readonly string[],
  params: unknown[],
): string {
  const scope = postgresPrefixFilter(column, scopes, params);
  return code === null ? scope : `${scope} AND ${postgresPrefixFilter(column, [code], params)}`;
}
