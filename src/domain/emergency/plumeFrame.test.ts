import { describe, expect, it } from 'vitest';
import { toLonLat } from '../geo/localFrame';
import { arrivalTimeS, createPlumeFrame, fromPlumeFrame, toPlumeFrame } from './plumeFrame';

const SOURCE = { lon: 119.29, lat: 26.08 };

describe('the plume frame', () => {
  it('carries the gas away from where the wind comes from (a north wind blows south)', () => {
    const northWind = createPlumeFrame(SOURCE, 0);
    const south = toPlumeFrame(northWind, toLonLat(SOURCE, 0, -1000));
    expect(south.downwindM).toBeCloseTo(1000, 6);
    expect(south.crosswindM).toBeCloseTo(0, 6);
    const westWind = createPlumeFrame(SOURCE, 270);
    expect(toPlumeFrame(westWind, toLonLat(SOURCE, 1000, 0)).downwindM).toBeCloseTo(1000, 6);
  });

  it('measures crosswind to the left looking downwind (east, under a north wind)', () => {
    const frame = createPlumeFrame(SOURCE, 0);
    expect(toPlumeFrame(frame, toLonLat(SOURCE, 100, 0)).crosswindM).toBeCloseTo(100, 6);
  });

  it('goes to lon/lat and back without loss, at any wind direction', () => {
    for (const windFromDeg of [0, 37, 135, 222.5, 359]) {
      const frame = createPlumeFrame(SOURCE, windFromDeg);
      const back = toPlumeFrame(frame, fromPlumeFrame(frame, 1234.5, -321));
      expect(back.downwindM).toBeCloseTo(1234.5, 6);
      expect(back.crosswindM).toBeCloseTo(-321, 6);
    }
  });

  it('times the arrival as downwind distance over wind speed, and never upwind', () => {
    const frame = createPlumeFrame(SOURCE, 0);
    expect(arrivalTimeS(frame, 3, toLonLat(SOURCE, 200, -1500))).toBeCloseTo(500, 6);
    expect(arrivalTimeS(frame, 3, toLonLat(SOURCE, 0, 800))).toBeNull();
  });
});
