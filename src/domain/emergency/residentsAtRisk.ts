/**
 * Who lives inside each threat zone, as counts only: residents by age band and by the register's
 * vulnerability tags, and the buildings. A building is in a zone when its point is (the register
 * places each building at one point); its residents count for every zone that holds it.
 */
import { PERSON_TAGS, type PersonTag } from '../registry';

/** Age bands reached in the district's current year; the last is open-ended. */
export const AGE_BANDS = [
  { code: '0-6', maxAgeYears: 6 },
  { code: '7-17', maxAgeYears: 17 },
  { code: '18-59', maxAgeYears: 59 },
  { code: '60-79', maxAgeYears: 79 },
  { code: '80+', maxAgeYears: Infinity },
] as const;
export type AgeBandCode = (typeof AGE_BANDS)[number]['code'];

/**
 * Tags of people who may not leave alone or need a knock on the door first. 'bedridden' counts
 * once the register's vocabulary has it (PERSON_TAGS): until then it is neither a type nor a
 * count, so no zone ever shows a bedridden figure the register cannot hold.
 */
const WANTED_VULNERABILITY_TAGS = ['elderly_alone', 'disabled', 'key_care', 'bedridden'] as const;
export type VulnerabilityTag = Extract<(typeof WANTED_VULNERABILITY_TAGS)[number], PersonTag>;
export const VULNERABILITY_TAGS: readonly VulnerabilityTag[] = WANTED_VULNERABILITY_TAGS.filter(
  (tag): tag is VulnerabilityTag => (PERSON_TAGS as readonly string[]).includes(tag),
);

export function ageBandOf(ageYears: number): AgeBandCode {
  return AGE_BANDS.find((band) => ageYears <= band.maxAgeYears)!.code;
}

/** Residents of one building sharing an age and a set of tags. */
export interface ResidentGroup {
  buildingId: number;
  ageYears: number;
  tags: readonly PersonTag[];
  count: number;
}

export interface ZoneResidents {
  buildings: number;
  residents: number;
  byAgeBand: Record<AgeBandCode, number>;
  byTag: Record<VulnerabilityTag, number>;
}

function emptyTally(): ZoneResidents {
  return {
    buildings: 0,
    residents: 0,
    byAgeBand: Object.fromEntries(AGE_BANDS.map((band) => [band.code, 0])) as Record<
      AgeBandCode,
      number
    >,
    byTag: Object.fromEntries(VULNERABILITY_TAGS.map((tag) => [tag, 0])) as Record<
      VulnerabilityTag,
      number
    >,
  };
}

const isVulnerability = (tag: PersonTag): tag is VulnerabilityTag =>
  (VULNERABILITY_TAGS as readonly string[]).includes(tag);

/**
 * One tally per zone. `zoneMaskByBuilding` holds bit i when zone i holds the building (buildings
 * in no zone may be left out); groups of buildings not in the map count nowhere.
 */
export function tallyZoneResidents(
  zoneCount: number,
  zoneMaskByBuilding: ReadonlyMap<number, number>,
  groups: readonly ResidentGroup[],
): ZoneResidents[] {
  const tallies = Array.from({ length: zoneCount }, emptyTally);
  const inZone = (mask: number, zone: number) => ((mask >> zone) & 1) === 1;
  for (const mask of zoneMaskByBuilding.values()) {
    tallies.forEach((tally, zone) => {
      if (inZone(mask, zone)) tally.buildings++;
    });
  }
  for (const group of groups) {
    const mask = zoneMaskByBuilding.get(group.buildingId) ?? 0;
    if (mask === 0) continue;
    const band = ageBandOf(group.ageYears);
    const vulnerabilities = group.tags.filter(isVulnerability);
    tallies.forEach((tally, zone) => {
      if (!inZone(mask, zone)) return;
      tally.residents += group.count;
      tally.byAgeBand[band] += group.count;
      for (const tag of vulnerabilities) tally.byTag[tag] += group.count;
    });
  }
  return tallies;
}
