/**
 * Built-in substances for the plume model: molecular weight and the Acute Exposure Guideline
 * Levels (AEGL-1, -2, -3) for 10 min, 30 min, 60 min, 4 h and 8 h, in ppm.
 *
 * Source: U.S. EPA Acute Exposure Guideline Levels program, final AEGL values as published by
 * the National Research Council, "Acute Exposure Guideline Levels for Selected Airborne
 * Chemicals", volumes 1–18 (National Academies Press, 2001–2014), compiled in EPA's "Final
 * AEGLs (162)" table of October 2014 (https://www.epa.gov/aegl). "NR" is the table's "not
 * recommended due to insufficient data": the tier has no value and no zone is drawn for it.
 * Molecular weights from the NIOSH Pocket Guide to Chemical Hazards.
 */

export const AEGL_TIERS = ['AEGL-1', 'AEGL-2', 'AEGL-3'] as const;
export type AeglTier = (typeof AEGL_TIERS)[number];

/** The five exposure durations of the AEGL table, in minutes. */
export const AEGL_DURATIONS_MIN = [10, 30, 60, 240, 480] as const;
export type AeglDurationMin = (typeof AEGL_DURATIONS_MIN)[number];
export const DEFAULT_AEGL_DURATION_MIN: AeglDurationMin = 60;

export const NOT_RECOMMENDED = 'NR';
export type AeglValuePpm = number | typeof NOT_RECOMMENDED;
/** Values for 10 min, 30 min, 60 min, 4 h and 8 h, in that order. */
type AeglRow = readonly [AeglValuePpm, AeglValuePpm, AeglValuePpm, AeglValuePpm, AeglValuePpm];

export interface Chemical {
  id: string;
  nameZh: string;
  nameEn: string;
  casNumber: string;
  molecularWeightGPerMol: number;
  aeglPpm: Readonly<Record<AeglTier, AeglRow>>;
}

const NR = NOT_RECOMMENDED;
const flat = (value: AeglValuePpm): AeglRow => [value, value, value, value, value];

function chemical(
  names: [id: string, nameZh: string, nameEn: string, casNumber: string],
  molecularWeightGPerMol: number,
  aegl1: AeglRow,
  aegl2: AeglRow,
  aegl3: AeglRow,
): Chemical {
  const [id, nameZh, nameEn, casNumber] = names;
  return {
    id,
    nameZh,
    nameEn,
    casNumber,
    molecularWeightGPerMol,
    aeglPpm: { 'AEGL-1': aegl1, 'AEGL-2': aegl2, 'AEGL-3': aegl3 },
  };
}

// prettier-ignore
export const CHEMICALS: readonly Chemical[] = [
  chemical(['chlorine', '氯气', 'Chlorine', '7782-50-5'], 70.9,
    flat(0.5), [2.8, 2.8, 2.0, 1.0, 0.71], [50, 28, 20, 10, 7.1]),
  chemical(['ammonia', '氨', 'Ammonia', '7664-41-7'], 17.03,
    flat(30), [220, 220, 160, 110, 110], [2700, 1600, 1100, 550, 390]),
  chemical(['hydrogen_sulfide', '硫化氢', 'Hydrogen sulfide', '7783-06-4'], 34.08,
    [0.75, 0.6, 0.51, 0.36, 0.33], [41, 32, 27, 20, 17], [76, 59, 50, 37, 31]),
  chemical(['hydrogen_chloride', '氯化氢', 'Hydrogen chloride', '7647-01-0'], 36.46,
    flat(1.8), [100, 43, 22, 11, 11], [620, 210, 100, 26, 26]),
  chemical(['hydrogen_fluoride', '氟化氢', 'Hydrogen fluoride', '7664-39-3'], 20.01,
    flat(1.0), [95, 34, 24, 12, 12], [170, 62, 44, 22, 22]),
  chemical(['hydrogen_cyanide', '氰化氢', 'Hydrogen cyanide', '74-90-8'], 27.03,
    [2.5, 2.5, 2.0, 1.3, 1.0], [17, 10, 7.1, 3.5, 2.5], [27, 21, 15, 8.6, 6.6]),
  chemical(['sulfur_dioxide', '二氧化硫', 'Sulfur dioxide', '7446-09-5'], 64.07,
    flat(0.2), flat(0.75), [42, 32, 27, 19, 16]),
  chemical(['carbon_monoxide', '一氧化碳', 'Carbon monoxide', '630-08-0'], 28.01,
    flat(NR), [420, 150, 83, 33, 27], [1700, 600, 330, 150, 130]),
  chemical(['phosgene', '光气', 'Phosgene', '75-44-5'], 98.92,
    flat(NR), [0.6, 0.6, 0.3, 0.08, 0.04], [3.6, 1.5, 0.75, 0.2, 0.09]),
  chemical(['nitrogen_dioxide', '二氧化氮', 'Nitrogen dioxide', '10102-44-0'], 46.01,
    flat(0.5), [20, 15, 12, 8.2, 6.7], [34, 25, 20, 14, 11]),
  chemical(['formaldehyde', '甲醛', 'Formaldehyde', '50-00-0'], 30.03,
    flat(0.9), flat(14), [100, 70, 56, 35, 35]),
  chemical(['acrolein', '丙烯醛', 'Acrolein', '107-02-8'], 56.06,
    flat(0.03), [0.44, 0.18, 0.1, 0.1, 0.1], [6.2, 2.5, 1.4, 0.48, 0.27]),
  chemical(['methyl_isocyanate', '异氰酸甲酯', 'Methyl isocyanate', '624-83-9'], 57.05,
    flat(NR), [0.4, 0.13, 0.067, 0.017, 0.0085], [1.2, 0.4, 0.2, 0.05, 0.025]),
  chemical(['ethylene_oxide', '环氧乙烷', 'Ethylene oxide', '75-21-8'], 44.05,
    flat(NR), [80, 80, 45, 14, 7.9], [360, 360, 200, 63, 35]),
  chemical(['phosphine', '磷化氢', 'Phosphine', '7803-51-2'], 34.0,
    flat(NR), [4.0, 4.0, 2.0, 0.5, 0.25], [7.2, 7.2, 3.6, 0.9, 0.45]),
  chemical(['arsine', '砷化氢', 'Arsine', '7784-42-1'], 77.95,
    flat(NR), [0.3, 0.21, 0.17, 0.04, 0.02], [0.91, 0.63, 0.5, 0.13, 0.06]),
  chemical(['bromine', '溴', 'Bromine', '7726-95-6'], 159.81,
    flat(0.033), [0.55, 0.33, 0.24, 0.13, 0.095], [19, 12, 8.5, 4.5, 3.3]),
  chemical(['acrylonitrile', '丙烯腈', 'Acrylonitrile', '107-13-1'], 53.06,
    flat(4.6), [290, 110, 57, 16, 8.6], [480, 180, 100, 35, 19]),
  chemical(['nitric_acid', '硝酸', 'Nitric acid', '7697-37-2'], 63.01,
    flat(0.16), [43, 30, 24, 6.0, 3.0], [170, 120, 92, 23, 11]),
  chemical(['carbon_disulfide', '二硫化碳', 'Carbon disulfide', '75-15-0'], 76.14,
    [17, 17, 13, 8.4, 6.7], [200, 200, 160, 100, 50], [600, 600, 480, 300, 150]),
  chemical(['carbon_tetrachloride', '四氯化碳', 'Carbon tetrachloride', '56-23-5'], 153.82,
    flat(NR), [27, 18, 13, 7.6, 5.8], [700, 450, 340, 200, 150]),
  chemical(['hydrazine', '肼', 'Hydrazine', '302-01-2'], 32.05,
    flat(0.1), [23, 16, 13, 3.1, 1.6], [64, 45, 35, 8.9, 4.4]),
  chemical(['dimethylhydrazine', '偏二甲肼', '1,1-Dimethylhydrazine', '57-14-7'], 60.1,
    flat(NR), [18, 6.0, 3.0, 0.75, 0.38], [65, 22, 11, 2.7, 1.4]),
  chemical(['methylhydrazine', '甲基肼', 'Methylhydrazine', '60-34-4'], 46.07,
    flat(NR), [5.3, 1.8, 0.9, 0.23, 0.11], [16, 5.5, 2.7, 0.68, 0.34]),
];

const normalise = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** A substance by id, English or Chinese name or CAS number; undefined if none matches. */
export function findChemical(name: string): Chemical | undefined {
  const wanted = normalise(name);
  return CHEMICALS.find(
    (entry) =>
      entry.id === wanted ||
      normalise(entry.nameEn) === wanted ||
      entry.nameZh === name.trim() ||
      entry.casNumber === name.trim(),
  );
}

export function isAeglDuration(minutes: number): minutes is AeglDurationMin {
  return (AEGL_DURATIONS_MIN as readonly number[]).includes(minutes);
}

/** The tier's value for an exposure duration: ppm, or "NR" where the table has none. */
export function aeglValuePpm(
  substance: Chemical,
  tier: AeglTier,
  durationMin: AeglDurationMin,
): AeglValuePpm {
  return substance.aeglPpm[tier][AEGL_DURATIONS_MIN.indexOf(durationMin)]!;
}
