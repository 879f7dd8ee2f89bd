/**
 * The registry's person search as SQL on PostgreSQL (PostgresRegistry.searchPersons runs it): a
 * search as selects over `p.id` that one statement counts and pages. Text search: candidates from
 * the GIN index of every character and 2-character window (`registry_text_grams`, for names
 * `registry_name_grams`: a row holds all the text's own), then SQLite's LIKE (ASCII letters in
 * any case, nothing else folded) on them, so the answer is the scan's on either engine. (The
 * trigram index answered a 3-character Chinese name in 13-19 ms at 50,000 residents, the
 * windows' in 1 ms.)
 */
import type { SearchCriteria } from '../../registry/registryRepository';
import { postgresIdentifierExactMatch, postgresIdentifierTailMatch } from '../identifierTailSearch';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { containsPattern } from '../sqliteRegistryQueries';
import { postgresPrefixFilter } from './postgresScopeSql';

/** The windows' index expression of buildings (`b`), as migration 0007 declares it. */
const BUILDING_GRAMS =
  '(registry_text_grams(b.name) || registry_text_grams(b.name_en) || registry_text_grams(b.address))';

/** `column` contains the pattern `$n` as SQLite's LIKE decides: ASCII letters in any case. */
function likeAsSqlite(column: string, parameter: string): string {
  return `registry_ascii_lower(${column}) LIKE registry_ascii_lower(${parameter})`;
}

/**
 * How many matching buildings a text search reads ahead of its count (`matched_buildings`): the
 * count of a text that many buildings hold ends within their residents. The rest are read only
 * when it does not, or for the page of a broader text.
 */
const MATCHED_BUILDINGS_READ = 2_000;
/**
 * A scope of at most this many persons (a base grid or two) has each one's name checked: one
 * index range, however common the text. A grid worker's search for a surname a tenth of the city
 * bears otherwise built the names' index's bitmap of every bearer (130,373 at 1 M residents,
 * 20-37 ms; ten times that at 10 M) to keep a few hundred.
 */
const NARROW_SCOPE_PERSONS = 5_000;
/**
 * Persons in a broad scope whose names a one-character text's count checks first (any of them,
 * in the order the table gives them). A character that many names hold (a common surname: 王 or
 * 李 on about one name in twenty) passes the count's cap among them, and the count stops there;
 * before, it built the names' index's bitmap of every bearer in the scope first (190 ms p50 /
 * 370 ms p99 for one character at 10 M residents). A character the statistics call rarer
 * (NAME_PROBE_MARGIN) is not probed; one they misjudge pays the walk (15-25 ms) on top of the
 * index, and its count is then as before.
 */
const NAME_PROBE_PERSONS = 30_000;
/**
 * The probe runs only for a character whose share of names (the names' index statistics, which
 * ANALYZE keeps for its most common elements) would pass the count's limit within the probe
 * with this much to spare: a rarer one's probe would walk the whole window for nothing before
 * the index is read anyway.
 */
const NAME_PROBE_MARGIN = 1.1;

/** The sizes a text search decides its plan by (tests shrink them to reach every branch). */
export interface TextSearchLimits {
  narrowScopePersons: number;
  nameProbePersons: number;
  /** 0: probe whatever the statistics say. */
  nameProbeMargin: number;
}

export const TEXT_SEARCH_LIMITS: TextSearchLimits = {
  narrowScopePersons: NARROW_SCOPE_PERSONS,
  nameProbePersons: NAME_PROBE_PERSONS,
  nameProbeMargin: NAME_PROBE_MARGIN,
};
/** Texts up to this many characters are the ones that many names hold. */
const SHORT_TEXT_CHARACTERS = 2;
/**
 * Persons a broad text's page walks in id order, each checked against its building, before it
 * reads every matching building instead: a text most buildings hold fills a page within the
 * first few dozen, a street's name whose buildings lie late in the id order never does.
 */
const BROAD_PAGE_WALK = 1_000;

/** A search as SQL over `p.id` (persons); parameters already appended. */
interface SearchSql {
  /**
   * `WITH` items the selects read, or null; `reach` as for `pageSelects`, `countUpTo` the
   * count's limit (the cap and one).
   */
  with: ((reach: string, countUpTo: string) => string) | null;
  /**
   * Selects whose union is every match, in no order: the count reads them, in this order, up to
   * `countUpTo` rows. Disjoint, except that a first select may give `countUpTo` matches at once
   * (the count is then capped, whatever follows).
   */
  countSelects(countUpTo: string): string[];
  /**
   * Selects whose union (repeats removed) holds the first `reach` matches in id order, each
   * ordered and limited by itself: the page is taken from them.
   */
  pageSelects(reach: string): string[];
}

/** One select of `p.id` for both the count and the page. */
function singleSelect(select: string): SearchSql {
  return {
    with: null,
    countSelects: () => [select],
    pageSelects: (reach) => [`${select} ORDER BY p.id LIMIT ${reach}`],
  };
}

/**
 * The persons inside the scopes whose name, or whose building's address, name or English name,
 * contains `text`. Persons carry their building and its grid code (migration 0010), so the scope
 * is checked on the person and no match is joined to its building for it. Parameters are
 * appended to `params`.
 */
function textSearchSql(
  text: string,
  scopes: readonly string[],
  params: unknown[],
  limits: TextSearchLimits,
): SearchSql {
  params.push(containsPattern(text));
  const pattern = `$${params.length}`;
  // A row that contains the text holds each of its characters and 2-character windows.
  params.push(text);
  const grams = `registry_text_grams($${params.length})`;
  const personScope = postgresPrefixFilter('p.grid_code', scopes, params);
  const buildingScope = postgresPrefixFilter('b.grid_code', scopes, params);
  const nameMatches = likeAsSqlite('p.name', pattern);
  const buildingMatches =
    `(${likeAsSqlite('b.address', pattern)} OR ${likeAsSqlite('b.name', pattern)} ` +
    `OR ${likeAsSqlite('b.name_en', pattern)})`;
  // By name: a text of one or two characters (which many names hold) in a scope of at most
  // NARROW_SCOPE_PERSONS persons (a grid worker's) has every person of the scope checked, one
  // index range; otherwise the names' index gives the candidates (a longer text's are few).
  const byIndex = `registry_name_grams(p.name) @> ${grams} AND ${nameMatches} AND ${personScope}`;
  const narrowScope = `(SELECT n FROM scope_size) <= ${limits.narrowScopePersons}`;
  const characters = [...text].length;
  const short = characters <= SHORT_TEXT_CHARACTERS;
  // One character in a broad scope: the count first checks the names of a bounded number of the
  // scope's persons (`name_probe`); when they hold the count's limit, the names' index is not
  // read. Without ASCII letters in the text, a plain LIKE decides as likeAsSqlite does, at a
  // third of its cost a row.
  const probed = characters === 1;
  const probeMatches = /[A-Za-z]/.test(text) ? nameMatches : `p.name LIKE ${pattern}`;
  const probeFull = (countUpTo: string) => `(SELECT count(*) FROM name_probe) = ${countUpTo}`;
  const commonEnough = (countUpTo: string) =>
    limits.nameProbeMargin === 0
      ? 'true'
      : '(SELECT COALESCE(max(e.share), 0) FROM pg_stats s CROSS JOIN LATERAL ' +
        'unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(gram, share) ' +
        "WHERE s.schemaname = current_schema() AND s.tablename = 'persons_name_grams' " +
        `AND e.gram = ANY (${grams})) * ${limits.nameProbePersons} >= ` +
        `${countUpTo} * ${limits.nameProbeMargin}`;
  const byName = (order: string, unlessProbeFull = '') =>
    !short
      ? `SELECT p.id FROM persons p WHERE ${byIndex}${order}`
      : `(SELECT p.id FROM persons p WHERE ${nameMatches} AND ${personScope} AND ${narrowScope}${order}) ` +
        `UNION ALL (SELECT p.id FROM persons p WHERE ${byIndex} AND NOT ${narrowScope}${unlessProbeFull}${order})`;
  const matching =
    `SELECT b.id FROM buildings b WHERE ${BUILDING_GRAMS} @> ${grams} AND ${buildingMatches} ` +
    `AND ${buildingScope}`;
  const broad = `(SELECT count(*) FROM matched_buildings) > ${MATCHED_BUILDINGS_READ}`;
  return {
    // `walked`: a broad text's page looked for among the first BROAD_PAGE_WALK persons in scope,
    // each checked against its building (read only for a broad text's page).
    with: (reach, countUpTo) =>
      'scope_size AS MATERIALIZED (SELECT count(*) AS n FROM (SELECT 1 FROM persons p ' +
      `WHERE ${personScope} LIMIT ${limits.narrowScopePersons + 1}) s), ` +
      (probed
        ? 'name_probe AS MATERIALIZED (SELECT p.id FROM (SELECT p.id, p.name FROM persons p ' +
          `WHERE ${personScope} AND NOT ${narrowScope} AND ${commonEnough(countUpTo)} ` +
          `LIMIT ${limits.nameProbePersons}) p ` +
          `WHERE ${probeMatches} LIMIT ${countUpTo}), `
        : '') +
      `matched_buildings AS MATERIALIZED (${matching} LIMIT ${MATCHED_BUILDINGS_READ + 1}), ` +
      'walked AS MATERIALIZED (SELECT p.id FROM (SELECT p.id, p.building_id FROM persons p ' +
      `WHERE ${personScope} ORDER BY p.id LIMIT ${BROAD_PAGE_WALK}) p ` +
      `WHERE (SELECT ${buildingMatches} FROM buildings b WHERE b.id = p.building_id) ` +
      `ORDER BY p.id LIMIT ${reach})`,
    // Disjoint: a building's residents whose names match are counted by name. The rest of a
    // broad text's buildings are read only when the first ones' residents are fewer than the
    // count needs.
    countSelects: (countUpTo) => [
      ...(probed ? [`SELECT id FROM name_probe WHERE ${probeFull(countUpTo)}`] : []),
      byName('', probed ? ` AND NOT ${probeFull(countUpTo)}` : ''),
      // OFFSET 0 keeps the subquery a loop over the buildings: pulled up into a join, the
      // planner hashed every person to meet a hundred buildings (0.9 s at 1M residents).
      'SELECT p.id FROM matched_buildings m CROSS JOIN LATERAL (SELECT p.id FROM persons p ' +
        `WHERE p.building_id = m.id AND NOT ${nameMatches} OFFSET 0) p`,
      'SELECT p.id FROM persons p JOIN buildings b ON b.id = p.building_id ' +
        `WHERE ${buildingMatches} AND ${personScope} AND NOT ${nameMatches} AND ${broad} ` +
        'AND p.building_id NOT IN (SELECT id FROM matched_buildings)',
    ],
    // The first `reach` residents of matching buildings (names matching or not: the page's union
    // removes repeats). A broad text's are first looked for in `walked`. Otherwise they lie in the `reach` buildings whose first residents come
    // first (any other building's residents all follow theirs), each building's first residents
    // one index range, read without the rows. (A walk over every person in id order was the page
    // before; it took 0.6 s where a street's 2,310 buildings lay at the end of the id order.)
    pageSelects: (reach) => {
      const walkFilled = `(SELECT count(*) FROM walked) = ${reach}`;
      return [
        byName(` ORDER BY p.id LIMIT ${reach}`),
        `SELECT id FROM walked WHERE ${broad} AND ${walkFilled}`,
        'SELECT p.id FROM (SELECT m.id FROM (' +
          `SELECT id FROM matched_buildings WHERE NOT ${broad} ` +
          `UNION ALL ${matching} AND ${broad} AND NOT ${walkFilled}) m ` +
          'CROSS JOIN LATERAL (SELECT p.id FROM persons p WHERE p.building_id = m.id ' +
          `ORDER BY p.id LIMIT 1) first ORDER BY first.id LIMIT ${reach}) m ` +
          'CROSS JOIN LATERAL (SELECT p.id FROM persons p WHERE p.building_id = m.id ' +
          `ORDER BY p.id LIMIT ${reach}) p ORDER BY p.id LIMIT ${reach}`,
      ];
    },
  };
}

/** The persons inside the scopes that `match` (a clause over `p`) selects: one select of `p.id`. */
function personIdsWhere(match: string, scopes: readonly string[], params: unknown[]): string {
  const scope = postgresPrefixFilter('p.grid_code', scopes, params);
  return `SELECT p.id FROM persons p WHERE ${match} AND ${scope}`;
}

/** The search as SQL over persons, inside the scopes. Parameters are appended to `params`. */
export function postgresPersonSearchSql(
  criteria: SearchCriteria,
  scopes: readonly string[],
  params: unknown[],
  sealer: () => IdentifierSealer,
  limits: TextSearchLimits,
): SearchSql {
  switch (criteria.kind) {
    case 'tail':
      return singleSelect(
        personIdsWhere(postgresIdentifierTailMatch(criteria, params), scopes, params),
      );
    case 'identifier':
      return singleSelect(
        personIdsWhere(postgresIdentifierExactMatch(criteria, sealer(), params), scopes, params),
      );
    case 'text':
      return textSearchSql(criteria.text, scopes, params, limits);
  }
}
