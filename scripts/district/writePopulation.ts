/**
 * Units, households and residents, building by building, in one transaction. Units get their
 * uses first; then homes are vacated or shared so that households keep a believable size for
 * the requested resident count, and households are spread evenly over the homes.
 */
import { roomLabel } from '../../src/domain/buildingLayout';
import type { SeededRandom } from '../../src/domain/seededRandom';
import type { BuildingRecord } from './buildingRecords';
import type { DistrictWriter } from './districtWriter';
import { PEOPLE_RANDOM_SALT } from './careTags';
import { PopulationMaker } from './population';
import { UNIT_USES, UNIT_USE_CODE } from '../../src/domain/registry';
import { countHomes, planUnitUses, vacateSurplusHomes } from './unitUses';

export type ProgressReporter = (stage: string, done: number, total: number) => void;

/** Households keep a believable mean size; outside this range homes are vacated or shared. */
const MIN_MEAN_HOUSEHOLD_SIZE = 2.1;
const MAX_MEAN_HOUSEHOLD_SIZE = 4.2;
const SHARED_HOME_HOUSEHOLD_SIZE = 3.2;
const PROGRESS_STEPS = 100;

export function writePopulation(
  writer: DistrictWriter,
  buildings: readonly BuildingRecord[],
  residentCount: number,
  random: SeededRandom,
  progress: ProgressReporter,
): { unitCount: number; householdCount: number; personCount: number } {
  const uses = planUnitUses(buildings, random.fork('unit-uses'));
  const homesBefore = countHomes(uses.codes);
  vacateSurplusHomes(
    uses.codes,
    residentCount / (MIN_MEAN_HOUSEHOLD_SIZE * homesBefore),
    random.fork('vacate'),
  );
  const homes = Math.max(1, countHomes(uses.codes));
  const householdCount =
    residentCount / homes > MAX_MEAN_HOUSEHOLD_SIZE
      ? Math.ceil(residentCount / SHARED_HOME_HOUSEHOLD_SIZE)
      : homes;
  const maker = new PopulationMaker(
    random.fork(PEOPLE_RANDOM_SALT),
    residentCount,
    householdCount,
    {
      household: (row) =>
        writer.insert('households', [row.id, row.unitId, row.type, row.headPersonId]),
      person: (row) =>
        writer.insertPerson(
          [row.id, row.householdId, row.name, row.sex, row.birthDate],
          { idNumber: row.idNumber, phone: row.phone },
          [row.relation, row.tags],
        ),
    },
  );
  let unitId = 0;
  let homeIndex = 0;
  const progressEvery = Math.ceil(buildings.length / PROGRESS_STEPS);
  writer.inTransaction(() => {
    buildings.forEach((building, index) => {
      let unitIndex = uses.firstUnitIndex[index]!;
      for (let floor = 1; floor <= building.floors; floor++) {
        for (let unitNo = 1; unitNo <= building.unitsPerFloor; unitNo++) {
          const code = uses.codes[unitIndex++]!;
          unitId++;
          writer.insert('units', [
            unitId,
            building.id,
            floor,
            unitNo,
            roomLabel(floor, unitNo),
            UNIT_USES[code]!,
            building.unitAreasM2[unitNo - 1]!,
          ]);
          if (code !== UNIT_USE_CODE.residential && code !== UNIT_USE_CODE.rental) continue;
          // Spread households evenly over homes: one each, or several when homes are scarce.
          const households =
            Math.floor(((homeIndex + 1) * householdCount) / homes) -
            Math.floor((homeIndex * householdCount) / homes);
          homeIndex++;
          maker.fillUnit(unitId, code, households);
        }
      }
      if (index % progressEvery === 0) progress('units and residents', index, buildings.length);
    });
  });
  progress('units and residents', buildings.length, buildings.length);
  return {
    unitCount: unitId,
    householdCount: maker.householdCount,
    personCount: maker.personCount,
  };
}
