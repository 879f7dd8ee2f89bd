/**
 * REST wire types shared by the server and the client. Identifier fields named `*Masked` always
 * hold the masked form (src/domain/idNumber.ts, maskIdentifier); full values only ever travel in
 * `RevealResponse`.
 */
import type {
  BasemapKind,
  BuildingRecord,
  GridRecord,
  HouseholdType,
  LonLat,
  PersonTag,
  Relation,
  UnitRecord,
} from '../domain/registry';

export const API_PREFIX = '/api';
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const SESSION_COOKIE = 'gcc_session';

/** Every role a user may hold; what each may do is the permission table on the server. */
export const ROLES = [
  'leader',
  'dispatcher',
  'grid_worker',
  'department_handler',
  'viewer',
  'auditor',
  'admin',
  'hotline_operator',
] as const;
export type Role = (typeof ROLES)[number];

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
  /** The permissions of the user's role (src/server/auth/roles.ts), for the UI to hide what it may not do. */
  permissions: Permission[];
  /** True after a reset: every route but the password change answers 403 until it is changed. */
  mustChangePassword: boolean;
}

export const PERMISSIONS = [
  'registry.read',
  'identifiers.reveal',
  'incidents.read',
  'incidents.report',
  'incidents.dispatch',
  'incidents.handle',
  'incidents.evaluate',
  'register.review',
  'tracking.read',
  'devices.manage',
  'users.manage',
  'audit.read',
  'hotline.take',
  'emergency.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

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

/** A grid as the register holds it. */
export type GridNode = GridRecord;

export interface GridSummary extends GridNode {
  buildingCount: number;
  unitCount: number;
  householdCount: number;
  residentCount: number;
}

export interface BuildingListItem extends Pick<
  BuildingRecord,
  'id' | 'gridCode' | 'name' | 'nameEn' | 'address' | 'kind' | 'floors' | 'unitsPerFloor'
> {
  center: LonLat;
}

export interface UnitSummary extends Omit<UnitRecord, 'buildingId'> {
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

export interface BuildingDetail
  extends
    BuildingListItem,
    Pick<BuildingRecord, 'floorHeightM' | 'builtYear' | 'origin' | 'wings'> {
  units: UnitSummary[];
  occupancy: OccupancySummary;
}

export interface PersonView {
  id: number;
  name: string;
  sex: 'M' | 'F';
  /**
   * Age reached in the district's current year (year minus birth year). Views never carry the
   * birth date: beside the ID tail it rebuilds the ID number (docs/decisions/0012).
   */
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

/**
 * GET /api/search: matches are counted up to a cap (1,000); `totalCapped` says there are more
 * than `total`, shown as "1,000+". Any page is still exact.
 */
export interface SearchPage extends Page<SearchHit> {
  totalCapped: boolean;
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
  /** The unit's use as its code (index into domain UNIT_USES). */
  useCodes: number[];
}

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

/** A user as the admin screens see it (never the password hash). */
export interface ManagedUser {
  username: string;
  displayName: string;
  role: Role;
  scopes: string[];
  department: string | null;
  /** The grid worker (workers.id) a grid_worker account's phone pairs as; null: none. */
  workerId: number | null;
  disabled: boolean;
  mustChangePassword: boolean;
  demo: boolean;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  role: Role;
  scopes: string[];
  department?: string | null;
  /** The first password; the user must change it at first login. */
  password: string;
}

export interface UpdateUserRequest {
  displayName?: string;
  role?: Role;
  scopes?: string[];
  department?: string | null;
  /** Links a grid_worker account to a worker of its scope (null: unlinks). */
  workerId?: number | null;
  disabled?: boolean;
}

export interface UserSessionView {
  /** First 12 hex characters of the token's sha256: enough to name it, useless to log in. */
  id: string;
  createdAt: string;
  expiresAt: string;
}

export interface Department {
  code: string;
  name: string;
  nameEn: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** Filters of the audit log (all optional, combined with AND). */
export interface AuditQuery {
  username?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** ISO instants, inclusive from, exclusive to. */
  from?: string;
  to?: string;
}
