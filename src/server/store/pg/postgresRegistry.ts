/**
 * The registry on PostgreSQL (docs/decisions/0040-postgresql.md), over the tables of migration
 * 0007 with SQLite's names, so the row conversions are registryRows.ts's. A method that reads
 * more than one thing is one statement (one snapshot), as one synchronous turn was on SQLite.
 * The person search's SQL, text search's plan included, is postgresPersonSearchSql.ts's.
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
import {
  postgresPersonSearchSql,
  TEXT_SEARCH_LIMITS,
  type TextSearchLimits,
} from './postgresPersonSearchSql';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

const PERSON_LOCATION_FROM =
  'persons p JOIN households h ON h.id = p.household_id ' +
  'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id';

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
    const search = postgresPersonSearchSql(criteria, scopes, params, this.sealer, this.limits);
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
