import { describe, expect, it } from 'vitest';
import { groundDistanceM } from './groundDistance';
import { toLonLat } from './localFrame';

const ORIGIN = { lon: 119.3, lat: 26.08 };

describe('groundDistanceM', () => {
  it('measures a 3-4-5 triangle laid out in the local frame', () => {
    expect(groundDistanceM(ORIGIN, toLonLat(ORIGIN, 300, 400))).toBeCloseTo(500, 1);
  });

  it('is symmetric and zero for the same point', () => {
    const other = toLonLat(ORIGIN, -1200, 800);
    expect(groundDistanceM(ORIGIN, other)).toBe(groundDistanceM(other, ORIGIN));
    expect(groundDistanceM(ORIGIN, ORIGIN)).toBe(0);
  });

  it('agrees with the ellipsoid on a degree of latitude within 0.1 %', () => {
    // One degree of latitude at 26.5° N is about 110.8 km on WGS84.
    const distanceM = groundDistanceM({ lon: 119.3, lat: 26 }, { lon: 119.3, lat: 27 });
    expect(Math.abs(distanceM - 110_800) / 110_800).toBeLessThan(0.001);
  });
});
