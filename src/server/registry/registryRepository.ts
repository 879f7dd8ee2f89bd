/**
 * What the registry use cases need from storage, asynchronous (docs/decisions/0040): adapters
 * on SQLite (store/sqliteRegistry.ts) and PostgreSQL (store/pg/postgresRegistry.ts), one contract
 * suite (registryRepository.contract.test.ts); use cases never see SQL. Nothing here writes. `scopes` arguments are grid-code prefixes:
 * implementations return only rows whose building lies inside one of them.
 */
import type { BuildingRecord, GridRecord, UnitRecord } from '../../domain/registry';
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
} from './registryRecords';

/** How a search string was understood (registry/searchResidents.ts decides). */
export type SearchCriteria =
  /** Four trailing characters of an ID number or phone. */
  | { kind: 'tail'; idTail: string | null; phoneTail: string | null }
  /** A whole ID number or mobile number, matched through its keyed index (never in clear). */
  | { kind: 'identifier'; idNumber: string | null; phone: string | null }
  /** Part of a name, an address or a building name. */
  | { kind: 'text'; text: string };

export interface RegistryRepository {
  readMeta(): Promise<Record<string, string>>;
  listGrids(): Promise<GridRecord[]>;
  findGrid(code: string): Promise<GridRecord | null>;
  /** Counts inside `code`'s subtree and the scopes. */
  countInGrid(code: string, scopes: readonly string[]): Promise<GridCounts>;
  listBuildingsInGrid(
    code: string,
    scopes: readonly string[],
    page: PageRequest,
  ): Promise<PageResult<BuildingRecord>>;
  findBuilding(id: number): Promise<BuildingRecord | null>;
  listUnitsOfBuilding(buildingId: number): Promise<UnitRecord[]>;
  /**
   * Resident rows of the building's units; null when the building is missing or lies outside
   * the scopes (an import may move it after the caller checked it).
   */
  listResidentTagsOfBuilding(
    buildingId: number,
    scopes: readonly string[],
  ): Promise<ResidentTagRow[] | null>;
  findUnit(id: number): Promise<UnitLocationRecord | null>;
  /**
   * Households of a unit with their members (the lookup bench:lookup measures), read at one
   * moment; null when the unit is missing or its building lies outside the scopes.
   */
  listHouseholdsOfUnit(
    unitId: number,
    scopes: readonly string[],
  ): Promise<HouseholdWithMembers[] | null>;
  findPerson(id: number): Promise<PersonLocationRecord | null>;
  /** One page (by person id) and the total counted up to the cap, read at one moment. */
  searchPersons(
    criteria: SearchCriteria,
    scopes: readonly string[],
    page: SearchPageRequest,
  ): Promise<SearchPageResult>;
  /** Per-unit figures of units inside `gridCode` (null: everywhere) and the scopes. */
  listUnitThemes(gridCode: string | null, scopes: readonly string[]): Promise<UnitThemeRow[]>;
  listBasemap(): Promise<BasemapRecord[]>;
}

/**
 * The same reads answered at once: the SQLite rows (store/sqliteRegistry.ts), for the domains
 * that are still synchronous (incidents, the emergency scenario, demo start-up and scripts) until
 * they are converted (docs/decisions/0040-postgresql.md), and for grids and base map read ahead.
 */
export type RegistryRows = {
  [K in keyof RegistryRepository]: RegistryRepository[K] extends (
    ...args: infer A
  ) => Promise<infer R>
    ? (...args: A) => R
    : never;
};
