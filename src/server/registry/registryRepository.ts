/**
 * What the registry use cases need from storage. The SQLite adapter implements it
 * (store/sqliteRegistry.ts); use cases never see SQL. `scopes` arguments are grid-code prefixes:
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
  readMeta(): Record<string, string>;
  listGrids(): GridRecord[];
  findGrid(code: string): GridRecord | null;
  /** Counts inside `code`'s subtree and the scopes. */
  countInGrid(code: string, scopes: readonly string[]): GridCounts;
  listBuildingsInGrid(
    code: string,
    scopes: readonly string[],
    page: PageRequest,
  ): PageResult<BuildingRecord>;
  findBuilding(id: number): BuildingRecord | null;
  listUnitsOfBuilding(buildingId: number): UnitRecord[];
  listResidentTagsOfBuilding(buildingId: number): ResidentTagRow[];
  findUnit(id: number): UnitLocationRecord | null;
  /** Households of a unit with their members (the lookup bench:lookup measures). */
  listHouseholdsOfUnit(unitId: number): HouseholdWithMembers[];
  findPerson(id: number): PersonLocationRecord | null;
  searchPersons(
    criteria: SearchCriteria,
    scopes: readonly string[],
    page: PageRequest,
  ): PageResult<PersonLocationRecord>;
  /** Per-unit figures of units inside `gridCode` (null: everywhere) and the scopes. */
  listUnitThemes(gridCode: string | null, scopes: readonly string[]): UnitThemeRow[];
  listBasemap(): BasemapRecord[];
}
