/**
 * Household change requests from grid workers' phones and their review on the wall
 * (docs/decisions/0025). A phone files a visit log (recorded at once) or a change (pending);
 * nothing changes the register until a reviewer whose scope covers the household approves it,
 * and the approval applies the change, marks the request and writes the audit row in one
 * transaction (one repository method: the checks run inside it, on the register as it is then).
 * A resend with the same client id returns the first receipt and stores nothing.
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
import { workerUsername } from '../incidents/incidentActors';
import { maskWorkerName } from '../tracking/workerMapper';
import { LocalizedError, NotFoundError, requireVisible, type Caller } from './accessErrors';
import type {
  HouseholdNow,
  PersonNow,
  RegisterRequestRecord,
  RegisterRequestRepository,
  RequestStatus,
  ReviewDecision,
  ReviewTargets,
} from './registerRequestRepository';

export const REQUEST_LIST_LIMIT = 200;
const MAX_REASON_CHARS = 500;

export interface RegisterRequestDeps {
  requests: RegisterRequestRepository;
  now: () => Date;
  /** The worker's name (for the reviewer), or null when the worker is gone. */
  workerName: (workerId: number) => Promise<string | null>;
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

  /**
   * The household and member states the phone echoes back with a request. Read one after
   * another: a member changed in between shows as a conflict at review, which compares versions.
   */
  async statesOfHousehold(householdId: number): Promise<{
    state: TargetState;
    memberStates: Record<string, TargetState>;
  } | null> {
    const household = await this.deps.requests.household(householdId);
    if (household === null) return null;
    const members = await Promise.all(
      household.members.map((member) => this.deps.requests.person(member.personId)),
    );
    const memberStates: Record<string, TargetState> = {};
    household.members.forEach((member, index) => {
      memberStates[String(member.personId)] = this.personState(members[index] ?? null);
    });
    return { state: this.householdState(household), memberStates };
  }

  /** The target's state in `now` (a person gone from the household: gone). */
  private stateIn(
    record: { kind: RegisterRequestRecord['kind']; householdId: number },
    now: ReviewTargets,
  ): TargetState {
    const target = targetOf(record.kind);
    if (target === 'none') return { version: '', view: {} };
    if (target === 'person') {
      const { person } = now;
      return this.personState(person?.householdId === record.householdId ? person : null);
    }
    return now.household === null ? { version: '', view: {} } : this.householdState(now.household);
  }

  /** The request's targets as the register holds them now. */
  private async targetsOf(record: RegisterRequestRecord): Promise<ReviewTargets> {
    const [person, household] = await Promise.all([
      record.personId === null ? null : this.deps.requests.person(record.personId),
      this.deps.requests.household(record.householdId),
    ]);
    return { person, household };
  }

  /**
   * Files a request. The household's scope and the person's household are checked before the
   * insert, not with it: what changes in between is the reviewer's to see (the approval checks
   * the person and the versions again inside its transaction).
   */
  async submit(
    workerId: number,
    workerGrids: readonly string[],
    submission: RegisterRequestSubmission,
  ): Promise<RegisterRequestReceipt> {
    const { requests, now } = this.deps;
    const household = requireVisible(
      await requests.household(submission.householdId),
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
      const person = await requests.person(change.personId);
      // Gone since the phone saw them is a conflict for the reviewer; living elsewhere is not theirs.
      if (person !== null && person.householdId !== household.householdId)
        throw new NotFoundError('person');
    }
    const submittedAt = now().toISOString();
    const { record, duplicate } = await requests.submitOnce(
      {
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
      },
      (stored) => ({
        at: submittedAt,
        username: workerUsername(workerId),
        action: change.kind === 'visit' ? 'record_visit' : 'submit_register_request',
        targetType: 'household',
        targetId: String(household.householdId),
        fields: `request ${stored.id}: ${change.kind}`,
        reason: '',
      }),
    );
    return { id: record.id, status: record.status, duplicate };
  }

  async list(
    caller: Reviewer,
    filter: { statuses: readonly RequestStatus[]; unitId: number | null },
  ): Promise<RegisterRequestView[]> {
    const records = await this.deps.requests.list({
      scopes: caller.scopes,
      statuses: filter.statuses,
      unitId: filter.unitId,
      limit: REQUEST_LIST_LIMIT,
    });
    return Promise.all(records.map((record) => this.viewOf(record, caller)));
  }

  async approve(
    caller: Reviewer,
    id: number,
    acceptConflict: boolean,
  ): Promise<RegisterRequestView> {
    const at = this.deps.now().toISOString();
    const record = await this.review(id, (found, now): ReviewDecision => {
      this.requirePendingInScope(caller, found);
      const conflict = conflictOf(
        { version: found.baseVersion, view: found.baseView },
        this.stateIn(found, now),
      );
      if (conflict !== null && !acceptConflict) {
        throw new LocalizedError(409, {
          zh: '该户信息在采集后已变更，请核对冲突后再批准',
          en: 'the household changed since the phone saw it: look at the conflict, then approve again',
        });
      }
      if ('personId' in found.change) {
        const { person } = now;
        if (person === null || person.householdId !== found.householdId) {
          throw new LocalizedError(409, {
            zh: '此人已不在该户，无法应用，请驳回',
            en: 'this person no longer lives in the household: the change cannot be applied, reject it',
          });
        }
      }
      return {
        apply: true,
        review: { status: 'approved', by: caller.username, at, reason: null, conflict },
        audit: (personId) => ({
          at,
          username: caller.username,
          action: 'approve_register_request',
          targetType: 'household',
          targetId: String(found.householdId),
          fields: `request ${id}: ${found.kind}${personId === null ? '' : ` person ${personId}`}${conflict === null ? '' : ' (over a conflict)'}`,
          reason: '',
        }),
      };
    });
    this.deps.onRegisterChanged();
    return this.viewOf(record, caller);
  }

  async reject(caller: Reviewer, id: number, reason: string): Promise<RegisterRequestView> {
    const trimmed = reason.trim();
    if (trimmed === '' || trimmed.length > MAX_REASON_CHARS) {
      throw new LocalizedError(400, {
        zh: `驳回须说明理由（不超过${MAX_REASON_CHARS}字）`,
        en: `a rejection needs a reason (at most ${MAX_REASON_CHARS} characters)`,
      });
    }
    const at = this.deps.now().toISOString();
    const record = await this.review(id, (found): ReviewDecision => {
      this.requirePendingInScope(caller, found);
      return {
        apply: false,
        review: { status: 'rejected', by: caller.username, at, reason: trimmed, conflict: null },
        audit: () => ({
          at,
          username: caller.username,
          action: 'reject_register_request',
          targetType: 'household',
          targetId: String(found.householdId),
          fields: `request ${id}: ${found.kind}`,
          reason: trimmed,
        }),
      };
    });
    return this.viewOf(record, caller);
  }

  /** One transaction: the request read, `decide`d on and written; a missing one is not found. */
  private async review(
    id: number,
    decide: (found: RegisterRequestRecord, now: ReviewTargets) => ReviewDecision,
  ): Promise<RegisterRequestRecord> {
    const record = await this.deps.requests.review(id, decide);
    if (record === null) throw new NotFoundError('register request');
    return record;
  }

  private requirePendingInScope(caller: Caller, found: RegisterRequestRecord): void {
    requireVisible(
      found,
      (record) => isInScope(record.gridCode, caller.scopes),
      'register request',
    );
    if (found.status !== 'pending') {
      throw new LocalizedError(409, {
        zh: '该申请已审核',
        en: `this request is already ${found.status}`,
      });
    }
  }

  private async viewOf(
    record: RegisterRequestRecord,
    caller: Reviewer,
  ): Promise<RegisterRequestView> {
    const now = await this.targetsOf(record);
    const { household } = now;
    const name = (await this.deps.workerName(record.workerId)) ?? '';
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
              this.stateIn(record, now),
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
