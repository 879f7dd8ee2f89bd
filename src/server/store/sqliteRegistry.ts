/**
 * The registry on SQLite. All registry SQL lives here and in sqliteRegistryQueries: the
 * synchronous rows (`SqliteRegistryStore`) and the asynchronous repository over them
 * (`sqliteRegistryRepository`), each method one synchronous turn as before.
 */
import type {
  RegistryRepository,
  RegistryRows,
  SearchCriteria,
} from '../registry/registryRepository';
import type { BuildingRecord, GridRecord, PersonRecord, UnitRecord } from '../../domain/registry';
import type {
  BasemapRecord,
  GridCounts,
  HouseholdWithMembers,
  PageRequest,
  PageResult,
  PersonLocationRecord,
  SearchPageRequest,
  SearchPageResult,
  ResidentTagRow,
  UnitLocationRecord,
  UnitThemeRow,
} from '../registry/registryRecords';
import type { SqliteDatabase } from './openDatabase';
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
} from './registryRows';
import { StatementCache } from './statementCache';
import { gridCountsSql, unitThemesSql } from './sqliteRegistryQueries';
import { searchPersonIds } from './sqlitePersonSearch';
import { identifierSealerFor } from './dataKeyFiles';
import { promisedMethods } from './promisedMethods';
import { prefixFilter, subtreeInScopeFilter } from './scopeSql';

type Row = Record<string, unknown>;

const PERSON_LOCATION_FROM =
  'persons p JOIN households h ON h.id = p.household_id ' +
  'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id';

/** The unit lookup (bench:lookup): households_unit, then persons_household. */
export const HOUSEHOLDS_OF_UNIT_SQL =
  'SELECT id, unit_id, type, head_person_id FROM households WHERE unit_id = ? ORDER BY id';
export const MEMBERS_OF_UNIT_SQL =
  `SELECT ${PERSON_COLUMNS} FROM households h JOIN persons p ON p.household_id = h.id ` +
  'WHERE h.unit_id = ? ORDER BY p.household_id, p.id';

/** The methods of the repository, all of them reads. */
const REGISTRY_METHODS = [
  'readMeta',
  'listGrids',
  'findGrid',
  'countInGrid',
  'listBuildingsInGrid',
  'findBuilding',
  'listUnitsOfBuilding',
  'listResidentTagsOfBuilding',
  'findUnit',
  'listHouseholdsOfUnit',
  'findPerson',
  'searchPersons',
  'listUnitThemes',
  'listBasemap',
] as const satisfies readonly (keyof RegistryRepository)[];

export class SqliteRegistryStore implements RegistryRows {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.statements.get(sql).all(...params) as Row[];
  }

  private one(sql: string, ...params: unknown[]): Row | undefined {
    return this.statements.get(sql).get(...params) as Row | undefined;
  }

  readMeta(): Record<string, string> {
    const rows = this.all('SELECT key, value FROM meta');
    return Object.fromEntries(rows.map((row) => [String(row.key), String(row.value)]));
  }

  listGrids(): GridRecord[] {
    return this.all(`SELECT ${GRID_COLUMNS} FROM grids g ORDER BY g.code`).map(toGridRecord);
  }

  findGrid(code: string): GridRecord | null {
    const row = this.one(`SELECT ${GRID_COLUMNS} FROM grids g WHERE g.code = ?`, code);
    return row === undefined ? null : toGridRecord(row);
  }

  countInGrid(code: string, scopes: readonly string[]): GridCounts {
    const { sql, params } = gridCountsSql(code, scopes);
    const row = this.one(sql, ...params)!;
    return {
      buildingCount: Number(row.building_count),
      unitCount: Number(row.unit_count),
      householdCount: Number(row.household_count),
      residentCount: Number(row.resident_count),
    };
  }

  listBuildingsInGrid(
    code: string,
    scopes: readonly string[],
    page: PageRequest,
  ): PageResult<BuildingRecord> {
    const filter = subtreeInScopeFilter('b.grid_code', code, scopes);
    const total = this.one(
      `SELECT COUNT(*) AS n FROM buildings b WHERE ${filter.sql}`,
      ...filter.params,
    )!;
    const rows = this.all(
      `SELECT ${BUILDING_COLUMNS} FROM buildings b WHERE ${filter.sql} ORDER BY b.id LIMIT ? OFFSET ?`,
      ...filter.params,
      page.pageSize,
      (page.page - 1) * page.pageSize,
    );
    return { items: rows.map(toBuildingRecord), total: Number(total.n) };
  }

  findBuilding(id: number): BuildingRecord | null {
    const row = this.one(`SELECT ${BUILDING_COLUMNS} FROM buildings b WHERE b.id = ?`, id);
    return row === undefined ? null : toBuildingRecord(row);
  }

  listUnitsOfBuilding(buildingId: number): UnitRecord[] {
    return this.all(
      `SELECT ${UNIT_COLUMNS} FROM units u WHERE u.building_id = ? ORDER BY u.floor, u.unit_no`,
      buildingId,
    ).map(toUnitRecord);
  }

  /** Whether the building exists and lies inside the scopes. */
  private buildingInScope(buildingId: number, scopes: readonly string[]): boolean {
    const scope = prefixFilter('b.grid_code', scopes);
    return (
      this.one(
        `SELECT 1 FROM buildings b WHERE b.id = ? AND ${scope.sql}`,
        buildingId,
        ...scope.params,
      ) !== undefined
    );
  }

  /** Whether the unit exists and its building lies inside the scopes. */
  private unitInScope(unitId: number, scopes: readonly string[]): boolean {
    const scope = prefixFilter('b.grid_code', scopes);
    return (
      this.one(
        `SELECT 1 FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = ? AND ${scope.sql}`,
        unitId,
        ...scope.params,
      ) !== undefined
    );
  }

  listResidentTagsOfBuilding(
    buildingId: number,
    scopes: readonly string[],
  ): ResidentTagRow[] | null {
    if (!this.buildingInScope(buildingId, scopes)) return null;
    return this.all(
      'SELECT u.id AS unit_id, h.id AS household_id, h.type, p.tags FROM units u ' +
        'JOIN households h ON h.unit_id = u.id LEFT JOIN persons p ON p.household_id = h.id ' +
        'WHERE u.building_id = ?',
      buildingId,
    ).map((row) => ({
      unitId: Number(row.unit_id),
      householdId: Number(row.household_id),
      householdType: String(row.type) as ResidentTagRow['householdType'],
      tags: row.tags === null ? null : String(row.tags),
    }));
  }

  findUnit(id: number): UnitLocationRecord | null {
    const row = this.one(
      `SELECT ${UNIT_LOCATION_COLUMNS} FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = ?`,
      id,
    );
    return row === undefined ? null : toUnitLocationRecord(row);
  }

  listHouseholdsOfUnit(unitId: number, scopes: readonly string[]): HouseholdWithMembers[] | null {
    if (!this.unitInScope(unitId, scopes)) return null;
    const households = this.all(HOUSEHOLDS_OF_UNIT_SQL, unitId);
    const members = this.all(MEMBERS_OF_UNIT_SQL, unitId).map(toPersonRecord);
    const membersByHousehold = new Map<number, PersonRecord[]>();
    for (const member of members) {
      const list = membersByHousehold.get(member.householdId) ?? [];
      list.push(member);
      membersByHousehold.set(member.householdId, list);
    }
    return households.map((row) => ({
      id: Number(row.id),
      unitId: Number(row.unit_id),
      type: String(row.type) as HouseholdWithMembers['type'],
      headPersonId: row.head_person_id === null ? null : Number(row.head_person_id),
      members: membersByHousehold.get(Number(row.id)) ?? [],
    }));
  }

  findPerson(id: number): PersonLocationRecord | null {
    const row = this.one(
      `SELECT ${PERSON_COLUMNS}, ${UNIT_LOCATION_COLUMNS} FROM ${PERSON_LOCATION_FROM} WHERE p.id = ?`,
      id,
    );
    return row === undefined ? null : { ...toPersonRecord(row), unit: toUnitLocationRecord(row) };
  }

  searchPersons(
    criteria: SearchCriteria,
    scopes: readonly string[],
    page: SearchPageRequest,
  ): SearchPageResult {
    const found = searchPersonIds(
      (sql, ...params) => this.all(sql, ...params),
      criteria,
      scopes,
      page,
      () => identifierSealerFor(this.db),
    );
    return {
      items: this.findPersonsByIds(found.pageIds),
      total: found.total,
      totalCapped: found.totalCapped,
    };
  }

  /** The persons with these ids, where they live, in ascending id order. */
  private findPersonsByIds(ids: readonly number[]): PersonLocationRecord[] {
    if (ids.length === 0) return [];
    const rows = this.all(
      `SELECT ${PERSON_COLUMNS}, ${UNIT_LOCATION_COLUMNS} FROM ${PERSON_LOCATION_FROM} ` +
        'WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id',
      JSON.stringify(ids),
    );
    return rows.map((row) => ({ ...toPersonRecord(row), unit: toUnitLocationRecord(row) }));
  }

  listUnitThemes(gridCode: string | null, scopes: readonly string[]): UnitThemeRow[] {
    const { sql, params } = unitThemesSql(gridCode, scopes);
    return this.all(sql, ...params).map((row) => ({
      unitId: Number(row.unit_id),
      gridCode: String(row.grid_code),
      residentCount: Number(row.resident_count),
      rental: Number(row.rental) === 1,
      elderlyAloneCount: Number(row.elderly_alone_count),
      vacant: Number(row.vacant) === 1,
      use: String(row.use) as UnitThemeRow['use'],
    }));
  }

  listBasemap(): BasemapRecord[] {
    return this.all(`SELECT ${BASEMAP_COLUMNS} FROM basemap_features ORDER BY id`).map(
      toBasemapRecord,
    );
  }
}

/** The asynchronous repository over the rows: each method runs to its end in one turn. */
export function sqliteRegistryRepository(db: SqliteDatabase): RegistryRepository {
  return promisedMethods(new SqliteRegistryStore(db), REGISTRY_METHODS);
}
