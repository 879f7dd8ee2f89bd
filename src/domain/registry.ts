/**
 * Plain data types of the population register (DESIGN.md §3), defined once: the store, the wire
 * types and the district generator build on these. No framework, no storage.
 */
import type { Wing } from './buildingLayout';

export interface LonLat {
  lon: number;
  lat: number;
}

export const GRID_LEVELS = { district: 1, street: 2, community: 3, grid: 4 } as const;
export type GridLevel = 1 | 2 | 3 | 4;

export const BUILDING_KINDS = ['slab', 'tower', 'l_shape', 'courtyard', 'commercial'] as const;
export type BuildingKind = (typeof BUILDING_KINDS)[number];

/**
 * A unit's use. The position in this list is its code: the byte per unit in the generator and
 * the index in the theme columns on the wire, so new uses go at the end.
 */
export const UNIT_USES = ['residential', 'rental', 'commercial', 'vacant'] as const;
export type UnitUse = (typeof UNIT_USES)[number];
/** Code of each use (its index in UNIT_USES). */
export const UNIT_USE_CODE = Object.fromEntries(UNIT_USES.map((use, code) => [use, code])) as {
  readonly [use in UnitUse]: number;
};

export const HOUSEHOLD_TYPES = ['registered', 'floating', 'rental'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

/** Tags a grid worker records on a person; stored as comma-separated codes. */
export const PERSON_TAGS = [
  'elderly_alone',
  'disabled',
  'key_care',
  'floating',
  'renter',
  // 低保: receives the minimum living allowance (最低生活保障).
  'low_income',
  // 卧床/失能: bedridden or unable to look after themselves (evacuation needs carrying).
  'bedridden',
] as const;
export type PersonTag = (typeof PERSON_TAGS)[number];

export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'sibling',
  'tenant',
  'other',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** What a base-map feature is: roads are lines, the rest polygons. */
export const BASEMAP_KINDS = ['road', 'block', 'water', 'green'] as const;
export type BasemapKind = (typeof BASEMAP_KINDS)[number];

/** A node of the four-level grid tree. */
export interface GridRecord {
  code: string;
  parentCode: string | null;
  level: GridLevel;
  name: string;
  nameEn: string;
  center: LonLat;
  polygon: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface BuildingRecord {
  id: number;
  /** The base grid the building stands in. */
  gridCode: string;
  name: string;
  nameEn: string;
  address: string;
  kind: BuildingKind;
  floors: number;
  unitsPerFloor: number;
  floorHeightM: number;
  builtYear: number;
  /** Where the wings' local metres are measured from. */
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

export interface HouseholdRecord {
  id: number;
  unitId: number;
  type: HouseholdType;
  headPersonId: number | null;
}

export interface PersonRecord {
  id: number;
  householdId: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  /**
   * The stored masked copy (last 4 characters visible). The full value is kept only sealed and
   * leaves the store only through the audited reveal.
   */
  idNumberMasked: string;
  /** The stored masked copy, as idNumberMasked. */
  phoneMasked: string | null;
  relation: Relation;
  /** Stored comma-separated tag codes (formatTags / parseTags). */
  tags: string;
  /** True for generated demo people (nobody real). */
  synthetic: boolean;
}

export function parseTags(stored: string): PersonTag[] {
  if (stored === '') return [];
  return stored
    .split(',')
    .filter((tag): tag is PersonTag => (PERSON_TAGS as readonly string[]).includes(tag));
}

export function formatTags(tags: readonly PersonTag[]): string {
  return [...new Set(tags)].sort().join(',');
}
