/**
 * The registry on PostgreSQL (docs/decisions/0040-postgresql.md), over the tables of migration
 * 0007 with SQLite's names, so the row conversions are registryRows.ts's. A method that reads
 * more than one thing is one statement (one snapshot), as one synchronous turn was on SQLite.
 * Text search: trigram GIN indexes for three characters or more, the 2-character windows'
 * GIN index (`registry_text_grams`) for shorter text, then SQLite's LIKE (ASCII letters in any
 * case, nothing else folded) on the candidates, so the answer is the scan's on either engine.
 */
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
  UnitLocationRecord,
  UnitThemeRow,
} from '../../registry/registryRecords';
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
import type { PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

/** Shorter text has no trigram: it is found through the windows' index instead. */
const TRIGRAM_LENGTH = 3;
const LIKE_ESCAPE = '\\';

const PERSON_LOCATION_FROM =
  'persons p JOIN households h ON h.id = p.household_id ' +
  'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id';
/** The windows' index expression of buildings, exactly as migration 0007 declares it. */
const BUILDING_GRAMS =
  '(registry_text_grams(name) || registry_text_grams(name_en) || registry_text_grams(address))';

function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => LIKE_ESCAPE + character)}%`;
}

async function rowsOf(db: PostgresPool, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await db.query<Row>(sql, params)).rows;
}

/** `column` contains the pattern `$n` as SQLite's LIKE decides: ASCII letters in any case. */
function likeAsSqlite(column: string, parameter: string): string {
  return `registry_ascii_lower(${column}) LIKE registry_ascii_lower(${parameter})`;
}

/**
 * Ids (ascending) of the persons inside the scopes whose name, or whose building's address,
 * name or English name, contains `text`. Parameters are appended to `params`.
 */
function textSearchSql(text: string, scopes: readonly string[], params: unknown[]): string {
  params.push(containsPattern(text));
  const pattern = `$${params.length}`;
  let personCandidates: string;
  let buildingCandidates: string;
  if ([...text].length >= TRIGRAM_LENGTH) {
    // ILIKE folds at least what LIKE folds: its trigram candidates are a superset.
    personCandidates = `SELECT id FROM persons WHERE name ILIKE ${pattern}`;
    buildingCandidates =
      `SELECT id FROM buildings WHERE name ILIKE ${pattern} OR name_en ILIKE ${pattern} ` +
      `OR address ILIKE ${pattern}`;
  } else {
    params.push(text);
    const gram = `ARRAY[registry_ascii_lower($${params.length})]`;
    personCandidates = `SELECT id FROM persons WHERE registry_text_grams(name) @> ${gram}`;
    buildingCandidates = `SELECT id FROM buildings WHERE ${BUILDING_GRAMS} @> ${gram}`;
  }
  const scope = postgresPrefixFilter('b.grid_code', scopes, params);
  return (
    `WITH candidates AS (${personCandidates} UNION ` +
    `SELECT p.id FROM (${buildingCandidates}) bc JOIN units u ON u.building_id = bc.id ` +
    'JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id) ' +
    `SELECT p.id FROM candidates c JOIN persons p ON p.id = c.id ` +
    'JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id ' +
    'JOIN buildings b ON b.id = u.building_id ' +
    `WHERE (${likeAsSqlite('p.name', pattern)} OR ${likeAsSqlite('b.address', pattern)} ` +
    `OR ${likeAsSqlite('b.name', pattern)} OR ${likeAsSqlite('b.name_en', pattern)}) ` +
    `AND ${scope} ORDER BY p.id`
  );
}

/** Ids (ascending) of the persons inside the scopes that `match` (a clause over `p`) selects. */
function personIdsWhere(match: string, scopes: readonly string[], params: unknown[]): string {
  const scope = postgresPrefixFilter('b.grid_code', scopes, params);
  return `SELECT p.id FROM ${PERSON_LOCATION_FROM} WHERE ${match} AND ${scope} ORDER BY p.id`;
}

function toPersonLocation(row: Row): PersonLocationRecord {
  return { ...toPersonRecord(row), unit: toUnitLocationRecord(row) };
}

export class PostgresRegistry implements RegistryRepository {
  constructor(
    private readonly pool: PostgresPool,
    /** The keyed index of whole identifiers (the same key as the rows were written with). */
    private readonly sealer: () => IdentifierSealer,
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
    const [row] = await rowsOf(
      this.pool,
      `SELECT ${BUILDING_COLUMNS} FROM buildings b WHERE b.id = $1`,
      [id],
    );
    return row === undefined ? null : toBuildingRecord(row);
  }

  async listUnitsOfBuilding(buildingId: number): Promise<UnitRecord[]> {
    return (
      await rowsOf(
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
    const [row] = await rowsOf(
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
    const rows = await rowsOf(
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
    const [row] = await rowsOf(
      this.pool,
      `SELECT ${PERSON_COLUMNS}, ${UNIT_LOCATION_COLUMNS} FROM ${PERSON_LOCATION_FROM} WHERE p.id = $1`,
      [id],
    );
    return row === undefined ? null : toPersonLocation(row);
  }

  async searchPersons(
    criteria: SearchCriteria,
    scopes: readonly string[],
    page: PageRequest,
  ): Promise<PageResult<PersonLocationRecord>> {
    const params: unknown[] = [];
    const ids = this.searchIdsSql(criteria, scopes, params);
    params.push(page.pageSize, (page.page - 1) * page.pageSize);
    // One statement, one snapshot, one round trip: the ids once (the total is their count) and
    // the page's rows; a page past the end is one row of the total alone.
    const rows = await rowsOf(
      this.pool,
      `WITH ids AS MATERIALIZED (${ids}) ` +
        'SELECT t.total, page.* FROM (SELECT count(*) AS total FROM ids) t LEFT JOIN LATERAL (' +
        `SELECT ${PERSON_COLUMNS}, ${UNIT_LOCATION_COLUMNS} FROM (SELECT id FROM ids ORDER BY id ` +
        `LIMIT $${params.length - 1} OFFSET $${params.length}) pi JOIN persons p ON p.id = pi.id ` +
        'JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id ' +
        'JOIN buildings b ON b.id = u.building_id) page ON true ORDER BY page.person_id',
      params,
    );
    return {
      items: rows.filter((row) => row.person_id !== null).map(toPersonLocation),
      total: Number(rows[0]!.total),
    };
  }

  private searchIdsSql(
    criteria: SearchCriteria,
    scopes: readonly string[],
    params: unknown[],
  ): string {
    switch (criteria.kind) {
      case 'tail':
        return personIdsWhere(postgresIdentifierTailMatch(criteria, params), scopes, params);
      case 'identifier':
        return personIdsWhere(
          postgresIdentifierExactMatch(criteria, this.sealer(), params),
          scopes,
          params,
        );
      case 'text':
        return textSearchSql(criteria.text, scopes, params);
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
