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
