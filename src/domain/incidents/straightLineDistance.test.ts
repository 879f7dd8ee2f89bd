import { describe, expect, it } from 'vitest';
import { toLonLat } from '../localFrame';
import { straightLineDistanceM } from './straightLineDistance';

const ORIGIN = { lon: 119.3, lat: 26.08 };

describe('straightLineDistanceM', () => {
  it('measures a 3-4-5 triangle laid out in the local frame', () => {
    expect(straightLineDistanceM(ORIGIN, toLonLat(ORIGIN, 300, 400))).toBeCloseTo(500, 1);
  });

  it('is symmetric and zero for the same point', () => {
    const other = toLonLat(ORIGIN, -1200, 800);
    expect(straightLineDistanceM(ORIGIN, other)).toBe(straightLineDistanceM(other, ORIGIN));
    expect(straightLineDistanceM(ORIGIN, ORIGIN)).toBe(0);
  });

  it('agrees with the ellipsoid on a degree of latitude within 0.1 %', () => {
    // One degree of latitude at 26.5° N is about 110.8 km on WGS84.
    const distanceM = straightLineDistanceM({ lon: 119.3, lat: 26 }, { lon: 119.3, lat: 27 });
    expect(Math.abs(distanceM - 110_800) / 110_800).toBeLessThan(0.001);
  });
});
