/**
 * The masked ID tail must not be rebuildable from what else a person view shows. An ID number is
 * region (6) + birth date (8) + sequence (3) + check (1); the tail shows sequence and check. This
 * test reads, over HTTP, everything a viewer and a dispatcher can read about at least 300 persons
 * without a reveal, and tries every ID consistent with it: the district's region code, every birth
 * date the view allows, the visible tail, and the GB 11643 check character. No person may come out
 * with a single candidate. Against views that carried the birth date, this attack rebuilt every
 * person (docs/decisions/0012-no-reidentification.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_UTC_OFFSET_MS } from '../../domain/districtTime';
import { idCheckCharacter } from '../../domain/idNumber';
import type { UnitDetail } from '../../shared/api';
import { SYNTHETIC_DISTRICT_CODE, syntheticPerson } from '../testing/syntheticDistrict';
import { startTestServer, type TestServer } from '../testing/testServer';

const SIZE = {
  streetCount: 2,
  communitiesPerStreet: 1,
  gridsPerCommunity: 2,
  buildingsPerGrid: 3,
  floors: 6,
  unitsPerFloor: 2,
  vacantEvery: 5,
  rentalEvery: 4,
  householdsPerUnit: 1,
  personsPerHousehold: 3,
};
const MIN_SAMPLE = 300;
const NOW = new Date('2026-06-14T04:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const ID_TAIL_LENGTH = 4;

/** Everything one role could read about one person, merged over every route. */
type SeenPerson = Record<string, unknown> & { id: number; idNumberMasked: string };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(SIZE, { now: () => NOW });
});

afterAll(async () => {
  await server?.close();
});

async function readAsRole(username: string): Promise<Map<number, SeenPerson>> {
  const token = await server.login(username);
  const seen = new Map<number, SeenPerson>();
  for (let unitId = 1; unitId <= server.district.unitCount; unitId++) {
    const unit = await server.request('GET', `/api/units/${unitId}`, { token });
    if (unit.status !== 200) continue;
    for (const household of (unit.json as UnitDetail).households) {
      for (const member of household.members) seen.set(member.id, { ...member } as SeenPerson);
    }
  }
  for (const [personId, known] of seen) {
    const person = await server.request('GET', `/api/persons/${personId}`, { token });
    expect(person.status).toBe(200);
    seen.set(personId, { ...known, ...(person.json as Record<string, unknown>) } as SeenPerson);
  }
  return seen;
}

function isoDay(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

/** Every birth date consistent with the view: the date itself if shown, else the age's year. */
function candidateBirthDates(person: Record<string, unknown>, now: Date): string[] {
  if (typeof person.birthDate === 'string') return [person.birthDate];
  if (typeof person.birthYear === 'number') return daysOfYear(person.birthYear);
  if (typeof person.ageYears !== 'number') throw new Error('a view with no age at all');
  const districtYear = new Date(now.getTime() + DISTRICT_UTC_OFFSET_MS).getUTCFullYear();
  return daysOfYear(districtYear - person.ageYears);
}

function daysOfYear(year: number): string[] {
  const days: string[] = [];
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY_MS) {
    days.push(isoDay(day));
  }
  return days;
}

/** Every full ID consistent with region, candidate dates and the visible tail. */
function candidateIds(person: SeenPerson, birthDates: readonly string[]): string[] {
  const tail = person.idNumberMasked.slice(-ID_TAIL_LENGTH);
  const sequence = tail.slice(0, ID_TAIL_LENGTH - 1);
  const check = tail.slice(-1);
  const ids: string[] = [];
  for (const birthDate of birthDates) {
    const body = SYNTHETIC_DISTRICT_CODE + birthDate.replaceAll('-', '') + sequence;
    if (idCheckCharacter(body) === check) ids.push(body + check);
  }
  return ids;
}

function rebuiltCount(
  persons: Iterable<SeenPerson>,
  datesOf: (person: SeenPerson) => string[],
): number {
  let rebuilt = 0;
  for (const person of persons) {
    const ids = candidateIds(person, datesOf(person));
    if (ids.length === 1 && ids[0] === syntheticPerson(person.id).idNumber) rebuilt += 1;
  }
  return rebuilt;
}

describe('masked identifiers cannot be rebuilt from what a person view shows', () => {
  for (const username of ['viewer', 'dispatcher']) {
    it(`leaves every ${username}-visible person with many candidate IDs`, async () => {
      const seen = await readAsRole(username);
      const persons = [...seen.values()];
      expect(persons.length).toBeGreaterThan(username === 'viewer' ? MIN_SAMPLE : 0);
      for (const person of persons) {
        expect(Object.keys(person)).not.toContain('birthDate');
        expect(Object.keys(person)).not.toContain('idNumber');
      }
      const candidateCounts = persons.map(
        (person) => candidateIds(person, candidateBirthDates(person, NOW)).length,
      );
      // Every person's true ID stays among the candidates (the attack itself is sound) ...
      for (const person of persons) {
        expect(candidateIds(person, candidateBirthDates(person, NOW))).toContain(
          syntheticPerson(person.id).idNumber,
        );
      }
      // ... but none is the only one.
      expect(rebuiltCount(persons, (person) => candidateBirthDates(person, NOW))).toBe(0);
      expect(Math.min(...candidateCounts)).toBeGreaterThan(1);
    });
  }
});
