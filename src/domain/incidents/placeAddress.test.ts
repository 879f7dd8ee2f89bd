import { describe, expect, it } from 'vitest';
import { describePlace, NEAREST_BUILDING_MAX_M } from './placeAddress';

/** About 1 m of latitude in degrees. */
const METRE_DEG = 1 / 111_000;
const here = { lon: 121.5, lat: 31.2 };
const north = (metres: number) => ({ lon: here.lon, lat: here.lat + metres * METRE_DEG });
const grids = ['东湖街道', '花园社区', '第三网格'];

describe('describePlace', () => {
  it('gives the nearest building address within reach', () => {
    const buildings = [
      { origin: north(40), address: '东湖街道解放路12号2座' },
      { origin: north(15), address: '东湖街道解放路12号1座' },
    ];
    expect(describePlace(here, buildings, grids)).toBe('东湖街道解放路12号1座');
  });

  it('falls back to the street, community and grid names when no building is close', () => {
    const far = [{ origin: north(NEAREST_BUILDING_MAX_M + 20), address: '解放路99号' }];
    expect(describePlace(here, far, grids)).toBe('东湖街道花园社区第三网格附近');
  });

  it('skips buildings without an address and says nothing when the register knows nothing', () => {
    expect(describePlace(here, [{ origin: here, address: ' ' }], ['', ' '])).toBe('');
    expect(describePlace(here, [{ origin: here, address: ' ' }], ['花园社区'])).toBe(
      '花园社区附近',
    );
  });
});
