/** A unit with its households and residents, and one person with where they live. */
import { isInScope } from '../../domain/gridCode';
import { parseTags, type PersonTag } from '../../domain/registry';
import type { PersonDetail, UnitDetail } from '../../shared/api';
import { NotFoundError, requireVisible, type Caller } from './accessErrors';
import { addTags, toUnitSummary } from './buildingQueries';
import { toHouseholdView, toPersonView } from './personMapper';
import type { RegistryRepository } from './registryRepository';

async function requireVisibleUnit(registry: RegistryRepository, caller: Caller, id: number) {
  return requireVisible(
    await registry.findUnit(id),
    (found) => isInScope(found.gridCode, caller.scopes),
    'unit',
  );
}

export async function getUnitDetail(
  registry: RegistryRepository,
  caller: Caller,
  id: number,
  today: Date,
): Promise<UnitDetail> {
  // Scope before reading any household: an out-of-scope unit costs no personal read at all.
  const unit = await requireVisibleUnit(registry, caller, id);
  // The households read checks the scope again: the building may have been moved out of it
  // (a building import) since the unit was read. Then it is answered as the unit is now.
  const households = await registry.listHouseholdsOfUnit(id, caller.scopes);
  if (households === null) {
    await requireVisibleUnit(registry, caller, id);
    throw new NotFoundError('unit');
  }
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

export async function getPersonDetail(
  registry: RegistryRepository,
  caller: Caller,
  id: number,
  today: Date,
): Promise<PersonDetail> {
  const person = requireVisible(
    await registry.findPerson(id),
    (found) => isInScope(found.unit.gridCode, caller.scopes),
    'person',
  );
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
