/**
 * The one place where person records become wire views. Identifiers leave only as
 * `idNumberMasked` / `phoneMasked`, through maskIdentifier (docs/decisions/0002-masking.md);
 * full values are never copied into a view.
 */
import { districtYearOf } from '../../domain/districtTime';
import { maskIdentifier } from '../../domain/idNumber';
import { parseTags, type PersonRecord } from '../../domain/registry';
import type { HouseholdView, PersonView, SearchHit } from '../../shared/api';
import type { HouseholdWithMembers, PersonLocationRecord } from './registryRecords';

const BIRTH_YEAR_PATTERN = /^(\d{4})-\d{2}-\d{2}/;

/**
 * The age a person reaches in the district's current calendar year: a function of the birth year
 * only. A full birth date beside the ID tail rebuilds the ID number, and completed years would
 * give the birth day away to anyone who watches the figure change from one day to the next; the
 * year figure changes for everyone at once, on the district's New Year.
 */
export function ageInYears(birthDate: string, today: Date): number {
  const match = BIRTH_YEAR_PATTERN.exec(birthDate);
  return match === null ? 0 : ageFromBirthYear(Number(match[1]), today);
}

/** The same age from the birth year alone (aggregates group by year, never by date). */
export function ageFromBirthYear(birthYear: number, today: Date): number {
  return Math.max(0, districtYearOf(today.getTime()) - birthYear);
}

export function toPersonView(person: PersonRecord, today: Date): PersonView {
  return {
    id: person.id,
    name: person.name,
    sex: person.sex,
    ageYears: ageInYears(person.birthDate, today),
    idNumberMasked: maskIdentifier(person.idNumberMasked),
    phoneMasked: person.phoneMasked === null ? null : maskIdentifier(person.phoneMasked),
    relation: person.relation,
    tags: parseTags(person.tags),
    synthetic: person.synthetic,
  };
}

export function toHouseholdView(household: HouseholdWithMembers, today: Date): HouseholdView {
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
    idNumberMasked: maskIdentifier(person.idNumberMasked),
    phoneMasked: person.phoneMasked === null ? null : maskIdentifier(person.phoneMasked),
    unitId: person.unit.id,
    roomLabel: person.unit.roomLabel,
    buildingId: person.unit.buildingId,
    buildingName: person.unit.buildingName,
    address: person.unit.address,
    gridCode: person.unit.gridCode,
    center: person.unit.buildingCenter,
  };
}
