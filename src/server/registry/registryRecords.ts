/**
 * Plain records the registry repository hands to the use cases. Person records carry the full
 * identifiers; only personMapper turns them into wire views, masking them on the way out.
 */
import type {
  BuildingKind,
  GridLevel,
  HouseholdType,
  LonLat,
  Relation,
  UnitUse,
} from '../../domain/registry';
import type { Wing } from '../../domain/buildingLayout';

export interface GridRecord {
  code: string;
  parentCode: string | null;
  level: GridLevel;
  name: string;
  nameEn: string;
  center: LonLat;
  polygon: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface GridCounts {
  buildingCount: number;
  unitCount: number;
  householdCount: number;
  residentCount: number;
}

export interface BuildingRecord {
  id: number;
  gridCode: string;
  name: string;
  nameEn: string;
  address: string;
  kind: BuildingKind;
  floors: number;
  unitsPerFloor: number;
  floorHeightM: number;
  builtYear: number;
  origin: LonLat;
  wings: Wing[];
}

export interface UnitRecord {
  id: number;
  buildingId: number;
  floor: number;
  unitNo: number;
  roomLabel: string;
  use: UnitUse;
  areaM2: number;
}

/** A unit with the building facts a unit view needs (scope is checked on gridCode). */
export interface UnitLocationRecord extends UnitRecord {
  buildingName: string;
  buildingNameEn: string;
  gridCode: string;
  address: string;
  buildingCenter: LonLat;
}

export interface PersonRecord {
  id: number;
  householdId: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  /** Full value: never put on the wire except by the reveal use case. */
  idNumber: string;
  /** Full value: never put on the wire except by the reveal use case. */
  phone: string | null;
  relation: Relation;
  /** Stored comma-separated tag codes. */
  tags: string;
  synthetic: boolean;
}

export interface HouseholdRecord {
  id: number;
  unitId: number;
  type: HouseholdType;
  headPersonId: number | null;
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
  kind: 'road' | 'block' | 'water' | 'green';
  featureClass: string;
  name: string;
  nameEn: string;
  widthM: number;
  geometry: GeoJSON.LineString | GeoJSON.Polygon;
}
