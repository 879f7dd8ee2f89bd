/**
 * A plain, deterministic district written straight into the schema: used by the server tests
 * (tiny: they need to know exactly which rows lie in which street) and as the bench's filler.
 * Not the demo generator (scripts/district): no realistic shapes, just enough rows.
 */
import { childGridCode } from '../../domain/gridCode';
import { idCheckCharacter } from '../../domain/idNumber';
import { openDatabase } from '../store/openDatabase';
import { SqliteTrackingStore } from '../store/sqliteTrackingStore';
import {
  insertGrids,
  insertBuilding,
  type InsertStatements,
  prepareInserts,
} from './syntheticRows';

export interface SyntheticDistrictSize {
  streetCount: number;
  communitiesPerStreet: number;
  gridsPerCommunity: number;
  buildingsPerGrid: number;
  floors: number;
  unitsPerFloor: number;
  /** Every n-th unit is vacant (no households). */
  vacantEvery: number;
  /** Every n-th household rents. */
  rentalEvery: number;
  householdsPerUnit: number;
  personsPerHousehold: number;
}

export const SYNTHETIC_DISTRICT_CODE = '350102';
const ID_REGION_CODE = '350102';
const FIRST_BIRTH_YEAR = 1940;
const BIRTH_YEAR_SPAN = 70;
const MONTHS = 12;
const SAFE_DAYS = 28;
const ID_SEQUENCE_MODULO = 1000;
const PHONE_PREFIX = '13';
/** Workers' phones differ from every resident's. */
const WORKER_PHONE_PREFIX = '15';
const PHONE_BODY_DIGITS = 9;
/** Every n-th person has no phone on record. */
const NO_PHONE_EVERY = 7;
const ELDERLY_ALONE_EVERY = 11;
const DISABLED_EVERY = 13;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳'];

export interface SyntheticPerson {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  phone: string | null;
  tags: string;
}

export function syntheticPerson(index: number): SyntheticPerson {
  const year = FIRST_BIRTH_YEAR + (index % BIRTH_YEAR_SPAN);
  const month = String(1 + (index % MONTHS)).padStart(2, '0');
  const day = String(1 + (index % SAFE_DAYS)).padStart(2, '0');
  const sequence = String(index % ID_SEQUENCE_MODULO).padStart(3, '0');
  const body = `${ID_REGION_CODE}${year}${month}${day}${sequence}`;
  const tags = [
    ...(index % ELDERLY_ALONE_EVERY === 0 ? ['elderly_alone'] : []),
    ...(index % DISABLED_EVERY === 0 ? ['disabled'] : []),
  ];
  return {
    name:
      SURNAMES[index % SURNAMES.length]! +
      GIVEN[Math.floor(index / SURNAMES.length) % GIVEN.length]! +
      GIVEN[Math.floor(index / (SURNAMES.length * GIVEN.length)) % GIVEN.length]!,
    sex: Number(sequence) % 2 === 1 ? 'M' : 'F',
    birthDate: `${year}-${month}-${day}`,
    idNumber: body + idCheckCharacter(body),
    phone:
      index % NO_PHONE_EVERY === 0
        ? null
        : PHONE_PREFIX + String(index).padStart(PHONE_BODY_DIGITS, '0'),
    tags: tags.join(','),
  };
}

export interface SyntheticDistrictSummary {
  districtCode: string;
  streetCodes: string[];
  baseGridCodes: string[];
  buildingCount: number;
  unitCount: number;
  householdCount: number;
  personCount: number;
  /** One synthetic grid worker per base grid, same order as baseGridCodes (ids from 1). */
  workerIds: number[];
}

export function writeSyntheticDistrict(
  dbPath: string,
  size: SyntheticDistrictSize,
): SyntheticDistrictSummary {
  const db = openDatabase(dbPath);
  try {
    const inserts: InsertStatements = prepareInserts(db);
    const counters = { buildingId: 0, unitId: 0, householdId: 0, personId: 0 };
    const streetCodes: string[] = [];
    const baseGridCodes: string[] = [];
    db.transaction(() => {
      inserts.meta.run('district_code', SYNTHETIC_DISTRICT_CODE);
      inserts.meta.run('district_name', '鼓楼区');
      inserts.meta.run('district_name_en', 'Gulou District');
      inserts.meta.run('demo_data', '1');
      for (let street = 1; street <= size.streetCount; street++) {
        streetCodes.push(childGridCode(SYNTHETIC_DISTRICT_CODE, street));
      }
      baseGridCodes.push(...insertGrids(inserts, SYNTHETIC_DISTRICT_CODE, size));
      for (const gridCode of baseGridCodes) {
        for (let building = 0; building < size.buildingsPerGrid; building++) {
          insertBuilding(inserts, gridCode, size, counters, syntheticPerson);
        }
      }
    })();
    const workers = baseGridCodes.map((gridCode, index) => ({
      workerId: index + 1,
      name: `网格员${index + 1}`,
      nameEn: `Grid worker ${index + 1}`,
      phone: WORKER_PHONE_PREFIX + String(index + 1).padStart(PHONE_BODY_DIGITS, '0'),
      gridCodes: [gridCode],
      synthetic: true,
    }));
    new SqliteTrackingStore(db).saveWorkers(workers);
    return {
      districtCode: SYNTHETIC_DISTRICT_CODE,
      streetCodes,
      baseGridCodes,
      buildingCount: counters.buildingId,
      unitCount: counters.unitId,
      householdCount: counters.householdId,
      personCount: counters.personId,
      workerIds: workers.map((worker) => worker.workerId),
    };
  } finally {
    db.close();
  }
}
