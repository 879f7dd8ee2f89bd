/**
 * Wire types of the phone's household change requests and their review on the wall
 * (docs/decisions/0025). Identifiers travel to the server once, from the phone; every answer
 * carries them masked.
 */
import type {
  ChangeKind,
  HouseholdChange,
  TargetState,
  TargetView,
} from '../domain/register/householdChange';
import type { PersonTag, Relation } from '../domain/registry';
import type { HouseholdView } from './api';

export type { ChangeKind, HouseholdChange, TargetState, TargetView };

export const DEVICE_BUILDINGS_API_PATH = '/api/device/buildings';
export const DEVICE_UNITS_API_PATH = '/api/device/units';
export const DEVICE_REGISTER_REQUESTS_API_PATH = '/api/device/register-requests';
export const REGISTER_REQUESTS_API_PATH = '/api/register-requests';

/** A building of the worker's own grids, for the phone's picker. */
export interface DeviceBuilding {
  id: number;
  name: string;
  address: string;
  gridCode: string;
}

export interface DeviceUnitItem {
  id: number;
  floor: number;
  roomLabel: string;
}

/** A household as the phone shows it (masked like the wall), with the states a request echoes. */
export interface DeviceHousehold extends HouseholdView {
  state: TargetState;
  /** Per member id. */
  memberStates: Record<string, TargetState>;
}

export interface DeviceUnit {
  id: number;
  roomLabel: string;
  address: string;
  households: DeviceHousehold[];
}

export interface RegisterRequestSubmission {
  /** The phone's outbox id: a resend with the same id is the same request. */
  clientId: string;
  householdId: number;
  /** When the worker made it (phone clock). */
  observedAt: string;
  /** The target as the phone saw it. */
  base: TargetState;
  change: HouseholdChange;
}

export type RegisterRequestStatus = 'recorded' | 'pending' | 'approved' | 'rejected';

export interface RegisterRequestReceipt {
  id: number;
  status: RegisterRequestStatus;
  /** True when this client id had been received before (nothing stored twice). */
  duplicate: boolean;
}

/** The change as a reviewer sees it: identifiers masked, no birth date. */
export interface RegisterChangeView {
  kind: ChangeKind;
  personId: number | null;
  note: string | null;
  name: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  relation: Relation | null;
  tags: PersonTag[] | null;
  landlordName: string | null;
  tenants: string | null;
  startDate: string | null;
  endDate: string | null;
}

export interface RegisterRequestView {
  id: number;
  status: RegisterRequestStatus;
  householdId: number;
  unitId: number;
  gridCode: string;
  address: string;
  roomLabel: string;
  workerName: string;
  change: RegisterChangeView;
  observedAt: string;
  submittedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  /** Pending: the conflict now, if any; reviewed: the one approved over, if any. */
  conflict: { seen: TargetView; now: TargetView } | null;
}

export interface RegisterRequestList {
  items: RegisterRequestView[];
}
