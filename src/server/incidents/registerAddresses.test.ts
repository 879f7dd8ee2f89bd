import { describe, expect, it } from 'vitest';
import type { BuildingRecord, GridRecord } from '../../domain/registry';
import { createPlaceAddressLookup } from './registerAddresses';

const GRID = '110101001002003';
const NAMES: Record<string, string> = {
  '110101': '示范区',
  '110101001': '东湖街道',
  '110101001002': '花园社区',
  [GRID]: '第三网格',
};
const here = { lon: 116.4, lat: 39.9 };

function fakeRegistry(buildings: Array<Pick<BuildingRecord, 'origin' | 'address'>>) {
  const reads: string[] = [];
  return {
    reads,
    registry: {
      findGrid: (code: string) =>
        Promise.resolve(
          (NAMES[code] === undefined ? null : { code, name: NAMES[code] }) as GridRecord | null,
        ),
      listBuildingsInGrid: (code: string) => {
        reads.push(code);
        return Promise.resolve({ items: buildings as BuildingRecord[], total: buildings.length });
      },
    },
  };
}

describe('createPlaceAddressLookup', () => {
  it('names the nearest building, reading each grid once per lookup', async () => {
    const { registry, reads } = fakeRegistry([{ origin: here, address: '东湖街道解放路1号' }]);
    const addressOf = createPlaceAddressLookup(registry);
    const [first, second] = await Promise.all([
      addressOf(here, GRID),
      addressOf({ lon: here.lon, lat: here.lat + 0.0001 }, GRID),
    ]);
    expect(first).toBe('东湖街道解放路1号');
    expect(second).toBe('东湖街道解放路1号');
    expect(reads).toEqual([GRID]);
  });

  it('names the street, community and grid (not the district) where no building is near', async () => {
    const { registry } = fakeRegistry([]);
    expect(await createPlaceAddressLookup(registry)(here, GRID)).toBe(
      '东湖街道花园社区第三网格附近',
    );
  });
});
