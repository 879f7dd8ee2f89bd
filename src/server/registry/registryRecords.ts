/**
 * Records the registry repository hands to the use cases beyond the register's own (grid,
 * building, unit, household, person: domain/registry). Person records carry the full
 * identifiers; only personMapper turns them into wire views, masking them on the way out.
 */
import type {
  BasemapKind,
  HouseholdRecord,
  HouseholdType,
  LonLat,
  PersonRecord,
  UnitRecord,
  UnitUse,
} from '../../domain/registry';

export interface GridCounts {
  buildingCount: number;
  unitCount: number;
  householdCount: number;
  residentCount: number;
}

/** A unit with the building facts a unit view needs (scope is checked on gridCode). */
export interface UnitLocationRecord extends UnitRecord {
  buildingName: string;
  buildingNameEn: string;
  gridCode: string;
  address: string;
  buildingCenter: LonLat;
}

export interface HouseholdWithMembers extends HouseholdRecord {
  members: PersonRecord[];
}

/** Residents of one unit as (unit, household type, tags) rows, for per-unit counts. */
export interface ResidentTagRow {
  unitId: number;
  householdId: number;
  householdType: HouseholdType;
  /** Tags of one member; null for a household row without members. */
  tags: string | null;
}

/** A person together with where they live, for the person view and search hits. */
export interface PersonLocationRecord extends PersonRecord {
  unit: UnitLocationRecord;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}

/**
 * A search counts its matches up to this many: a query as broad as one common surname matches
 * hundreds of thousands in a city, and counting them all cost seconds (decision 0040).
 */
export const SEARCH_TOTAL_CAP = 1_000;

export interface SearchPageRequest extends PageRequest {
  /** Count at most this many matches (default SEARCH_TOTAL_CAP); the page itself is exact. */
  totalCap?: number;
}

/** A page of search hits; `total` is the cap when `totalCapped` (there are more). */
export interface SearchPageResult extends PageResult<PersonLocationRecord> {
  totalCapped: boolean;
}

export interface UnitThemeRow {
  unitId: number;
  /** Base grid of the unit's building (for scope filtering of cached rows). */
  gridCode: string;
  residentCount: number;
  rental: boolean;
  elderlyAloneCount: number;
  vacant: boolean;
  use: UnitUse;
}

export interface BasemapRecord {
  id: number;
  kind: BasemapKind;
  featureClass: string;
  name: string;
  nameEn: string;
  widthM: number;
  geometry: GeoJSON.LineString | GeoJSON.Polygon;
}
