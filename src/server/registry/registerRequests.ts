/**
 * Household change requests from grid workers' phones and their review on the wall
 * (docs/decisions/0025). A phone files a visit log (recorded at once) or a change (pending);
 * nothing changes the register until a reviewer whose scope covers the household approves it,
 * and the approval applies the change, marks the request and writes the audit row in one
 * transaction. A resend with the same client id returns the first receipt and stores nothing.
 */
import { isInScope } from '../../domain/gridCode';
import {
  checkChange,
  conflictOf,
  householdVersionText,
  needsReview,
  normalisedPhone,
  personVersionText,
  targetOf,
  type HouseholdChange,
  type TargetState,
} from '../../domain/register/householdChange';
import { normaliseIdNumber } from '../../domain/register/idNumberCheck';
import { maskFreeText } from '../../domain/privacy/maskFreeText';
import type {
  RegisterChangeView,
  RegisterRequestReceipt,
  RegisterRequestSubmission,
  RegisterRequestView,
} from '../../shared/registerRequests';
import type { AuditAppendInTransaction } from '../audit/auditRepository';
import { workerUsername } from '../incidents/incidentActors';
import { maskWorkerName } from '../tracking/workerMapper';
import { LocalizedError, NotFoundError, requireVisible, type Caller } from './accessErrors';
import type {
  HouseholdNow,
  PersonNow,
  RegisterRequestRecord,
  RegisterRequestRepository,
  RequestStatus,
} from './registerRequestRepository';

export const REQUEST_LIST_LIMIT = 200;
const MAX_REASON_CHARS = 500;

export interface RegisterRequestDeps {
  requests: RegisterRequestRepository;
  /** Synchronous: each audit row is written in the change's own transaction. */
  audit: AuditAppendInTransaction;
  now: () => Date;
  /** The worker's name (for the reviewer), or null when the worker is gone. */
  workerName: (workerId: number) => string | null;
  /** Called after an approval changed the register (caches of unit figures). */
  onRegisterChanged: () => void;
}

export interface Reviewer extends Caller {
  canReveal: boolean;
}

export class RegisterRequestService {
  constructor(private readonly deps: RegisterRequestDeps) {}

  personState(person: PersonNow | null): TargetState {
    return {
      version: this.deps.requests.versionOf(personVersionText(person)),
      view:
        person === null
          ? {}
          : {
              name: person.name,
              phone: person.phoneMasked ?? '',
              tags: person.tags.join(','),
              relation: person.relation,
            },
    };
  }

  householdState(household: HouseholdNow): TargetState {
    return {
      version: this.deps.requests.versionOf(
        householdVersionText(
          household.members.map((member) => member.personId),
          household.leaseIds,
        ),
      ),
      view: {
        members: household.members.map((member) => member.name).join('、'),
        leases: String(household.leaseIds.length),
      },
    };
  }

  /** The household and member states the phone echoes back with a request. */
  statesOfHousehold(householdId: number): {
    state: TargetState;
    memberStates: Record<string, TargetState>;
  } | null {
    const household = this.deps.requests.household(householdId);
    if (household === null) return null;
    const memberStates: Record<string, TargetState> = {};
    for (const member of household.members) {
      memberStates[String(member.personId)] = this.personState(
        this.deps.requests.person(member.personId),
      );
    }
    return { state: this.householdState(household), memberStates };
  }

  /** The target's state as the register holds it now (a person gone from the household: gone). */
  private currentState(record: {
    kind: RegisterRequestRecord['kind'];
    householdId: number;
    personId: number | null;
  }): TargetState {
    const target = targetOf(record.kind);
    if (target === 'none') return { version: '', view: {} };
    if (target === 'person') {
      const person = this.deps.requests.person(record.personId ?? 0);
      return this.personState(person?.householdId === record.householdId ? person : null);
    }
    const household = this.deps.requests.household(record.householdId);
    return household === null ? { version: '', view: {} } : this.householdState(household);
  }

  submit(
    workerId: number,
    workerGrids: readonly string[],
    submission: RegisterRequestSubmission,
  ): RegisterRequestReceipt {
    const { requests, now } = this.deps;
    const household = requireVisible(
      requests.household(submission.householdId),
      (found) => isInScope(found.gridCode, workerGrids),
      'household',
    );
    const change = normalised(submission.change);
    const problems = checkChange(change, now());
    if (problems.length > 0) {
      throw new LocalizedError(400, {
        zh: problems.map((problem) => problem.zh).join('；'),
        en: problems.map((problem) => `${problem.field}: ${problem.en}`).join('; '),
      });
    }
    if ('personId' in change) {
      const person = requests.person(change.personId);
      // Gone since the phone saw them is a conflict for the reviewer; living elsewhere is not theirs.
      if (person !== null && person.householdId !== household.householdId)
        throw new NotFoundError('person');
    }
    const submittedAt = now().toISOString();
    const { record, duplicate } = requests.inTransaction(() => {
      const stored = requests.insertOnce({
        workerId,
        clientId: submission.clientId,
        householdId: household.householdId,
        unitId: household.unitId,
        gridCode: household.gridCode,
        change,
        baseVersion: submission.base.version,
        baseView: submission.base.view,
        status: needsReview(change.kind) ? 'pending' : 'recorded',
        observedAt: submission.observedAt,
        submittedAt,
      });
      if (!stored.duplicate) {
        this.deps.audit.recordAudit({
          at: submittedAt,
          username: workerUsername(workerId),
          action: change.kind === 'visit' ? 'record_visit' : 'submit_register_request',
          targetType: 'household',
          targetId: String(household.householdId),
          fields: `request ${stored.record.id}: ${change.kind}`,
          reason: '',
        });
      }
      return stored;
    });
    return { id: record.id, status: record.status, duplicate };
  }

  list(
    caller: Reviewer,
    filter: { statuses: readonly RequestStatus[]; unitId: number | null },
  ): RegisterRequestView[] {
    return this.deps.requests
      .list({
        scopes: caller.scopes,
        statuses: filter.statuses,
        unitId: filter.unitId,
        limit: REQUEST_LIST_LIMIT,
      })
      .map((record) => this.viewOf(record, caller));
  }

  approve(caller: Reviewer, id: number, acceptConflict: boolean): RegisterRequestView {
    const { requests, audit } = this.deps;
    const at = this.deps.now().toISOString();
    const record = requests.inTransaction(() => {
      const found = this.pendingInScope(caller, id);
      const conflict = conflictOf(
        { version: found.baseVersion, view: found.baseView },
        this.currentState(found),
      );
      if (conflict !== null && !acceptConflict) {
        throw new LocalizedError(409, {
          zh: '该户信息在采集后已变更，请核对冲突后再批准',
          en: 'the household changed since the phone saw it: look at the conflict, then approve again',
        });
      }
      if ('personId' in found.change) {
        const person = requests.person(found.change.personId);
        if (person === null || person.householdId !== found.householdId) {
          throw new LocalizedError(409, {
            zh: '此人已不在该户，无法应用，请驳回',
            en: 'this person no longer lives in the household: the change cannot be applied, reject it',
          });
        }
      }
      const personId = requests.applyChange(found, at);
      requests.markReviewed(id, {
        status: 'approved',
        by: caller.username,
        at,
        reason: null,
        conflict,
      });
      audit.recordAudit({
        at,
        username: caller.username,
        action: 'approve_register_request',
        targetType: 'household',
        targetId: String(found.householdId),
        fields: `request ${id}: ${found.kind}${personId === null ? '' : ` person ${personId}`}${conflict === null ? '' : ' (over a conflict)'}`,
        reason: '',
      });
      return requests.find(id)!;
    });
    this.deps.onRegisterChanged();
    return this.viewOf(record, caller);
  }

  reject(caller: Reviewer, id: number, reason: string): RegisterRequestView {
    const trimmed = reason.trim();
    if (trimmed === '' || trimmed.length > MAX_REASON_CHARS) {
      throw new LocalizedError(400, {
        zh: `驳回须说明理由（不超过${MAX_REASON_CHARS}字）`,
        en: `a rejection needs a reason (at most ${MAX_REASON_CHARS} characters)`,
      });
    }
    const { requests, audit } = this.deps;
    const at = this.deps.now().toISOString();
    const record = requests.inTransaction(() => {
      const found = this.pendingInScope(caller, id);
      requests.markReviewed(id, {
        status: 'rejected',
        by: caller.username,
        at,
        reason: trimmed,
        conflict: null,
      });
      audit.recordAudit({
        at,
        username: caller.username,
        action: 'reject_register_request',
        targetType: 'household',
        targetId: String(found.householdId),
        fields: `request ${id}: ${found.kind}`,
        reason: trimmed,
      });
      return requests.find(id)!;
    });
    return this.viewOf(record, caller);
  }

  private pendingInScope(caller: Caller, id: number): RegisterRequestRecord {
    const found = requireVisible(
      this.deps.requests.find(id),
      (record) => isInScope(record.gridCode, caller.scopes),
      'register request',
    );
    if (found.status !== 'pending') {
      throw new LocalizedError(409, {
        zh: '该申请已审核',
        en: `this request is already ${found.status}`,
      });
    }
    return found;
  }

  private viewOf(record: RegisterRequestRecord, caller: Reviewer): RegisterRequestView {
    const household = this.deps.requests.household(record.householdId);
    const name = this.deps.workerName(record.workerId) ?? '';
    return {
      id: record.id,
      status: record.status,
      householdId: record.householdId,
      unitId: record.unitId,
      gridCode: record.gridCode,
      address: household?.address ?? '',
      roomLabel: household?.roomLabel ?? '',
      workerName: caller.canReveal ? name : maskWorkerName(name),
      change: changeViewOf(record),
      observedAt: record.observedAt,
      submittedAt: record.submittedAt,
      reviewedBy: record.reviewedBy,
      reviewedAt: record.reviewedAt,
      reviewReason: record.reviewReason === null ? null : maskFreeText(record.reviewReason),
      conflict:
        record.status === 'pending'
          ? conflictOf(
              { version: record.baseVersion, view: record.baseView },
              this.currentState(record),
            )
          : record.conflict,
    };
  }
}

/** Trimmed names and the register's form of a phone, so that what is stored is what is checked. */
function normalised(change: HouseholdChange): HouseholdChange {
  if (change.kind === 'phone') return { ...change, phone: normalisedPhone(change.phone) };
  if (change.kind !== 'move_in') return change;
  return {
    ...change,
    name: change.name.trim(),
    idNumber: normaliseIdNumber(change.idNumber),
    phone:
      change.phone === null || change.phone.trim() === '' ? null : normalisedPhone(change.phone),
  };
}

function changeViewOf(record: RegisterRequestRecord): RegisterChangeView {
  const empty: RegisterChangeView = {
    kind: record.kind,
    personId: record.personId,
    note: null,
    name: null,
    idNumberMasked: null,
    phoneMasked: null,
    relation: null,
    tags: null,
    landlordName: null,
    tenants: null,
    startDate: null,
    endDate: null,
  };
  const { change } = record;
  switch (change.kind) {
    case 'visit':
      return { ...empty, note: maskFreeText(change.note) };
    case 'move_in':
      return {
        ...empty,
        name: change.name,
        idNumberMasked: change.idNumberMasked,
        phoneMasked: change.phoneMasked,
        relation: change.relation,
        tags: change.tags,
      };
    case 'phone':
      return { ...empty, phoneMasked: change.phoneMasked };
    case 'tags':
      return { ...empty, tags: change.tags };
    case 'rental':
      return {
        ...empty,
        landlordName: change.landlordName,
        tenants: change.tenants,
        startDate: change.startDate,
        endDate: change.endDate,
      };
    case 'move_out':
      return empty;
  }
}
