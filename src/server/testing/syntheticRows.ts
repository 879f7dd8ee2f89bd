/** Row writers of the synthetic district: grids as side-by-side strips, buildings inside them. */
import type { Statement } from 'better-sqlite3';
import { childGridCode } from '../../domain/gridCode';
import type { SqliteDatabase } from '../store/openDatabase';
import {
  PERSON_SEALED_COLUMNS,
  personSealedValues,
  type IdentifierSealer,
} from '../store/sealedIdentifiers';
import { identifierSealerFor } from '../store/dataKeyFiles';
import type { SyntheticDistrictSize, SyntheticPerson } from './syntheticDistrict';

const DISTRICT_WEST_DEG = 119.25;
const DISTRICT_EAST_DEG = 119.35;
const DISTRICT_SOUTH_DEG = 26.03;
const DISTRICT_NORTH_DEG = 26.13;
const FLOOR_HEIGHT_M = 3;
const UNIT_LENGTH_M = 8;
const WING_DEPTH_M = 12;
const UNIT_AREA_M2 = UNIT_LENGTH_M * WING_DEPTH_M;
const BUILT_YEAR = 2005;

export interface InsertStatements {
  meta: Statement;
  grid: Statement;
  building: Statement;
  unit: Statement;
  household: Statement;
  person: Statement;
  /** Persons' identifiers are written sealed, as every writer of persons does. */
  sealer: IdentifierSealer;
}

export function prepareInserts(db: SqliteDatabase): InsertStatements {
  return {
    meta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
    grid: db.prepare(
      'INSERT INTO grids (code, parent_code, level, name, name_en, polygon, center_lon, center_lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    building: db.prepare(
      'INSERT INTO buildings (id, grid_code, name, name_en, address, kind, floors, units_per_floor, floor_height_m, ' +
        'origin_lon, origin_lat, wings, footprint, built_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    unit: db.prepare(
      'INSERT INTO units (id, building_id, floor, unit_no, room_label, use, area_m2) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    household: db.prepare(
      'INSERT INTO households (id, unit_id, type, head_person_id) VALUES (?, ?, ?, ?)',
    ),
    person: db.prepare(
      `INSERT INTO persons (id, household_id, name, sex, birth_date, ${PERSON_SEALED_COLUMNS}, relation, tags, synthetic) ` +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
    ),
    sealer: identifierSealerFor(db),
  };
}

interface Strip {
  westDeg: number;
  eastDeg: number;
}

function rectangle(strip: Strip): string {
  const ring = [
    [strip.westDeg, DISTRICT_SOUTH_DEG],
    [strip.eastDeg, DISTRICT_SOUTH_DEG],
    [strip.eastDeg, DISTRICT_NORTH_DEG],
    [strip.westDeg, DISTRICT_NORTH_DEG],
    [strip.westDeg, DISTRICT_SOUTH_DEG],
  ];
  return JSON.stringify({ type: 'Polygon', coordinates: [ring] });
}

function insertGrid(
  inserts: InsertStatements,
  code: string,
  parent: string | null,
  level: number,
  strip: Strip,
): void {
  inserts.grid.run(
    code,
    parent,
    level,
    `网格 ${code}`,
    `Grid ${code}`,
    rectangle(strip),
    (strip.westDeg + strip.eastDeg) / 2,
    (DISTRICT_SOUTH_DEG + DISTRICT_NORTH_DEG) / 2,
  );
}

function split(strip: Strip, count: number, index: number): Strip {
  const widthDeg = (strip.eastDeg - strip.westDeg) / count;
  return {
    westDeg: strip.westDeg + index * widthDeg,
    eastDeg: strip.westDeg + (index + 1) * widthDeg,
  };
}

/** Writes the four levels; returns the base grid codes in order. */
export function insertGrids(
  inserts: InsertStatements,
  districtCode: string,
  size: SyntheticDistrictSize,
): string[] {
  const district: Strip = { westDeg: DISTRICT_WEST_DEG, eastDeg: DISTRICT_EAST_DEG };
  insertGrid(inserts, districtCode, null, 1, district);
  const baseCodes: string[] = [];
  for (let street = 0; street < size.streetCount; street++) {
    const streetCode = childGridCode(districtCode, street + 1);
    const streetStrip = split(district, size.streetCount, street);
    insertGrid(inserts, streetCode, districtCode, 2, streetStrip);
    for (let community = 0; community < size.communitiesPerStreet; community++) {
      const communityCode = childGridCode(streetCode, community + 1);
      const communityStrip = split(streetStrip, size.communitiesPerStreet, community);
      insertGrid(inserts, communityCode, streetCode, 3, communityStrip);
      for (let grid = 0; grid < size.gridsPerCommunity; grid++) {
        const gridCode = childGridCode(communityCode, grid + 1);
        insertGrid(
          inserts,
          gridCode,
          communityCode,
          4,
          split(communityStrip, size.gridsPerCommunity, grid),
        );
        baseCodes.push(gridCode);
      }
    }
  }
  return baseCodes;
}

interface Counters {
  buildingId: number;
  unitId: number;
  householdId: number;
  personId: number;
}

export function insertBuilding(
  inserts: InsertStatements,
  gridCode: string,
  size: SyntheticDistrictSize,
  counters: Counters,
  personAt: (index: number) => SyntheticPerson,
): void {
  const buildingId = ++counters.buildingId;
  const wings = [
    {
      centerEastM: 0,
      centerNorthM: 0,
      lengthM: UNIT_LENGTH_M * size.unitsPerFloor,
      depthM: WING_DEPTH_M,
      rotationDeg: 0,
      unitCount: size.unitsPerFloor,
    },
  ];
  const lon = DISTRICT_WEST_DEG + (buildingId % 1000) * 1e-4;
  const lat = DISTRICT_SOUTH_DEG + Math.floor(buildingId / 1000) * 1e-4;
  inserts.building.run(
    buildingId,
    gridCode,
    `${buildingId}号楼`,
    `Building ${buildingId}`,
    `幸福路${buildingId}号`,
    'slab',
    size.floors,
    size.unitsPerFloor,
    FLOOR_HEIGHT_M,
    lon,
    lat,
    JSON.stringify(wings),
    '{}',
    BUILT_YEAR,
  );
  for (let floor = 1; floor <= size.floors; floor++) {
    for (let unitNo = 1; unitNo <= size.unitsPerFloor; unitNo++) {
      const unitId = ++counters.unitId;
      const vacant = unitId % size.vacantEvery === 0;
      const roomLabel = `${floor}${String(unitNo).padStart(2, '0')}`;
      inserts.unit.run(
        unitId,
        buildingId,
        floor,
        unitNo,
        roomLabel,
        vacant ? 'vacant' : 'residential',
        UNIT_AREA_M2,
      );
      if (vacant) continue;
      for (let household = 0; household < size.householdsPerUnit; household++) {
        const householdId = ++counters.householdId;
        const type = householdId % size.rentalEvery === 0 ? 'rental' : 'registered';
        inserts.household.run(householdId, unitId, type, counters.personId + 1);
        for (let member = 0; member < size.personsPerHousehold; member++) {
          const personId = ++counters.personId;
          const person = personAt(personId);
          inserts.person.run(
            personId,
            householdId,
            person.name,
            person.sex,
            person.birthDate,
            ...personSealedValues(inserts.sealer.sealPerson(person)),
            member === 0 ? 'head' : 'child',
            person.tags,
          );
        }
      }
    }
  }
}
