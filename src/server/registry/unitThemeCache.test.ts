import { describe, expect, it } from 'vitest';
import type { UnitThemeRow } from './registryRecords';
import type { RegistryRepository } from './registryRepository';
import { UnitThemeCache } from './unitThemeCache';

const ROWS: UnitThemeRow[] = [
  {
    unitId: 1,
    gridCode: '350102001001001',
    residentCount: 3,
    rental: false,
    elderlyAloneCount: 1,
    vacant: false,
    use: 'residential',
  },
  {
    unitId: 2,
    gridCode: '350102001001002',
    residentCount: 0,
    rental: false,
    elderlyAloneCount: 0,
    vacant: true,
    use: 'vacant',
  },
  {
    unitId: 3,
    gridCode: '350102002001001',
    residentCount: 2,
    rental: true,
    elderlyAloneCount: 0,
    vacant: false,
    use: 'rental',
  },
];

function fakeRegistry(calls: { count: number }): RegistryRepository {
  return {
    listUnitThemes: (gridCode: string | null, scopes: readonly string[]) => {
      calls.count += 1;
      expect(gridCode).toBeNull();
      expect(scopes).toEqual(['350102']);
      return ROWS;
    },
  } as unknown as RegistryRepository;
}

describe('UnitThemeCache', () => {
  it('filters cached rows by scope and grid', () => {
    const cache = new UnitThemeCache(fakeRegistry({ count: 0 }), () => '350102');
    expect(cache.select(null, ['350102001'])).toEqual({
      unitIds: [1, 2],
      residentCounts: [3, 0],
      rentalFlags: [0, 0],
      elderlyAloneCounts: [1, 0],
      vacantFlags: [0, 1],
      useCodes: [0, 3],
    });
    expect(cache.select('350102002', ['350102']).useCodes).toEqual([1]);
    expect(cache.select('350102', ['350102']).unitIds).toEqual([1, 2, 3]);
    expect(cache.select('350102002', ['350102']).unitIds).toEqual([3]);
    expect(cache.select('350102002', ['350102001']).unitIds).toEqual([]);
    expect(cache.select(null, []).unitIds).toEqual([]);
  });

  it('computes once per time-to-live, and again after invalidate', () => {
    const calls = { count: 0 };
    let nowMs = 0;
    const cache = new UnitThemeCache(
      fakeRegistry(calls),
      () => '350102',
      () => nowMs,
      1_000,
    );
    cache.select(null, ['350102']);
    cache.select(null, ['350102001']);
    expect(calls.count).toBe(1);
    nowMs = 1_000;
    cache.select(null, ['350102']);
    expect(calls.count).toBe(2);
    cache.invalidate();
    cache.select(null, ['350102']);
    expect(calls.count).toBe(3);
  });
});
