/**
 * The registry on PostgreSQL (docs/decisions/0040-postgresql.md), over the tables of migration
 * 0007 with SQLite's names, so the row conversions are registryRows.ts's. A method that reads
 * more than one thing is one statement (one snapshot), as one synchronous turn was on SQLite.
 * Text search: candidates from the GIN index of every character and 2-character window
 * (`registry_text_grams`, for names `registry_name_grams`: a row holds all the text's own), then SQLite's LIKE (ASCII letters in
 * any case, nothing else folded) on them, so the answer is the scan's on either engine. (The
 * trigram index answered a 3-character Chinese name in 13-19 ms at 50,000 residents, the
 * windows' in 1 ms.)
 */
import { createHash } from 'node:crypto';
import type {
  BuildingRecord,
  GridRecord,
  PersonRecord,
  UnitRecord,
} from '../../../domain/registry';
import type {
  BasemapRecord,
  GridCounts,
  HouseholdWithMembers,
  PageRequest,
  PageResult,
  PersonLocationRecord,
  ResidentTagRow,
  SearchPageRequest,
  SearchPageResult,
  UnitLocationRecord,
  UnitThemeRow,
} from '../../registry/registryRecords';
import { SEARCH_TOTAL_CAP } from '../../registry/registryRecords';
import type { RegistryRepository, SearchCriteria } from '../../registry/registryRepository';
import { postgresIdentifierExactMatch, postgresIdentifierTailMatch } from '../identifierTailSearch';
import {
  BASEMAP_COLUMNS,
  BUILDING_COLUMNS,
  GRID_COLUMNS,
  PERSON_COLUMNS,
  UNIT_COLUMNS,
  UNIT_LOCATION_COLUMNS,
  toBasemapRecord,
  toBuildingRecord,
  toGridRecord,
  toPersonRecord,
  toUnitLocationRecord,
  toUnitRecord,
} from '../registryRows';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

const LIKE_ESCAPE = '\\';

const PERSON_LOCATION_FROM =
  'persons p JOIN households h ON h.id = p.household_id ' +
  'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id';
/** The windows' index expression of buildings (`b`), as migration 0007 declares it. */
const BUILDING_GRAMS =
  '(registry_text_grams(b.name) || registry_text_grams(b.name_en) || registry_text_grams(b.address))';

function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => LIKE_ESCAPE + character)}%`;
}

async function rowsOf(
  db: PostgresPool | PostgresClient,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  return (await db.query<Row>(sql, params)).rows;
}

/**
 * `rowsOf` through a named prepared statement (named by the text's hash, so one name is one
 * text): each connection parses and plans it once, then runs its generic plan. For the point
 * reads of the unit lookup, whose plan never depends on the values; planning was most of their
 * cost (decision 0040). Searches stay unnamed: their plans depend on the query.
 */
async function preparedRowsOf(db: PostgresPool, sql: string, params: unknown[]): Promise<Row[]> {
  const name = `registry_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
  return (await db.query<Row>({ name, text: sql, values: params })).rows;
}

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

const TEXT_SEARCH_LIMITS: TextSearchLimits = {
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

function toPersonLocation(row: Row): PersonLocationRecord {
  return { ...toPersonRecord(row), unit: toUnitLocationRecord(row) };
}

export class PostgresRegistry implements RegistryRepository {
  constructor(
    private readonly pool: PostgresPool,
    /** The keyed index of whole identifiers (the same key as the rows were written with). */
    private readonly sealer: () => IdentifierSealer,
    private readonly limits: TextSearchLimits = TEXT_SEARCH_LIMITS,
  ) {}

  async readMeta(): Promise<Record<string, string>> {
    const rows = await rowsOf(this.pool, 'SELECT key, value FROM meta');
    return Object.fromEntries(rows.map((row) => [String(row.key), String(row.value)]));
  }

  async listGrids(): Promise<GridRecord[]> {
    return (await rowsOf(this.pool, `SELECT ${GRID_COLUMNS} FROM grids g ORDER BY g.code`)).map(
      toGridRecord,
    );
  }

  async findGrid(code: string): Promise<GridRecord | null> {
    const [row] = await rowsOf(this.pool, `SELECT ${GRID_COLUMNS} FROM grids g WHERE g.code = $1`, [
      code,
    ]);
    return row === undefined ? null : toGridRecord(row);
  }

  async countInGrid(code: string, scopes: readonly string[]): Promise<GridCounts> {
    const params: unknown[] = [];
    const filter = `${postgresPrefixFilter('b.grid_code', [code], params)} AND ${postgresPrefixFilter('b.grid_code', scopes, params)}`;
    const [row] = await rowsOf(
      this.pool,
      `SELECT (SELECT count(*) FROM buildings b WHERE ${filter}) AS building_count, ` +
        `(SELECT count(*) FROM units u JOIN buildings b ON b.id = u.building_id WHERE ${filter}) AS unit_count, ` +
        '(SELECT count(*) FROM households h JOIN units u ON u.id = h.unit_id ' +
        `JOIN buildings b ON b.id = u.building_id WHERE ${filter}) AS household_count, ` +
        `(SELECT count(*) FROM ${PERSON_LOCATION_FROM} WHERE ${filter}) AS resident_count`,
      params,
    );
    return {
      buildingCount: Number(row!.building_count),
      unitCount: Number(row!.unit_count),
      householdCount: Number(row!.household_count),
      residentCount: Number(row!.resident_count),
    };
  }

  async listBuildingsInGrid(
    code: string,
    scopes: readonly string[],
    page: PageRequest,
  ): Promise<PageResult<BuildingRecord>> {
    const params: unknown[] = [];
    const filter = `${postgresPrefixFilter('b.grid_code', [code], params)} AND ${postgresPrefixFilter('b.grid_code', scopes, params)}`;
    params.push(page.pageSize, (page.page - 1) * page.pageSize);
    const rows = await rowsOf(
      this.pool,
      `SELECT t.total, page.* FROM (SELECT count(*) AS total FROM buildings b WHERE ${filter}) t ` +
        `LEFT JOIN LATERAL (SELECT ${BUILDING_COLUMNS} FROM buildings b WHERE ${filter} ` +
        `ORDER BY b.id LIMIT $${params.length - 1} OFFSET $${params.length}) page ON true ` +
        'ORDER BY page.id',
      params,
    );
    return {
      items: rows.filter((row) => row.id !== null).map(toBuildingRecord),
      total: Number(rows[0]!.total),
    };
  }

  async findBuilding(id: number): Promise<BuildingRecord | null> {
    const [row] = await preparedRowsOf(
      this.pool,
      `SELECT ${BUILDING_COLUMNS} FROM buildings b WHERE b.id = $1`,
      [id],
    );
    return row === undefined ? null : toBuildingRecord(row);
  }

  async listUnitsOfBuilding(buildingId: number): Promise<UnitRecord[]> {
    return (
      await preparedRowsOf(
        this.pool,
        `SELECT ${UNIT_COLUMNS} FROM units u WHERE u.building_id = $1 ORDER BY u.floor, u.unit_no`,
        [buildingId],
      )
    ).map(toUnitRecord);
  }

  async listResidentTagsOfBuilding(
    buildingId: number,
    scopes: readonly string[],
  ): Promise<ResidentTagRow[] | null> {
    const params: unknown[] = [buildingId];
    const scope = postgresPrefixFilter('b.grid_code', scopes, params);
    // One statement: the building's scope and its residents at one moment. A building in scope
    // gives one row at least (its household columns null when it has none).
    const rows = await rowsOf(
      this.pool,
      'SELECT u.id AS unit_id, h.id AS household_id, h.type, p.tags FROM buildings b ' +
        'LEFT JOIN (units u JOIN households h ON h.unit_id = u.id) ON u.building_id = b.id ' +
        'LEFT JOIN persons p ON p.household_id = h.id ' +
        `WHERE b.id = $1 AND ${scope}`,
      params,
    );
    if (rows.length === 0) return null;
    return rows
      .filter((row) => row.household_id !== null)
      .map((row) => ({
        unitId: Number(row.unit_id),
        householdId: Number(row.household_id),
        householdType: String(row.type) as ResidentTagRow['householdType'],
        tags: row.tags === null ? null : String(row.tags),
      }));
  }

  async findUnit(id: number): Promise<UnitLocationRecord | null> {
    const [row] = await preparedRowsOf(
      this.pool,
      `SELECT ${UNIT_LOCATION_COLUMNS} FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = $1`,
      [id],
    );
    return row === undefined ? null : toUnitLocationRecord(row);
  }

  async listHouseholdsOfUnit(
    unitId: number,
    scopes: readonly string[],
  ): Promise<HouseholdWithMembers[] | null> {
    const params: unknown[] = [unitId];
    const scope = postgresPrefixFilter('b.grid_code', scopes, params);
    // One statement, one round trip: the unit's scope, its households and their members at one
    // moment. A unit in scope gives one row at least (household columns null when it has none).
    const rows = await preparedRowsOf(
      this.pool,
      `SELECT h.id AS hh_id, h.type AS hh_type, h.head_person_id AS hh_head, ${PERSON_COLUMNS} ` +
        'FROM units u JOIN buildings b ON b.id = u.building_id ' +
        'LEFT JOIN households h ON h.unit_id = u.id LEFT JOIN persons p ON p.household_id = h.id ' +
        `WHERE u.id = $1 AND ${scope} ORDER BY h.id, p.id`,
      params,
    );
    if (rows.length === 0) return null;
    const households: HouseholdWithMembers[] = [];
    for (const row of rows) {
      if (row.hh_id === null) continue;
      const id = Number(row.hh_id);
      let household = households.at(-1);
      if (household?.id !== id) {
        household = {
          id,
          unitId,
          type: String(row.hh_type) as HouseholdWithMembers['type'],
          headPersonId: row.hh_head === null ? null : Number(row.hh_head),
          members: [] as PersonRecord[],
        };
        households.push(household);
      }
      if (row.person_id !== null) household.members.push(toPersonRecord(row));
    }
    return households;
  }

  async findPerson(id: number): Promise<PersonLocationRecord | null> {
    const [row] = await preparedRowsOf(
      this.pool,
      `SELECT ${PERSON_COLUMNS}, ${UNIT_LOCATION_COLUMNS} FROM ${PERSON_LOCATION_FROM} WHERE p.id = $1`,
      [id],
    );
    return row === undefined ? null : toPersonLocation(row);
  }

  async searchPersons(
    criteria: SearchCriteria,
    scopes: readonly string[],
    page: SearchPageRequest,
  ): Promise<SearchPageResult> {
    const params: unknown[] = [];
    const search = this.searchSql(criteria, scopes, params);
    const cap = page.totalCap ?? SEARCH_TOTAL_CAP;
    const offset = (page.page - 1) * page.pageSize;
    params.push(offset + page.pageSize, cap + 1, page.pageSize, offset);
    const parameter = (back: number) => `$${params.length + 1 - back}`;
    const [reach, countUpTo, pageSize, skip] = [4, 3, 2, 1].map(parameter) as [
      string,
      string,
      string,
      string,
    ];
    // One statement, one snapshot. The count stops at the cap's next match, in whatever order
    // the rows come; the page is the first `reach` ids of each page select (an index walk in id
    // order stops there when matches are common) merged. Nothing reads every match of a broad
    // query (decision 0040).
    const firstIds = search
      .pageSelects(reach)
      .map((select) => `(${select})`)
      .join(' UNION ');
    const withClause = search.with === null ? '' : `WITH ${search.with(reach, countUpTo)} `;
    // In a read-only transaction without parallel workers or JIT (opened in one round trip):
    // starting workers cost more than these early-stopping reads, and the text grams' cost
    // (migration 0009) put every text search past jit_above_cost, so each compiled its plan
    // first: about 350 ms of a one-character search's 370 ms at 1M residents.
    const rows = await inTransaction(
      this.pool,
      (client) =>
        rowsOf(
          client,
          `${withClause}SELECT (SELECT count(*) FROM (${search.countSelects(countUpTo).join(' UNION ALL ')} LIMIT ${countUpTo}) c) AS total, ` +
            `page.* FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT ${PERSON_COLUMNS}, ${UNIT_LOCATION_COLUMNS} ` +
            `FROM (SELECT id FROM (${firstIds}) f ORDER BY id LIMIT ${pageSize} OFFSET ${skip}) pi ` +
            'JOIN persons p ON p.id = pi.id JOIN households h ON h.id = p.household_id ' +
            'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id) page ON true ' +
            'ORDER BY page.person_id',
          params,
        ),
      'BEGIN READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off',
    );
    const counted = Number(rows[0]!.total);
    return {
      items: rows.filter((row) => row.person_id !== null).map(toPersonLocation),
      total: Math.min(counted, cap),
      totalCapped: counted > cap,
    };
  }

  /** The search as SQL over persons, inside the scopes. */
  private searchSql(
    criteria: SearchCriteria,
    scopes: readonly string[],
    params: unknown[],
  ): SearchSql {
    switch (criteria.kind) {
      case 'tail':
        return singleSelect(
          personIdsWhere(postgresIdentifierTailMatch(criteria, params), scopes, params),
        );
      case 'identifier':
        return singleSelect(
          personIdsWhere(
            postgresIdentifierExactMatch(criteria, this.sealer(), params),
            scopes,
            params,
          ),
        );
      case 'text':
        return textSearchSql(criteria.text, scopes, params, this.limits);
    }
  }

  async listUnitThemes(
    gridCode: string | null,
    scopes: readonly string[],
  ): Promise<UnitThemeRow[]> {
    const params: unknown[] = [];
    const filter =
      gridCode === null
        ? postgresPrefixFilter('b.grid_code', scopes, params)
        : `${postgresPrefixFilter('b.grid_code', [gridCode], params)} AND ${postgresPrefixFilter('b.grid_code', scopes, params)}`;
    const rows = await rowsOf(
      this.pool,
      'SELECT u.id AS unit_id, b.grid_code, count(p.id) AS resident_count, ' +
        "(u.use = 'rental' OR coalesce(bool_or(h.type IN ('rental', 'floating')), false)) AS rental, " +
        "count(*) FILTER (WHERE position(',elderly_alone,' IN ',' || p.tags || ',') > 0) " +
        'AS elderly_alone_count, u.use ' +
        'FROM units u JOIN buildings b ON b.id = u.building_id ' +
        'LEFT JOIN households h ON h.unit_id = u.id LEFT JOIN persons p ON p.household_id = h.id ' +
        `WHERE ${filter} GROUP BY u.id, b.grid_code ORDER BY u.id`,
      params,
    );
    return rows.map((row) => ({
      unitId: Number(row.unit_id),
      gridCode: String(row.grid_code),
      residentCount: Number(row.resident_count),
      rental: row.rental === true,
      elderlyAloneCount: Number(row.elderly_alone_count),
      vacant: row.use === 'vacant',
      use: String(row.use) as UnitThemeRow['use'],
    }));
  }

  async listBasemap(): Promise<BasemapRecord[]> {
    return (
      await rowsOf(this.pool, `SELECT ${BASEMAP_COLUMNS} FROM basemap_features ORDER BY id`)
    ).map(toBasemapRecord);
  }
}
