/**
 * The demo district's 低保 (low_income) and 卧床/失能 (bedridden) tags, drawn per household and
 * per person from the seed and the id alone: the generator tags as it writes, and
 * `addDemoCareTagsIfMissing` (demoCareTagRows.ts, run by `npm start`) gives a district generated
 * before these tags existed exactly the tags a fresh generation writes.
 */
import type { HouseholdType } from '../../src/domain/registry';
import type { SeededRandom } from '../../src/domain/seededRandom';

/** The population's stream (writePopulation.ts) and, within it, the care tags' own. */
export const PEOPLE_RANDOM_SALT = 'people';
export const CARE_TAGS_RANDOM_SALT = 'care-tags';
/**
 * 低保 is granted per household and needs the local hukou: a share of the registered households,
 * every member tagged (urban China grants it to roughly 1–3 % of households).
 */
const LOW_INCOME_HOUSEHOLD_SHARE = 0.02;
/** Generated birth dates fall in the year REFERENCE_YEAR - 1 - age (population.ts). */
const AGE_REFERENCE_YEAR = 2024;

/** 卧床/失能 by age: rare before 70, about one in ten past 80. */
function bedriddenShare(ageYears: number): number {
  if (ageYears >= 80) return 0.1;
  if (ageYears >= 70) return 0.03;
  if (ageYears >= 60) return 0.01;
  return 0;
}

/** Age at the generator's reference date, from a generated birth date (YYYY-MM-DD). */
export function generatedAgeOf(birthDate: string): number {
  return AGE_REFERENCE_YEAR - Number(birthDate.slice(0, 4));
}

export class CareTagDraws {
  /** `random`: the population's stream, `createSeededRandom(seed).fork(PEOPLE_RANDOM_SALT)`. */
  constructor(random: SeededRandom) {
    this.random = random.fork(CARE_TAGS_RANDOM_SALT);
  }

  private readonly random: SeededRandom;

  isLowIncome(householdId: number, type: HouseholdType): boolean {
    return (
      type === 'registered' &&
      this.random.fork(`household:${householdId}`).chance(LOW_INCOME_HOUSEHOLD_SHARE)
    );
  }

  isBedridden(personId: number, birthDate: string): boolean {
    return this.random.fork(`person:${personId}`).chance(bedriddenShare(generatedAgeOf(birthDate)));
  }
}
