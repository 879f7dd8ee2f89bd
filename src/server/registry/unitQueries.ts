/** A unit with its households and residents, and one person with where they live. */
import { isInScope } from '../../domain/gridCode';
import { parseTags, type PersonTag } from '../../domain/registry';
import type { PersonDetail, UnitDetail } from '../../shared/api';
import { ForbiddenError, NotFoundError, type Caller } from './accessErrors';
import { addTags, toUnitSummary } from './buildingQueries';
import { toHouseholdView, toPersonView } from './personMapper';
import type { RegistryRepository } from './registryRepository';

export function getUnitDetail(
  registry: RegistryRepository,
  caller: Caller,
  id: number,
  today: Date,
): UnitDetail {
  const unit = registry.findUnit(id);
  if (unit === null) throw new NotFoundError(`unit ${id}`);
  // Scope before reading any household: an out-of-scope unit costs no personal read at all.
  if (!isInScope(unit.gridCode, caller.scopes)) throw new ForbiddenError();
  const households = registry.listHouseholdsOfUnit(id);
  const tagCounts: Partial<Record<PersonTag, number>> = {};
  let residentCount = 0;
  for (const household of households) {
    for (const member of household.members) {
      residentCount += 1;
      addTags(tagCounts, parseTags(member.tags));
    }
  }
  return {
    ...toUnitSummary(unit, { householdCount: households.length, residentCount, tagCounts }),
    buildingId: unit.buildingId,
    buildingName: unit.buildingName,
    buildingNameEn: unit.buildingNameEn,
    gridCode: unit.gridCode,
    address: unit.address,
    households: households.map((household) => toHouseholdView(household, today)),
  };
}

export function getPersonDetail(
  registry: RegistryRepository,
  caller: Caller,
  id: number,
  today: Date,
): PersonDetail {
  const person = registry.findPerson(id);
  if (person === null) throw new NotFoundError(`person ${id}`);
  if (!isInScope(person.unit.gridCode, caller.scopes)) throw new ForbiddenError();
  return {
    ...toPersonView(person, today),
    householdId: person.householdId,
    unitId: person.unit.id,
    roomLabel: person.unit.roomLabel,
    buildingId: person.unit.buildingId,
    buildingName: person.unit.buildingName,
    address: person.unit.address,
    gridCode: person.unit.gridCode,
    center: person.unit.buildingCenter,
  };
}
