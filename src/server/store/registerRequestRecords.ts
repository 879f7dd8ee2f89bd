/**
 * What both engines' register request adapters share (docs/decisions/0025, 0040): the columns a
 * request is read from and stored as, the conversion of a row (either driver's) into a record, and
 * the fields an approved move-in writes. Identifiers a request carries are sealed with a masked
 * copy; the stored change keeps only the masked ones.
 */
import { createHmac } from 'node:crypto';
import type { HouseholdChange, TargetView } from '../../domain/register/householdChange';
import { checkIdNumber } from '../../domain/register/idNumberCheck';
import { maskIdentifier } from '../../domain/idNumber';
import { formatTags, parseTags, type Relation } from '../../domain/registry';
import type {
  NewRegisterRequest,
  PersonNow,
  RegisterRequestRecord,
  StoredChange,
} from '../registry/registerRequestRepository';
import type { PersonFields } from './personStore';
import type { IdentifierSealer } from './sealedIdentifiers';

type Row = Record<string, unknown>;

export const REGISTER_REQUEST_COLUMNS =
  'id, worker_id, client_id, household_id, unit_id, grid_code, kind, person_id, change, base_version, ' +
  'base_view, status, observed_at, submitted_at, reviewed_by, reviewed_at, review_reason, conflict';

/** The columns a new request is inserted as, in `newRequestValues`' order. */
export const NEW_REQUEST_COLUMNS =
  'worker_id, client_id, household_id, unit_id, grid_code, kind, person_id, change, phone_sealed, ' +
  'phone_masked, id_number_sealed, id_number_masked, base_version, base_view, status, observed_at, ' +
  'submitted_at';

/** The person's columns a review decides on (`personNowOf`). */
export const PERSON_NOW_COLUMNS =
  'id, household_id, name, phone_sealed, phone_masked, tags, relation';

/** What is stored of a change: identifiers leave for their sealed columns. */
function storedChangeOf(change: HouseholdChange): StoredChange {
  switch (change.kind) {
    case 'move_in':
      return {
        kind: 'move_in',
        name: change.name.trim(),
        idNumberMasked: maskIdentifier(change.idNumber),
        birthYear: change.idNumber.slice(6, 10),
        relation: change.relation,
        phoneMasked: change.phone === null ? null : maskIdentifier(change.phone),
        tags: change.tags,
      };
    case 'phone':
      return {
        kind: 'phone',
        personId: change.personId,
        phoneMasked: maskIdentifier(change.phone),
      };
    case 'visit':
      return { kind: 'visit', note: change.note.trim() };
    case 'rental':
      return {
        ...change,
        landlordName: change.landlordName.trim(),
        tenants: change.tenants.trim(),
      };
    default:
      return change;
  }
}

/** A new request's values in `NEW_REQUEST_COLUMNS`' order, its identifiers sealed. */
export function newRequestValues(request: NewRegisterRequest, sealer: IdentifierSealer): unknown[] {
  const { change } = request;
  const phone = 'phone' in change ? change.phone : null;
  const idNumber = change.kind === 'move_in' ? change.idNumber : null;
  return [
    request.workerId,
    request.clientId,
    request.householdId,
    request.unitId,
    request.gridCode,
    change.kind,
    'personId' in change ? change.personId : null,
    JSON.stringify(storedChangeOf(change)),
    phone === null ? null : sealer.seal('phone', phone),
    phone === null ? null : maskIdentifier(phone),
    idNumber === null ? null : sealer.seal('id_number', idNumber),
    idNumber === null ? null : maskIdentifier(idNumber),
    request.baseVersion,
    JSON.stringify(request.baseView),
    request.status,
    request.observedAt,
    request.submittedAt,
  ];
}

/** A row of `REGISTER_REQUEST_COLUMNS` (SQLite's or PostgreSQL's) as a record. */
export function registerRequestRecordOf(row: Row): RegisterRequestRecord {
  const text = (value: unknown) => (value === null ? null : String(value));
  return {
    id: Number(row.id),
    workerId: Number(row.worker_id),
    clientId: String(row.client_id),
    householdId: Number(row.household_id),
    unitId: Number(row.unit_id),
    gridCode: String(row.grid_code),
    kind: String(row.kind) as RegisterRequestRecord['kind'],
    personId: row.person_id === null ? null : Number(row.person_id),
    change: JSON.parse(String(row.change)) as StoredChange,
    baseVersion: String(row.base_version),
    baseView: JSON.parse(String(row.base_view)) as TargetView,
    status: String(row.status) as RegisterRequestRecord['status'],
    observedAt: String(row.observed_at),
    submittedAt: String(row.submitted_at),
    reviewedBy: text(row.reviewed_by),
    reviewedAt: text(row.reviewed_at),
    reviewReason: text(row.review_reason),
    conflict:
      row.conflict === null
        ? null
        : (JSON.parse(String(row.conflict)) as RegisterRequestRecord['conflict']),
  };
}

/**
 * The fields an approved move-in writes: the request's, sex and birth date from the ID number,
 * and what the register knows of a person already there (their details kept).
 */
export function movedInFields(
  change: Extract<StoredChange, { kind: 'move_in' }>,
  idNumber: string,
  phone: string | null,
  known: PersonFields | null,
): PersonFields {
  const facts = checkIdNumber(idNumber);
  if (typeof facts === 'string') throw new Error(`stored ID number no longer checks: ${facts}`);
  return {
    name: change.name,
    sex: facts.sex,
    birthDate: facts.birthDate,
    idNumber,
    phone,
    relation: change.relation,
    tags: formatTags(change.tags),
    category: known?.category ?? 'registered',
    ethnicity: known?.ethnicity ?? '',
    hukouAddress: known?.hukouAddress ?? '',
    otherTags: known?.otherTags ?? '',
    permitExpires: known?.permitExpires ?? null,
  };
}

/** A version text's keyed hash under the data key's version key (not guessable from outside). */
export function requestVersionOf(sealer: IdentifierSealer, text: string): string {
  return createHmac('sha256', sealer.versionKey()).update(text).digest('hex').slice(0, 32);
}

/** A row of `PERSON_NOW_COLUMNS` (either engine's driver), its phone opened. */
export function personNowOf(row: Row, sealer: IdentifierSealer): PersonNow {
  return {
    personId: Number(row.id),
    householdId: Number(row.household_id),
    name: String(row.name),
    phone: row.phone_sealed === null ? null : sealer.open('phone', row.phone_sealed as Uint8Array),
    phoneMasked: row.phone_masked === null ? null : String(row.phone_masked),
    tags: parseTags(String(row.tags)),
    relation: String(row.relation) as Relation,
  };
}
