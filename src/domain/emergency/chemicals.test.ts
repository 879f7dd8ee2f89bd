import { describe, expect, it } from 'vitest';
import {
  AEGL_DURATIONS_MIN,
  AEGL_TIERS,
  CHEMICALS,
  NOT_RECOMMENDED,
  aeglValuePpm,
  findChemical,
} from './chemicals';

describe('the built-in chemical table', () => {
  it('holds at least 20 substances with unique ids and CAS numbers', () => {
    expect(CHEMICALS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CHEMICALS.map((entry) => entry.id)).size).toBe(CHEMICALS.length);
    expect(new Set(CHEMICALS.map((entry) => entry.casNumber)).size).toBe(CHEMICALS.length);
  });

  it('orders the tiers (AEGL-1 ≤ AEGL-2 ≤ AEGL-3) and never raises a value with duration', () => {
    for (const entry of CHEMICALS) {
      expect(entry.molecularWeightGPerMol).toBeGreaterThan(1);
      for (const durationMin of AEGL_DURATIONS_MIN) {
        const values = AEGL_TIERS.map((tier) => aeglValuePpm(entry, tier, durationMin));
        const numeric = values.filter((value): value is number => value !== NOT_RECOMMENDED);
        expect(numeric, `${entry.id} at ${durationMin} min`).toEqual(
          [...numeric].sort((left, right) => left - right),
        );
      }
      for (const tier of AEGL_TIERS) {
        const row = entry.aeglPpm[tier].filter((value) => value !== NOT_RECOMMENDED);
        expect(row, `${entry.id} ${tier}`).toEqual([...row].sort((left, right) => right - left));
      }
      // Only AEGL-1 (and AEGL-2 in principle) may be missing; AEGL-3 always has values here.
      expect(entry.aeglPpm['AEGL-3']).not.toContain(NOT_RECOMMENDED);
    }
  });

  it('reproduces the EPA values for chlorine (NRC 2004, AEGL volume 4)', () => {
    const chlorine = findChemical('chlorine')!;
    expect(chlorine.molecularWeightGPerMol).toBeCloseTo(70.9, 1);
    expect(aeglValuePpm(chlorine, 'AEGL-1', 60)).toBe(0.5);
    expect(aeglValuePpm(chlorine, 'AEGL-2', 60)).toBe(2.0);
    expect(aeglValuePpm(chlorine, 'AEGL-3', 60)).toBe(20);
    expect(aeglValuePpm(chlorine, 'AEGL-3', 10)).toBe(50);
    expect(aeglValuePpm(chlorine, 'AEGL-2', 480)).toBe(0.71);
  });

  it('marks tiers the EPA did not recommend as NR (carbon monoxide has no AEGL-1)', () => {
    const carbonMonoxide = findChemical('carbon monoxide')!;
    expect(aeglValuePpm(carbonMonoxide, 'AEGL-1', 60)).toBe(NOT_RECOMMENDED);
    expect(aeglValuePpm(carbonMonoxide, 'AEGL-2', 60)).toBe(83);
  });

  it('finds a substance by id, English name, Chinese name or CAS number', () => {
    expect(findChemical('Hydrogen sulfide')?.id).toBe('hydrogen_sulfide');
    expect(findChemical('氯气')?.id).toBe('chlorine');
    expect(findChemical('7664-41-7')?.id).toBe('ammonia');
    expect(findChemical('unobtainium')).toBeUndefined();
  });
});
