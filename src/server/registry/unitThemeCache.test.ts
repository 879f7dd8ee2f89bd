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

type ThemeReader = Pick<RegistryRepository, 'listUnitThemes'>;

function fakeRegistry(
  calls: { count: number },
  rows: () => Promise<UnitThemeRow[]> = async () => ROWS,
): ThemeReader {
  return {
    listUnitThemes: (gridCode: string | null, scopes: readonly string[]) => {
      calls.count += 1;
      expect(gridCode).toBeNull();
      expect(scopes).toEqual(['350102']);
      return rows();
    },
  };
}

const DISTRICT = async () => '350102';

describe('UnitThemeCache', () => {
  it('filters cached rows by scope and grid', async () => {
    const cache = new UnitThemeCache(fakeRegistry({ count: 0 }), DISTRICT);
    expect(await cache.select(null, ['350102001'])).toEqual({
      unitIds: [1, 2],
      residentCounts: [3, 0],
      rentalFlags: [0, 0],
      elderlyAloneCounts: [1, 0],
      vacantFlags: [0, 1],
      useCodes: [0, 3],
    });
    expect((await cache.select('350102002', ['350102'])).useCodes).toEqual([1]);
    expect((await cache.select('350102', ['350102'])).unitIds).toEqual([1, 2, 3]);
    expect((await cache.select('350102002', ['350102'])).unitIds).toEqual([3]);
    expect((await cache.select('350102002', ['350102001'])).unitIds).toEqual([]);
    expect((await cache.select(null, [])).unitIds).toEqual([]);
  });

  it('computes once per time-to-live, and again after invalidate', async () => {
    const calls = { count: 0 };
    let nowMs = 0;
    const cache = new UnitThemeCache(fakeRegistry(calls), DISTRICT, () => nowMs, 1_000);
    await cache.select(null, ['350102']);
    await cache.select(null, ['350102001']);
    expect(calls.count).toBe(1);
    nowMs = 1_000;
    await cache.select(null, ['350102']);
    expect(calls.count).toBe(2);
    cache.invalidate();
    await cache.select(null, ['350102']);
    expect(calls.count).toBe(3);
  });

  it('shares one computation between requests at once, and keeps none an invalidation overtook', async () => {
    const calls = { count: 0 };
    const pending: Array<(rows: UnitThemeRow[]) => void> = [];
    const cache = new UnitThemeCache(
      fakeRegistry(calls, () => new Promise((resolve) => pending.push(resolve))),
      DISTRICT,
    );
    const first = cache.select(null, ['350102']);
    const second = cache.select(null, ['350102']);
    await Promise.resolve();
    await Promise.resolve();
    expect(calls.count).toBe(1);
    // The register changes while the rows are read: those rows are answered, not kept.
    cache.invalidate();
    pending.shift()!(ROWS);
    expect((await first).unitIds).toEqual([1, 2, 3]);
    expect((await second).unitIds).toEqual([1, 2, 3]);
    const third = cache.select(null, ['350102']);
    await Promise.resolve();
    await Promise.resolve();
    expect(calls.count).toBe(2);
    pending.shift()!(ROWS.slice(0, 1));
    expect((await third).unitIds).toEqual([1]);
    expect((await cache.select(null, ['350102'])).unitIds).toEqual([1]);
    expect(calls.count).toBe(2);
  });
});
