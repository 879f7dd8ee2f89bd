import { describe, expect, it } from 'vitest';
import {
  eastNorthUpToEcef,
  geodeticToEcef,
  metresPerDegree,
  toLocalMetres,
  toLonLat,
} from './localFrame';

const FUZHOU = { lon: 119.29, lat: 26.08 };

describe('local east/north frame', () => {
  it('round-trips points within a few kilometres to well under a millimetre', () => {
    for (const [eastM, northM] of [
      [0, 0],
      [1234.5, -987.6],
      [-5000, 5000],
      [0.001, -0.002],
    ] as const) {
      const back = toLocalMetres(FUZHOU, toLonLat(FUZHOU, eastM, northM));
      expect(back.eastM).toBeCloseTo(eastM, 6);
      expect(back.northM).toBeCloseTo(northM, 6);
    }
  });

  it('uses the right scale at Fuzhou: about 100.1 km per degree of longitude, 110.8 km of latitude', () => {
    const scale = metresPerDegree(FUZHOU.lat);
    expect(scale.eastM).toBeGreaterThan(99_900);
    expect(scale.eastM).toBeLessThan(100_300);
    expect(scale.northM).toBeGreaterThan(110_700);
    expect(scale.northM).toBeLessThan(110_900);
    const north = toLonLat(FUZHOU, 0, 1000);
    expect(north.lon).toBe(FUZHOU.lon);
    expect(north.lat).toBeGreaterThan(FUZHOU.lat);
  });

  it('agrees with ECEF distances for short offsets', () => {
    const moved = toLonLat(FUZHOU, 300, 400);
    const [x1, y1, z1] = geodeticToEcef(FUZHOU.lon, FUZHOU.lat, 0);
    const [x2, y2, z2] = geodeticToEcef(moved.lon, moved.lat, 0);
    expect(Math.hypot(x2 - x1, y2 - y1, z2 - z1)).toBeCloseTo(500, 1);
  });

  it('builds an east-north-up transform whose origin is the ECEF position', () => {
    const matrix = eastNorthUpToEcef(FUZHOU.lon, FUZHOU.lat, 10);
    const origin = geodeticToEcef(FUZHOU.lon, FUZHOU.lat, 10);
    expect(matrix.slice(12, 15)).toEqual(origin);
    expect(matrix[15]).toBe(1);
    const up = matrix.slice(8, 11);
    expect(Math.hypot(...up)).toBeCloseTo(1, 12);
  });
});
