/**
 * Storage of the phone's change requests (docs/decisions/0025) by interface; the SQLite adapter is
 * src/server/store/registerRequestStore.ts. Identifiers a request carries are sealed by the
 * adapter; what comes back holds only their masked copies.
 */
import type {
  ChangeKind,
  HouseholdChange,
  TargetView,
} from '../../domain/register/householdChange';
import type { PersonTag, Relation } from '../../domain/registry';

export type RequestStatus = 'recorded' | 'pending' | 'approved' | 'rejected';

export interface NewRegisterRequest {
  workerId: number;
  clientId: string;
  householdId: number;
  unitId: number;
  gridCode: string;
  change: HouseholdChange;
  baseVersion: string;
  baseView: TargetView;
  status: 'recorded' | 'pending';
  observedAt: string;
  submittedAt: string;
}

/** A change as stored: identifiers only masked. */
export type StoredChange =
  | { kind: 'visit'; note: string }
  | {
      kind: 'move_in';
      name: string;
      idNumberMasked: string;
      birthYear: string;
      relation: Relation;
      phoneMasked: string | null;
      tags: PersonTag[];
    }
  | { kind: 'move_out'; personId: number }
  | { kind: 'phone'; personId: number; phoneMasked: string }
  | { kind: 'tags'; personId: number; tags: PersonTag[] }
  | { kind: 'rental'; landlordName: string; tenants: string; startDate: string; endDate: string };

export interface RegisterRequestRecord {
  id: number;
  workerId: number;
  clientId: string;
  householdId: number;
  unitId: number;
  gridCode: string;
  kind: ChangeKind;
  personId: number | null;
  change: StoredChange;
  baseVersion: string;
  baseView: TargetView;
  status: RequestStatus;
  observedAt: string;
  submittedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  conflict: { seen: TargetView; now: TargetView } | null;
}

/** A person's fields a change touches, as the register holds them now. */
export interface PersonNow {
  personId: number;
  householdId: number;
  name: string;
  /** Full, only to compute the version; never leaves the use case. */
  phone: string | null;
  phoneMasked: string | null;
  tags: PersonTag[];
  relation: Relation;
}

export interface HouseholdNow {
  householdId: number;
  unitId: number;
  gridCode: string;
  address: string;
  roomLabel: string;
  members: { personId: number; name: string }[];
  leaseIds: number[];
}

export interface RequestFilter {
  scopes: readonly string[];
  statuses: readonly RequestStatus[];
  unitId: number | null;
  limit: number;
}

export interface RegisterRequestRepository {
  /** Stores it unless (workerId, clientId) is there already; returns the stored one either way. */
  insertOnce(request: NewRegisterRequest): { record: RegisterRequestRecord; duplicate: boolean };
  find(id: number): RegisterRequestRecord | null;
  list(filter: RequestFilter): RegisterRequestRecord[];
  person(personId: number): PersonNow | null;
  household(householdId: number): HouseholdNow | null;
  /** The keyed hash of a version text (the data key's index key: not guessable from outside). */
  versionOf(text: string): string;
  /** Runs `work` in one write transaction (the register's change, the request and the audit row). */
  inTransaction<T>(work: () => T): T;
  /**
   * Applies an approved change to the register (call inside inTransaction); returns the person
   * it created, moved, changed or removed, if any.
   */
  applyChange(request: RegisterRequestRecord, at: string): number | null;
  markReviewed(
    id: number,
    review: {
      status: 'approved' | 'rejected';
      by: string;
      at: string;
      reason: string | null;
      conflict: { seen: TargetView; now: TargetView } | null;
    },
  ): void;
}
