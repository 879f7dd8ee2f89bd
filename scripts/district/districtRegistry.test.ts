import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomLabel, unitAreaM2, unitsPerFloor, type Wing } from '../../src/domain/buildingLayout';
import { isValidIdNumber } from '../../src/domain/idNumber';
import { PERSON_TAGS, RELATIONS, parseTags, formatTags } from '../../src/domain/registry';
import { childGridCode, gridLevelOf, parentGridCode } from '../../src/domain/gridCode';
import { readFileSync } from 'node:fs';
import { IdentifierSealer } from '../../src/server/store/sealedIdentifiers';
import { generateTestDistrict, TEST_DATA_KEY_HEX, type TestDistrict } from './testDistrict';
import { REFERENCE_DATE } from './population';

interface PersonJoined {
  id: number;
  household_id: number;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  id_number: string;
  phone: string | null;
  relation: string;
  tags: string;
  type: string;
  use: string;
  household_size: number;
  head_person_id: number;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function ageAtReference(birthDate: string): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const [refYear, refMonth, refDay] = REFERENCE_DATE.split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return refYear - year - (month > refMonth || (month === refMonth && day > refDay) ? 1 : 0);
}

describe('generated register', () => {
  let district: TestDistrict;
  let persons: PersonJoined[];
  const sealer = new IdentifierSealer(Buffer.from(TEST_DATA_KEY_HEX, 'hex'));

  beforeAll(() => {
    district = generateTestDistrict({ seed: 11 });
    persons = district.db
      .prepare(
        `SELECT p.*, h.type, u.use, h.head_person_id,
           (SELECT count(*) FROM persons q WHERE q.household_id = p.household_id) AS household_size
         FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id`,
      )
      .all()
      .map((row) => {
        const { id_number_sealed, phone_sealed, ...rest } = row as Record<string, unknown>;
        const clear = sealer.openPerson({
          idNumberSealed: id_number_sealed as Buffer,
          phoneSealed: (phone_sealed ?? null) as Buffer | null,
        });
        return { ...rest, id_number: clear.idNumber, phone: clear.phone } as PersonJoined;
      });
  });
  afterAll(() => district.dispose());

  it('stores no ID number or phone in clear: the file holds sealed values and masked copies', () => {
    const file = readFileSync(district.dbPath).toString('latin1');
    const sample = persons.filter((_, index) => index % 97 === 0);
    expect(sample.length).toBeGreaterThan(100);
    for (const person of sample) {
      expect(file.includes(person.id_number)).toBe(false);
      if (person.phone !== null) expect(file.includes(person.phone)).toBe(false);
    }
    const stored = district.db
      .prepare('SELECT id_number_masked, phone_masked FROM persons WHERE id = ?')
      .get(sample[0]!.id) as { id_number_masked: string; phone_masked: string | null };
    expect(stored.id_number_masked).toBe('*'.repeat(14) + sample[0]!.id_number.slice(-4));
    const columns = district.db.prepare("SELECT name FROM pragma_table_info('persons')").all();
    expect(columns.map((column) => (column as { name: string }).name)).not.toContain('id_number');
  });

  it("stores no worker's phone in clear: sealed, indexed and masked like residents' phones", () => {
    const file = readFileSync(district.dbPath).toString('latin1');
    const workers = district.db
      .prepare('SELECT phone_sealed, phone_index, phone_masked FROM workers')
      .all() as { phone_sealed: Buffer; phone_index: Buffer; phone_masked: string }[];
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) {
      const phone = sealer.open('worker_phone', worker.phone_sealed);
      expect(phone).toMatch(/^1\d{10}$/);
      expect(file.includes(phone)).toBe(false);
      expect(worker.phone_masked).toBe('*'.repeat(7) + phone.slice(-4));
      expect(worker.phone_index.equals(sealer.index('worker_phone', phone))).toBe(true);
    }
  });

  it('keeps every foreign key', () => {
    expect(district.db.pragma('foreign_key_check')).toEqual([]);
    const orphanHeads = district.db
      .prepare(
        'SELECT count(*) AS n FROM households h LEFT JOIN persons p ON p.id = h.head_person_id WHERE p.id IS NULL',
      )
      .get() as { n: number };
    expect(orphanHeads.n).toBe(0);
  });

  it('has a four-level grid whose codes nest and whose parents exist', () => {
    const grids = district.db.prepare('SELECT code, parent_code, level FROM grids').all() as {
      code: string;
      parent_code: string | null;
      level: number;
    }[];
    const codes = new Set(grids.map((grid) => grid.code));
    for (const grid of grids) {
      expect(gridLevelOf(grid.code)).toBe(grid.level);
      expect(grid.parent_code).toBe(parentGridCode(grid.code));
      if (grid.parent_code) expect(codes.has(grid.parent_code)).toBe(true);
    }
    expect(grids.filter((grid) => grid.level === 1).map((grid) => grid.code)).toEqual(['350102']);
    expect(codes.has(childGridCode(childGridCode(childGridCode('350102', 1), 1), 1))).toBe(true);
  });

  it('gives every person a valid synthetic ID that matches sex, birth date and origin', () => {
    // Checked row by row, reported as one list: a failure names the offending people.
    const bad = persons.filter(
      (person) =>
        !isValidIdNumber(person.id_number) ||
        person.id_number.slice(6, 14) !== person.birth_date.replaceAll('-', '') ||
        Number(person.id_number[16]) % 2 !== (person.sex === 'M' ? 1 : 0) ||
        (person.type === 'registered' && !person.id_number.startsWith('350102')) ||
        (person.type === 'floating' && person.id_number.startsWith('350102')),
    );
    expect(bad.slice(0, 5)).toEqual([]);
    expect(new Set(persons.map((person) => person.id_number)).size).toBe(persons.length);
  });

  it('gives adults unique mobile numbers and young children none', () => {
    const phones = persons.flatMap((person) => (person.phone ? [person.phone] : []));
    expect(phones.filter((phone) => !/^1(3\d|5[0-35-9]|8\d|9[1389])\d{8}$/.test(phone))).toEqual(
      [],
    );
    expect(new Set(phones).size).toBe(phones.length);
    expect(
      persons.filter((person) => ageAtReference(person.birth_date) < 12 && person.phone !== null),
    ).toEqual([]);
    expect(phones.length / persons.length).toBeGreaterThan(0.7);
  });

  it('has plausible names, ages and relations', () => {
    const bad = persons.filter((person) => {
      const age = ageAtReference(person.birth_date);
      return (
        !/^[\u4e00-\u9fff]{2,4}$/.test(person.name) ||
        !(RELATIONS as readonly string[]).includes(person.relation) ||
        age < 0 ||
        age > 100 ||
        (person.relation === 'head' && age < 18)
      );
    });
    expect(bad.slice(0, 5)).toEqual([]);
    const elderly =
      persons.filter((person) => ageAtReference(person.birth_date) >= 60).length / persons.length;
    const children =
      persons.filter((person) => ageAtReference(person.birth_date) < 18).length / persons.length;
    expect(elderly).toBeGreaterThan(0.1);
    expect(elderly).toBeLessThan(0.4);
    expect(children).toBeGreaterThan(0.08);
    expect(children).toBeLessThan(0.35);
  });

  it('tags consistently with household and unit', () => {
    const counts = new Map<string, number>();
    const bad = persons.filter((person) => {
      const tags = parseTags(person.tags);
      for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      const aloneAndOld = person.household_size === 1 && ageAtReference(person.birth_date) >= 60;
      return (
        (tags.includes('bedridden') && ageAtReference(person.birth_date) < 60) ||
        (tags.includes('low_income') && person.type !== 'registered') ||
        formatTags(tags) !== person.tags ||
        tags.includes('elderly_alone') !== aloneAndOld ||
        tags.includes('floating') !== (person.type === 'floating') ||
        tags.includes('renter') !== (person.use === 'rental')
      );
    });
    expect(bad.slice(0, 5)).toEqual([]);
    for (const tag of PERSON_TAGS) expect(counts.get(tag) ?? 0).toBeGreaterThan(0);
    // 低保 is per household: a tagged person's whole household carries it.
    const lowIncomeHouseholds = new Set(
      persons
        .filter((person) => person.tags.includes('low_income'))
        .map((person) => person.household_id),
    );
    const split = persons.filter(
      (person) =>
        lowIncomeHouseholds.has(person.household_id) !== person.tags.includes('low_income'),
    );
    expect(split.slice(0, 5)).toEqual([]);
  });

  it('puts households only in homes, with a head who lives there', () => {
    const misplaced = district.db
      .prepare(
        "SELECT count(*) AS n FROM households h JOIN units u ON u.id = h.unit_id WHERE u.use NOT IN ('residential', 'rental')",
      )
      .get() as { n: number };
    expect(misplaced.n).toBe(0);
    const heads = new Map(
      persons.filter((person) => person.relation === 'head').map((person) => [person.id, person]),
    );
    const bad = persons.filter(
      (person) =>
        heads.get(person.head_person_id)?.household_id !== person.household_id ||
        (person.use === 'residential' && person.type === 'rental'),
    );
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('lays out units consistently with each building', () => {
    const buildings = district.db
      .prepare(
        'SELECT id, kind, floors, units_per_floor, wings, floor_height_m, built_year FROM buildings',
      )
      .all() as {
      id: number;
      kind: string;
      floors: number;
      units_per_floor: number;
      wings: string;
      floor_height_m: number;
      built_year: number;
    }[];
    const units = district.db
      .prepare(
        'SELECT building_id, floor, unit_no, room_label, use, area_m2 FROM units ORDER BY id',
      )
      .all() as {
      building_id: number;
      floor: number;
      unit_no: number;
      room_label: string;
      use: string;
      area_m2: number;
    }[];
    const unitsByBuilding = groupBy(units, (unit) => unit.building_id);
    for (const building of buildings) {
      const wings = JSON.parse(building.wings) as Wing[];
      expect(unitsPerFloor(wings)).toBe(building.units_per_floor);
      expect(building.units_per_floor).toBeGreaterThanOrEqual(2);
      expect(building.units_per_floor).toBeLessThanOrEqual(8);
      expect(building.floors).toBeGreaterThanOrEqual(2);
      expect(building.floors).toBeLessThanOrEqual(33);
      expect(building.built_year).toBeGreaterThanOrEqual(1980);
      expect(building.built_year).toBeLessThanOrEqual(2022);
      const own = unitsByBuilding.get(building.id) ?? [];
      expect(own).toHaveLength(building.floors * building.units_per_floor);
      const areas = wings.flatMap((wing) =>
        Array.from({ length: wing.unitCount }, () => unitAreaM2(wing)),
      );
      for (const unit of own) {
        expect(unit.room_label).toBe(roomLabel(unit.floor, unit.unit_no));
        expect(unit.area_m2).toBeCloseTo(areas[unit.unit_no - 1]!, 1);
        if (building.kind === 'commercial') expect(unit.use).toBe('commercial');
        else if (unit.use !== 'commercial') {
          expect(unit.area_m2).toBeGreaterThanOrEqual(60);
          expect(unit.area_m2).toBeLessThanOrEqual(145);
        }
      }
      if (building.kind === 'commercial') expect(building.floor_height_m).toBeGreaterThanOrEqual(4);
      else expect(building.floor_height_m).toBeLessThanOrEqual(3.2);
    }
    const uses = groupBy(units, (unit) => unit.use);
    for (const use of ['residential', 'rental', 'commercial', 'vacant'])
      expect(uses.get(use)?.length ?? 0).toBeGreaterThan(0);
  });
});
