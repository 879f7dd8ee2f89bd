/** The registry queries whose SQL depends on the caller's scopes or search criteria. */
import { gridLevelOf } from '../../domain/gridCode';
import type { SearchCriteria } from '../registry/registryRepository';
import {
  identifierExactMatch,
  identifierTailMatch,
  type TailCriteria,
} from './identifierTailSearch';
import type { IdentifierSealer } from './sealedIdentifiers';
import { subtreeInScopeFilter, type SqlFragment } from './scopeSql';

const LIKE_ESCAPE = '\\';
/** Shorter text has no trigram: it is found through the gram tables instead. */
const TRIGRAM_LENGTH = 3;
/** Sorts after every character a name can hold: the upper bound of a gram range. */
const MAX_CODE_POINT = 0x10ffff;

/**
 * A scope of at most this many persons (a base grid or two: a grid worker's) has every person's
 * name and building checked, as PostgreSQL's adapter does (its NARROW_SCOPE_PERSONS): one walk of
 * the scope, however common the text. Through the name grams, a grid worker's search for a
 * common surname read every bearer in the district and kept those of the grid (1 M residents:
 * p50 127 ms, p99 716 ms for one character).
 */
export const NARROW_SCOPE_PERSONS = 5_000;
/** Communities and base grids: only such scopes are counted to see whether they are narrow. */
const NARROW_SCOPE_MIN_LEVEL = 3;

/**
 * The scope's buildings to their residents, in this order (CROSS JOIN fixes it: with the text's
 * LIKEs on persons, a file without ANALYZE's statistics was planned as a scan of every person).
 */
const SCOPE_PERSONS_FROM =
  'buildings b CROSS JOIN units u ON u.building_id = b.id ' +
  'CROSS JOIN households h ON h.unit_id = u.id CROSS JOIN persons p ON p.household_id = h.id';

/** What decides a building for a text search, over `b`: three patterns bound in this order. */
const BUILDING_TEXT_MATCHES =
  "(b.address LIKE ? ESCAPE '\\' OR b.name LIKE ? ESCAPE '\\' OR b.name_en LIKE ? ESCAPE '\\')";
/** What decides a text search, over `p` and its building `b`: four patterns bound in this order. */
const TEXT_MATCHES = `(p.name LIKE ? ESCAPE '\\' OR ${BUILDING_TEXT_MATCHES})`;

export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => LIKE_ESCAPE + character)}%`;
}

/** An FTS5 phrase: the text as one string, whatever query syntax it holds. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Ids (ascending) of the persons inside the scopes whose ID-number or phone tail matches.
 * The tail clause is identifierTailSearch's alone.
 */
export function tailSearchSql(criteria: TailCriteria, scopes: readonly string[]): SqlFragment {
  return personIdsWhere(identifierTailMatch(criteria), scopes);
}

/** Ids (ascending) of the persons inside the scopes that `match` (a clause over `p`) selects. */
function personIdsWhere(match: SqlFragment, scopes: readonly string[]): SqlFragment {
  const scope = subtreeInScopeFilter('b.grid_code', null, scopes);
  return {
    sql:
      'SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id ' +
      'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id ' +
      `WHERE ${match.sql} AND ${scope.sql} ORDER BY p.id`,
    params: [...match.params, ...scope.params],
  };
}

/**
 * Ids (ascending) of the persons inside the scopes whose name, or whose building's address,
 * name or English name, contains `text` (LIKE: ASCII letters in any case). The indexes give
 * candidates (a superset: trigram matching folds case at least as LIKE does); the LIKE on the
 * rows decides, so the answer is exactly that of a scan.
 */
export function textSearchSql(text: string, scopes: readonly string[]): SqlFragment {
  // Each side decides on its own rows: a person by name, a building by its texts and scope
  // (once, before its residents are read from persons_building).
  const { byName, byBuildingResidents } = textMatchParts(text, scopes);
  return {
    sql: `${byName.sql} UNION ${byBuildingResidents.sql} ORDER BY 1`,
    params: [...byName.params, ...byBuildingResidents.params],
  };
}

/**
 * A broad text search's capped count: `rows` of its matches up to `?` (bound last) in no order,
 * a person as often as it is found (by name and by building), and `n` of them distinct. Streamed:
 * a text that many match stops at the limit. `rows` under the limit: `n` is the exact total.
 */
export function textCountSql(text: string, scopes: readonly string[]): SqlFragment {
  const { byName, byBuildingResidents } = textMatchParts(text, scopes);
  return {
    sql:
      `SELECT count(*) AS rows, count(DISTINCT id) AS n FROM (${byName.sql} UNION ALL ` +
      `${byBuildingResidents.sql} LIMIT ?)`,
    params: [...byName.params, ...byBuildingResidents.params],
  };
}

/**
 * A text search's first `reach` matches in id order, without reading every match: those by name
 * in order, and the residents of the `reach` matching buildings whose first residents come first
 * (any other building's residents all come after theirs), each building's residents one range of
 * `persons_building`.
 */
export function textPageSql(
  text: string,
  scopes: readonly string[],
  reach: number,
): { sql: string; params: unknown[] } {
  const { byName, byBuilding } = textMatchParts(text, scopes);
  return {
    sql:
      `SELECT id FROM (SELECT * FROM (${byName.sql} ORDER BY p.id LIMIT ?) UNION ` +
      'SELECT p.id FROM (SELECT m.id FROM (SELECT m.id, (SELECT min(f.id) FROM persons f ' +
      `WHERE f.building_id = m.id) AS first FROM (${byBuilding.sql}) m) m ` +
      'WHERE m.first IS NOT NULL ORDER BY m.first LIMIT ?) m ' +
      'CROSS JOIN persons p ON p.building_id = m.id) ORDER BY id LIMIT ?',
    params: [...byName.params, reach, ...byBuilding.params, reach, reach],
  };
}

/**
 * The persons whose name matches (`byName`: ids), the buildings whose texts match (`byBuilding`:
 * building ids) and their residents (`byBuildingResidents`: ids), inside the scopes: a text
 * search's two sides.
 */
function textMatchParts(text: string, scopes: readonly string[]) {
  const scope = subtreeInScopeFilter('b.grid_code', null, scopes);
  const pattern = containsPattern(text);
  const personCandidates = personCandidatesSql(text);
  const buildingCandidates = buildingCandidatesSql(text);
  const byBuilding = {
    sql:
      `SELECT b.id FROM (${buildingCandidates.sql}) bc CROSS JOIN buildings b ON b.id = bc.id ` +
      `WHERE ${BUILDING_TEXT_MATCHES} AND ${scope.sql}`,
    params: [...buildingCandidates.params, pattern, pattern, pattern, ...scope.params],
  };
  return {
    byBuilding,
    byBuildingResidents: {
      sql: `SELECT p.id FROM (${byBuilding.sql}) m CROSS JOIN persons p ON p.building_id = m.id`,
      params: byBuilding.params,
    },
    byName: {
      sql:
        `SELECT p.id FROM (${personCandidates.sql}) c CROSS JOIN persons p ON p.id = c.id ` +
        `CROSS JOIN buildings b ON b.id = p.building_id WHERE p.name LIKE ? ESCAPE '\\' AND ${scope.sql}`,
      params: [...personCandidates.params, pattern, ...scope.params],
    },
  };
}

/** Whether the scopes might hold few enough persons to be walked (all community or grid codes). */
export function mayBeNarrowScope(scopes: readonly string[]): boolean {
  return (
    scopes.length > 0 && scopes.every((code) => (gridLevelOf(code) ?? 0) >= NARROW_SCOPE_MIN_LEVEL)
  );
}

/** `n`: the persons inside the scopes, counted up to NARROW_SCOPE_PERSONS + 1. */
export function narrowScopeSizeSql(scopes: readonly string[]): SqlFragment {
  const scope = subtreeInScopeFilter('b.grid_code', null, scopes);
  return {
    sql:
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${SCOPE_PERSONS_FROM} WHERE ${scope.sql} ` +
      `LIMIT ${NARROW_SCOPE_PERSONS + 1})`,
    params: scope.params,
  };
}

/**
 * textSearchSql's answer for a narrow scope: every person of the scope checked, the same LIKEs
 * deciding, so the ids are the same.
 */
export function narrowTextSearchSql(text: string, scopes: readonly string[]): SqlFragment {
  const scope = subtreeInScopeFilter('b.grid_code', null, scopes);
  const pattern = containsPattern(text);
  return {
    sql: `SELECT p.id FROM ${SCOPE_PERSONS_FROM} WHERE ${scope.sql} AND ${TEXT_MATCHES} ORDER BY p.id`,
    params: [...scope.params, pattern, pattern, pattern, pattern],
  };
}

/** Ids of persons whose name may contain `text`: a superset, for a LIKE on the rows to decide. */
function personCandidatesSql(text: string): SqlFragment {
  return [...text].length >= TRIGRAM_LENGTH
    ? {
        sql: 'SELECT rowid AS id FROM persons_name_fts WHERE persons_name_fts MATCH ?',
        params: [ftsPhrase(text)],
      }
    : {
        // A 1-2 character text lies inside a 2-character window of the text (or is its last
        // character) within the first 64 positions; longer texts are all candidates.
        sql:
          'SELECT person_id AS id FROM person_name_grams WHERE gram >= lower(?) ' +
          `AND gram < lower(?) || char(${MAX_CODE_POINT}) ` +
          'UNION SELECT id FROM persons WHERE length(name) > 64',
        params: [text, text],
      };
}

/**
 * Ids of buildings whose name, English name or address may contain `text`: a superset from the
 * trigram index (3+ characters) or the gram table, for a LIKE on the rows to decide.
 */
function buildingCandidatesSql(text: string): SqlFragment {
  return [...text].length >= TRIGRAM_LENGTH
    ? {
        sql: 'SELECT rowid AS id FROM buildings_text_fts WHERE buildings_text_fts MATCH ?',
        params: [ftsPhrase(text)],
      }
    : {
        sql:
          'SELECT building_id AS id FROM building_text_grams WHERE gram >= lower(?) ' +
          `AND gram < lower(?) || char(${MAX_CODE_POINT}) ` +
          'UNION SELECT id FROM buildings ' +
          'WHERE length(name) > 64 OR length(name_en) > 64 OR length(address) > 64',
        params: [text, text],
      };
}

/**
 * Buildings inside the scopes whose address or name contains `text` (the hotline desk's address
 * search), by address; the caller binds the row limit last. Columns: id, name, address,
 * grid_code, origin_lon, origin_lat.
 */
export function addressSearchSql(text: string, scopes: readonly string[]): SqlFragment {
  const candidates = buildingCandidatesSql(text);
  const scope = subtreeInScopeFilter('b.grid_code', null, scopes);
  const pattern = containsPattern(text);
  return {
    sql:
      `SELECT b.id, b.name, b.address, b.grid_code, b.origin_lon, b.origin_lat ` +
      `FROM (${candidates.sql}) c CROSS JOIN buildings b ON b.id = c.id ` +
      "WHERE (b.address LIKE ? ESCAPE '\\' OR b.name LIKE ? ESCAPE '\\') " +
      `AND ${scope.sql} ORDER BY b.address, b.id LIMIT ?`,
    params: [...candidates.params, pattern, pattern, ...scope.params],
  };
}

/** Ids (ascending) of the persons a search finds inside the scopes. */
export function searchIdsSql(
  criteria: SearchCriteria,
  scopes: readonly string[],
  sealer: () => IdentifierSealer,
): SqlFragment {
  switch (criteria.kind) {
    case 'tail':
      return tailSearchSql(criteria, scopes);
    case 'identifier':
      return personIdsWhere(identifierExactMatch(criteria, sealer()), scopes);
    case 'text':
      return textSearchSql(criteria.text, scopes);
  }
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
