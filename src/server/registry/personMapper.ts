/**
 * The one place where person records become wire views. Identifiers leave only as
 * `idNumberMasked` / `phoneMasked`, through maskIdentifier (docs/decisions/0002-masking.md);
 * full values are never copied into a view.
 */
import { maskIdentifier } from '../../domain/idNumber';
import { parseTags } from '../../domain/registry';
import type { HouseholdView, PersonView, SearchHit } from '../../shared/api';
import type { HouseholdRecord, PersonLocationRecord, PersonRecord } from './registryRecords';

const BIRTH_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})/;

/** Completed years between an ISO birth date and `today`. */
export function ageInYears(birthDate: string, today: Date): number {
  const match = BIRTH_DATE_PATTERN.exec(birthDate);
  if (match === null) return 0;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  let years = today.getUTCFullYear() - Number(year);
  const monthNow = today.getUTCMonth() + 1;
  if (
    monthNow < Number(month) ||
    (monthNow === Number(month) && today.getUTCDate() < Number(day))
  ) {
    years -= 1;
  }
  return Math.max(0, years);
}

export function toPersonView(person: PersonRecord, today: Date): PersonView {
  return {
    id: person.id,
    name: person.name,
    sex: person.sex,
    birthDate: person.birthDate,
    ageYears: ageInYears(person.birthDate, today),
    idNumberMasked: maskIdentifier(person.idNumber),
    phoneMasked: person.phone === null ? null : maskIdentifier(person.phone),
    relation: person.relation,
    tags: parseTags(person.tags),
    synthetic: person.synthetic,
  };
}

export function toHouseholdView(household: HouseholdRecord, today: Date): HouseholdView {
  return {
    id: household.id,
    type: household.type,
    headPersonId: household.headPersonId,
    members: household.members.map((member) => toPersonView(member, today)),
  };
}

export function toSearchHit(person: PersonLocationRecord): SearchHit {
  return {
    personId: person.id,
    name: person.name,
    idNumberMasked: maskIdentifier(person.idNumber),
    phoneMasked: person.phone === null ? null : maskIdentifier(person.phone),
    unitId: person.unit.id,
    roomLabel: person.unit.roomLabel,
    buildingId: person.unit.buildingId,
    buildingName: person.unit.buildingName,
    address: person.unit.address,
    gridCode: person.unit.gridCode,
    center: person.unit.buildingCenter,
  };
}
