/**
 * The age pyramid: people counted by sex and birth year, folded into bands of `bandYears`
 * by the age reached in the district's current year (the same age a person view shows, a
 * function of the birth year only), the last band open-ended.
 */

export interface BirthYearCount {
  birthYear: number;
  sex: 'M' | 'F';
  count: number;
}

export interface AgeBandCount {
  /** First age of the band. */
  fromAge: number;
  male: number;
  female: number;
}

export interface AgeBandRule {
  bandYears: number;
  /** Ages from this one up share one band. */
  openFromAge: number;
}

/** Every band from 0 to the open one, youngest first, empty bands included. */
export function foldAgeBands(
  counts: readonly BirthYearCount[],
  currentYear: number,
  rule: AgeBandRule,
): AgeBandCount[] {
  const bandCount = Math.floor(rule.openFromAge / rule.bandYears) + 1;
  const bands: AgeBandCount[] = Array.from({ length: bandCount }, (_, index) => ({
    fromAge: index * rule.bandYears,
    male: 0,
    female: 0,
  }));
  for (const { birthYear, sex, count } of counts) {
    const age = Math.max(0, currentYear - birthYear);
    const index = Math.min(bandCount - 1, Math.floor(age / rule.bandYears));
    const band = bands[index]!;
    if (sex === 'M') band.male += count;
    else band.female += count;
  }
  return bands;
}
