import { describe, expect, it } from 'vitest';
import { foldAgeBands } from './ageBands';
import { nearestRank, nearestRankPercentile } from './percentile';
import { summariseWaitsByState } from './stepDurations';

describe('foldAgeBands', () => {
  const rule = { bandYears: 5, openFromAge: 90 };

  it('puts each birth year in the band of the age reached this year, by sex', () => {
    const bands = foldAgeBands(
      [
        { birthYear: 2026, sex: 'M', count: 2 },
        { birthYear: 2022, sex: 'F', count: 3 },
        { birthYear: 2021, sex: 'F', count: 1 },
        { birthYear: 1990, sex: 'M', count: 4 },
      ],
      2026,
      rule,
    );
    expect(bands).toHaveLength(19);
    expect(bands[0]).toEqual({ fromAge: 0, male: 2, female: 3 });
    expect(bands[1]).toEqual({ fromAge: 5, male: 0, female: 1 });
    expect(bands[7]).toEqual({ fromAge: 35, male: 4, female: 0 });
  });

  it('folds 90 and older into the last, open band and never counts a negative age', () => {
    const bands = foldAgeBands(
      [
        { birthYear: 1936, sex: 'F', count: 1 },
        { birthYear: 1900, sex: 'M', count: 1 },
        { birthYear: 2030, sex: 'M', count: 1 },
      ],
      2026,
      rule,
    );
    expect(bands.at(-1)).toEqual({ fromAge: 90, male: 1, female: 1 });
    expect(bands[0]!.male).toBe(1);
  });
});

describe('nearestRankPercentile', () => {
  it('takes the smallest value with the fraction at or below it', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(nearestRankPercentile(values, 0.9)).toBe(9);
    expect(nearestRankPercentile(values, 1)).toBe(10);
    expect(nearestRankPercentile([42], 0.9)).toBe(42);
    expect(values[0]).toBe(10);
  });

  it('has none for no values', () => {
    expect(nearestRankPercentile([], 0.9)).toBeNull();
  });
});

describe('summariseWaitsByState', () => {
  it('gives samples, the rounded mean and the nearest-rank p90 per state, in state order', () => {
    const waits = [
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((durationMs) => ({ state: 'reported', durationMs })),
      { state: 'handling', durationMs: 5 },
      { state: 'handling', durationMs: 6 },
    ];
    expect(summariseWaitsByState(waits)).toEqual([
      { state: 'handling', samples: 2, meanMs: 6, p90Ms: 6 },
      { state: 'reported', samples: 10, meanMs: 6, p90Ms: 9 },
    ]);
    expect(nearestRank(10, 0.9)).toBe(9);
    expect(nearestRank(1, 0.9)).toBe(1);
    expect(summariseWaitsByState([])).toEqual([]);
  });
});
