/**
 * Change requests to a household made on a grid worker's phone (人地事物 collection): what each
 * kind carries, how it is checked, and how a conflict is found. Nothing here changes the
 * register: a reviewer approves a request and the server applies it (docs/decisions/0025).
 *
 * A request carries the state of its target as the phone saw it: an opaque version (a keyed
 * hash the server computed over the fields the change touches) and the masked view the worker
 * was shown. When the version the server computes at review differs, the target changed
 * meanwhile and the reviewer sees the two views side by side before approving.
 */
import { PERSON_TAGS, RELATIONS, type PersonTag, type Relation } from '../registry';
import { checkIdNumber, ID_PROBLEM_TEXT } from './idNumberCheck';
import { parsePhone } from './registerColumns';

export const CHANGE_KINDS = ['visit', 'move_in', 'move_out', 'phone', 'tags', 'rental'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const MAX_VISIT_NOTE_CHARS = 2000;
export const MAX_NAME_CHARS = 40;
export const MAX_TENANTS_CHARS = 200;

export type HouseholdChange =
  | { kind: 'visit'; note: string }
  | {
      kind: 'move_in';
      name: string;
      idNumber: string;
      relation: Relation;
      phone: string | null;
      tags: PersonTag[];
    }
  | { kind: 'move_out'; personId: number }
  | { kind: 'phone'; personId: number; phone: string }
  | { kind: 'tags'; personId: number; tags: PersonTag[] }
  | { kind: 'rental'; landlordName: string; tenants: string; startDate: string; endDate: string };

/** A visit log (民情日志) is a note, not a change of the register: it is recorded at once. */
export function needsReview(kind: ChangeKind): boolean {
  return kind !== 'visit';
}

/** What a change's version covers: one person's fields, the household's members and leases, nothing. */
export type ChangeTarget = 'person' | 'household' | 'none';

export function targetOf(kind: ChangeKind): ChangeTarget {
  if (kind === 'move_out' || kind === 'phone' || kind === 'tags') return 'person';
  if (kind === 'move_in' || kind === 'rental') return 'household';
  return 'none';
}

/** The masked fields a worker and a reviewer are shown of a target, field → text. */
export type TargetView = Record<string, string>;

/** The target's state as one side saw it. */
export interface TargetState {
  version: string;
  view: TargetView;
}

/** A person's fields a change may touch, with the full phone (only ever hashed). */
export interface PersonVersionInput {
  personId: number;
  householdId: number;
  name: string;
  phone: string | null;
  tags: readonly PersonTag[];
  relation: Relation;
}

/** The text a person's version is a keyed hash of; a person gone from the household is ''. */
export function personVersionText(person: PersonVersionInput | null): string {
  if (person === null) return 'person:gone';
  return [
    'person',
    person.personId,
    person.householdId,
    person.name,
    person.phone ?? '',
    [...person.tags].sort().join(','),
    person.relation,
  ].join('\u0001');
}

/** The text a household's version is a keyed hash of: who lives there and its unit's leases. */
export function householdVersionText(
  memberIds: readonly number[],
  leaseIds: readonly number[],
): string {
  const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b).join(',');
  return ['household', sorted(memberIds), sorted(leaseIds)].join('\u0001');
}

/** The two views of a target whose version changed since the phone saw it, or null. */
export function conflictOf(
  seen: TargetState,
  now: TargetState,
): { seen: TargetView; now: TargetView } | null {
  return seen.version === now.version ? null : { seen: seen.view, now: now.view };
}

export interface ChangeProblem {
  field: string;
  zh: string;
  en: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function nameProblem(field: string, value: string): ChangeProblem | null {
  const trimmed = value.trim();
  if (trimmed === '') return { field, zh: '姓名不能为空', en: 'the name is empty' };
  if (trimmed.length > MAX_NAME_CHARS)
    return {
      field,
      zh: `姓名超过${MAX_NAME_CHARS}个字`,
      en: `the name is over ${MAX_NAME_CHARS} characters`,
    };
  return null;
}

function phoneProblem(value: string): ChangeProblem | null {
  return parsePhone(value) === null
    ? {
        field: 'phone',
        zh: '联系电话不是有效的手机号或固定电话',
        en: 'the phone is not a valid mobile or landline number',
      }
    : null;
}

function tagsProblem(tags: readonly string[]): ChangeProblem | null {
  return tags.every((tag) => (PERSON_TAGS as readonly string[]).includes(tag))
    ? null
    : { field: 'tags', zh: '标签不在列表中', en: 'a tag is not one of the list' };
}

/**
 * Every problem of a change as the phone sent it (empty: it may be filed). The server checks
 * again against the register (the person lives in the household, the ID is not already there).
 */
export function checkChange(change: HouseholdChange, today: Date): ChangeProblem[] {
  const problems: (ChangeProblem | null)[] = [];
  switch (change.kind) {
    case 'visit':
      if (change.note.trim() === '')
        problems.push({ field: 'note', zh: '走访记录不能为空', en: 'the visit note is empty' });
      if (change.note.length > MAX_VISIT_NOTE_CHARS)
        problems.push({
          field: 'note',
          zh: `走访记录超过${MAX_VISIT_NOTE_CHARS}字`,
          en: `the visit note is over ${MAX_VISIT_NOTE_CHARS} characters`,
        });
      break;
    case 'move_in': {
      problems.push(nameProblem('name', change.name));
      const id = checkIdNumber(change.idNumber, today);
      if (typeof id === 'string') problems.push({ field: 'idNumber', ...ID_PROBLEM_TEXT[id] });
      if (!(RELATIONS as readonly string[]).includes(change.relation))
        problems.push({
          field: 'relation',
          zh: '与户主关系不在列表中',
          en: 'the relation is not one of the list',
        });
      if (change.phone !== null) problems.push(phoneProblem(change.phone));
      problems.push(tagsProblem(change.tags));
      break;
    }
    case 'move_out':
      break;
    case 'phone':
      problems.push(phoneProblem(change.phone));
      break;
    case 'tags':
      problems.push(tagsProblem(change.tags));
      break;
    case 'rental':
      problems.push(nameProblem('landlordName', change.landlordName));
      if (change.tenants.trim() === '' || change.tenants.length > MAX_TENANTS_CHARS)
        problems.push({
          field: 'tenants',
          zh: `承租人须填写，不超过${MAX_TENANTS_CHARS}字`,
          en: `the tenants are required, at most ${MAX_TENANTS_CHARS} characters`,
        });
      if (!isDate(change.startDate) || !isDate(change.endDate))
        problems.push({ field: 'startDate', zh: '租期日期无效', en: 'a lease date is not a date' });
      else if (change.endDate < change.startDate)
        problems.push({
          field: 'endDate',
          zh: '租期结束早于开始',
          en: 'the lease ends before it starts',
        });
      break;
  }
  return problems.filter((problem): problem is ChangeProblem => problem !== null);
}

/** The phone in the register's form (parsePhone), for a change that passed checkChange. */
export function normalisedPhone(phone: string): string {
  return parsePhone(phone) ?? phone;
}
