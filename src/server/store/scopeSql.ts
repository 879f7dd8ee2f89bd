/**
 * Scope filters as SQL. A scope is a grid-code prefix; codes are digits only, so "starts with
 * P" is the index-friendly range P <= code < P + ':' (':' sorts right after '9').
 */
import { isGridCode } from '../../domain/gridCode';

const PREFIX_UPPER_BOUND_SUFFIX = ':';

export interface SqlFragment {
  sql: string;
  params: string[];
}

/** `column` lies under one of the prefixes; an empty list matches nothing. */
export function prefixFilter(column: string, prefixes: readonly string[]): SqlFragment {
  for (const prefix of prefixes) {
    // Codes come from validated input or the users table; refuse anything else loudly.
    if (!isGridCode(prefix)) throw new Error(`not a grid code: ${JSON.stringify(prefix)}`);
  }
  if (prefixes.length === 0) return { sql: '0', params: [] };
  const clauses = prefixes.map(() => `(${column} >= ? AND ${column} < ?)`);
  const params = prefixes.flatMap((prefix) => [prefix, prefix + PREFIX_UPPER_BOUND_SUFFIX]);
  return { sql: `(${clauses.join(' OR ')})`, params };
}

/** Both filters at once: under `code` and under one of the scopes. */
export function subtreeInScopeFilter(
  column: string,
  code: string | null,
  scopes: readonly string[],
): SqlFragment {
  const scopeFilter = prefixFilter(column, scopes);
  if (code === null) return scopeFilter;
  const codeFilter = prefixFilter(column, [code]);
  return {
    sql: `${codeFilter.sql} AND ${scopeFilter.sql}`,
    params: [...codeFilter.params, ...scopeFilter.params],
  };
}
