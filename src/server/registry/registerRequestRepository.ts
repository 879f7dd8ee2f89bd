/**
 * Storage of the phone's change requests (docs/decisions/0025) by interface; the adapters are
 * src/server/store/registerRequestStore.ts (SQLite) and store/pg/postgresRegisterRequests.ts.
 * Identifiers a request carries are sealed by the adapter; what comes back holds only their masked
 * copies.
 */
import type {
  ChangeKind,
  HouseholdChange,
  TargetView,
} from '../../domain/register/householdChange';
import type { PersonTag, Relation } from '../../domain/registry';
import type { NewAuditRecord } from '../audit/auditRepository';

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

/** A review's outcome, decided by the use case on the request and the register as they are now. */
export interface ReviewDecision {
  /** Apply the change to the register (an approval). */
  apply: boolean;
  review: {
    status: 'approved' | 'rejected';
    by: string;
    at: string;
    reason: string | null;
    conflict: { seen: TargetView; now: TargetView } | null;
  };
  /** The audit row, given the person the change created, moved, changed or removed (if any). */
  audit(personId: number | null): NewAuditRecord;
}

/** What a review decides on: the request's target as the register holds it now. */
export interface ReviewTargets {
  /** The person the change names (wherever they live now), or null. */
  person: PersonNow | null;
  household: HouseholdNow | null;
}

/**
 * Storage of the requests, asynchronous (docs/decisions/0040): what was one synchronous
 * transaction with the audit row is one method (`submitOnce`, `review`).
 */
export interface RegisterRequestRepository {
  /**
   * Stores it unless (workerId, clientId) is there already, with the audit row `auditOf` makes
   * of a new one, in one transaction; returns the stored one either way.
   */
  submitOnce(
    request: NewRegisterRequest,
    auditOf: (stored: RegisterRequestRecord) => NewAuditRecord,
  ): Promise<{ record: RegisterRequestRecord; duplicate: boolean }>;
  find(id: number): Promise<RegisterRequestRecord | null>;
  list(filter: RequestFilter): Promise<RegisterRequestRecord[]>;
  person(personId: number): Promise<PersonNow | null>;
  household(householdId: number): Promise<HouseholdNow | null>;
  /** The keyed hash of a version text (the data key's index key: not guessable from outside). */
  versionOf(text: string): string;
  /**
   * In one transaction: reads the request and its targets, asks `decide` (which throws to
   * refuse: then nothing is written), applies the change if it says so, marks the request,
   * writes the audit row, and answers the request as stored; null when there is no such request.
   */
  review(
    id: number,
    decide: (found: RegisterRequestRecord, now: ReviewTargets) => ReviewDecision,
  ): Promise<RegisterRequestRecord | null>;
}

/** The synchronous SQLite rows the repository's SQLite adapter runs over. */
export interface RegisterRequestRows {
  insertOnce(request: NewRegisterRequest): { record: RegisterRequestRecord; duplicate: boolean };
  find(id: number): RegisterRequestRecord | null;
  list(filter: RequestFilter): RegisterRequestRecord[];
  person(personId: number): PersonNow | null;
  household(householdId: number): HouseholdNow | null;
  versionOf(text: string): string;
  /** Runs `work` in one write transaction (the register's change, the request and the audit row). */
  inTransaction<T>(work: () => T): T;
  /**
   * Applies an approved change to the register (call inside inTransaction); returns the person
   * it created, moved, changed or removed, if any.
   */
  applyChange(request: RegisterRequestRecord, at: string): number | null;
  markReviewed(id: number, review: ReviewDecision['review']): void;
}
