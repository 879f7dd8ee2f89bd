/**
 * Which persons a resident search on SQLite reads (decision 0015): the page's ids and the
 * capped total. The gram and trigram indexes find every match; a text search reads only what its
 * answer needs:
 *
 * - a narrow scope (at most NARROW_SCOPE_PERSONS persons: a grid worker's) has each person of
 *   it checked, however many bearers of the text the district holds;
 * - a broader scope's count stops at the cap, and its page is taken from the first matches by
 *   name and the matching buildings whose first residents come first (persons.building_id,
 *   SQLite migration 3), as PostgreSQL's adapter does.
 *
 * Tail and whole-identifier searches read their few matches whole.
 */
import type { SearchCriteria } from '../registry/registryRepository';
import { SEARCH_TOTAL_CAP, type SearchPageRequest } from '../registry/registryRecords';
import type { IdentifierSealer } from './sealedIdentifiers';
import {
  mayBeNarrowScope,
  NARROW_SCOPE_PERSONS,
  narrowScopeSizeSql,
  narrowTextSearchSql,
  searchIdsSql,
  textCountSql,
  textPageSql,
} from './sqliteRegistryQueries';

export interface SearchIdsPage {
  pageIds: number[];
  total: number;
  totalCapped: boolean;
}

/** The store's statement runner (its cache of prepared statements). */
type Rows = (sql: string, ...params: unknown[]) => Array<Record<string, unknown>>;

export function searchPersonIds(
  all: Rows,
  criteria: SearchCriteria,
  scopes: readonly string[],
  page: SearchPageRequest,
  sealer: () => IdentifierSealer,
): SearchIdsPage {
  const cap = page.totalCap ?? SEARCH_TOTAL_CAP;
  const offset = (page.page - 1) * page.pageSize;
  const idsOf = (sql: string, params: readonly unknown[]) =>
    all(sql, ...params).map((row) => Number(row.id));
  if (criteria.kind === 'text') {
    if (isNarrowScope(all, scopes)) {
      const narrow = narrowTextSearchSql(criteria.text, scopes);
      return pageOf(idsOf(narrow.sql, narrow.params), offset, page.pageSize, cap);
    }
    const count = textCountSql(criteria.text, scopes);
    const counted = all(count.sql, ...count.params, cap + 1)[0]!;
    const [rows, distinct] = [Number(counted.rows), Number(counted.n)];
    // Under the limit every match was counted; at it, a repeat may hide one: read them all.
    if (rows <= cap || distinct > cap) {
      const reach = offset + page.pageSize;
      const first = textPageSql(criteria.text, scopes, reach);
      return {
        pageIds: idsOf(first.sql, first.params).slice(offset),
        total: Math.min(distinct, cap),
        totalCapped: distinct > cap,
      };
    }
  }
  // One evaluation gives both the total and the page: the ids are few bytes each.
  const search = searchIdsSql(criteria, scopes, sealer);
  return pageOf(idsOf(search.sql, search.params), offset, page.pageSize, cap);
}

function pageOf(ids: number[], offset: number, pageSize: number, cap: number): SearchIdsPage {
  return {
    pageIds: ids.slice(offset, offset + pageSize),
    total: Math.min(ids.length, cap),
    totalCapped: ids.length > cap,
  };
}

/** Whether the scopes hold at most NARROW_SCOPE_PERSONS persons (counted only when they may). */
function isNarrowScope(all: Rows, scopes: readonly string[]): boolean {
  if (!mayBeNarrowScope(scopes)) return false;
  const size = narrowScopeSizeSql(scopes);
  return Number(all(size.sql, ...size.params)[0]?.n) <= NARROW_SCOPE_PERSONS;
}
