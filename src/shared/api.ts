/**
 * REST wire types shared by the server and the client. Identifier fields named `*Masked` always
 * hold the masked form (src/domain/idNumber.ts, maskIdentifier); full values only ever travel in
 * `RevealResponse`.
 */
import {
  UNIT_USES,
  type BuildingKind,
  type GridLevel,
  type HouseholdType,
  type LonLat,
  type PersonTag,
  type Relation,
  type UnitUse,
} from '../domain/registry';
import type { Wing } from '../domain/buildingLayout';

export const API_PREFIX = '/api';
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const SESSION_COOKIE = 'gcc_session';

export type Role = 'admin' | 'dispatcher' | 'viewer';

export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
  /** Grid-code prefixes this user may see. */
  scopes: string[];
  canReveal: boolean;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

/** What the client needs to start: where the tileset is, where the district is. */
export interface AppConfig {
  districtCode: string;
  districtName: string;
  districtNameEn: string;
  center: LonLat;
  /** Bounding box of the district: [west, south, east, north] degrees. */
  bbox: [number, number, number, number];
  tilesetUrl: string;
  /** True when the register holds generated demo data. */
  demoData: boolean;
}

export interface GridNode {
  code: string;
  parentCode: string | null;
  level: GridLevel;
  name: string;
  nameEn: string;
  center: LonLat;
  /** GeoJSON Polygon or MultiPolygon geometry. */
  polygon: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface GridSummary extends GridNode {
  buildingCount: number;
  unitCount: number;
  householdCount: number;
  residentCount: number;
}

export interface BuildingListItem {
  id: number;
  gridCode: string;
  name: string;
  nameEn: string;
  address: string;
  kind: BuildingKind;
  floors: number;
  unitsPerFloor: number;
  center: LonLat;
}

export interface UnitSummary {
  id: number;
  floor: number;
  unitNo: number;
  roomLabel: string;
  use: UnitUse;
  areaM2: number;
  householdCount: number;
  residentCount: number;
  /** Count of residents per tag in this unit. */
  tagCounts: Partial<Record<PersonTag, number>>;
}

export interface OccupancySummary {
  unitCount: number;
  occupiedUnitCount: number;
  vacantUnitCount: number;
  rentalUnitCount: number;
  commercialUnitCount: number;
  householdCount: number;
  residentCount: number;
  tagCounts: Partial<Record<PersonTag, number>>;
}

export interface BuildingDetail extends BuildingListItem {
  floorHeightM: number;
  builtYear: number;
  origin: LonLat;
  wings: Wing[];
  units: UnitSummary[];
  occupancy: OccupancySummary;
}

export interface PersonView {
  id: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  ageYears: number;
  idNumberMasked: string;
  phoneMasked: string | null;
  relation: Relation;
  tags: PersonTag[];
  synthetic: boolean;
}

/** A person with where they live (GET /api/persons/:id); identifiers masked like PersonView. */
export interface PersonDetail extends PersonView {
  householdId: number;
  unitId: number;
  roomLabel: string;
  buildingId: number;
  buildingName: string;
  address: string;
  gridCode: string;
  /** Where to fly: the building's centre. */
  center: LonLat;
}

export interface HouseholdView {
  id: number;
  type: HouseholdType;
  headPersonId: number | null;
  members: PersonView[];
}

export interface UnitDetail extends UnitSummary {
  buildingId: number;
  buildingName: string;
  buildingNameEn: string;
  gridCode: string;
  address: string;
  households: HouseholdView[];
}

export interface SearchHit {
  personId: number;
  name: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  unitId: number;
  roomLabel: string;
  buildingId: number;
  buildingName: string;
  address: string;
  gridCode: string;
  /** Where to fly: the building's centre. */
  center: LonLat;
}

export interface RevealRequest {
  reason: string;
}

export interface RevealResponse {
  personId: number;
  idNumber: string;
  phone: string | null;
  auditId: number;
}

/**
 * Per-unit figures for colouring the 3D view, as parallel columns (compact on the wire).
 * Only units inside the caller's scope are present.
 */
export interface UnitThemeColumns {
  unitIds: number[];
  residentCounts: number[];
  /** 1 when the unit is let (use rental or a rental/floating household lives there). */
  rentalFlags: number[];
  elderlyAloneCounts: number[];
  vacantFlags: number[];
  /** The unit's use as an index into UNIT_USE_CODES. */
  useCodes: number[];
}

/** Wire code of a unit's use in `UnitThemeColumns.useCodes`: the index in this list. */
export const UNIT_USE_CODES: readonly UnitUse[] = UNIT_USES;

export type BasemapKind = 'road' | 'block' | 'water' | 'green';
export interface BasemapProperties {
  kind: BasemapKind;
  class: string;
  name: string;
  nameEn: string;
  widthM: number;
}
export type BasemapCollection = GeoJSON.FeatureCollection<
  GeoJSON.LineString | GeoJSON.Polygon,
  BasemapProperties
>;

export interface AuditEntry {
  id: number;
  at: string;
  username: string;
  action: string;
  targetType: string;
  targetId: string;
  fields: string;
  reason: string;
}
