import { describe, expect, it } from 'vitest';
import { toLonLat } from '../geo/localFrame';
import { isPointInArea } from '../geo/polygonContainment';
import { findChemical } from './chemicals';
import { PlumeInputError, computeThreatZones, type PlumeScenario } from './plumeScenario';

const SOURCE = { lon: 119.29, lat: 26.08 };
/** The command-line example: 1 kg/s of chlorine at ground level, 3 m/s, D, urban. */
const CHLORINE_LEAK: PlumeScenario = {
  substance: findChemical('chlorine')!,
  release: { kind: 'continuous', rateGPerS: 1000 },
  releaseHeightM: 0,
  source: SOURCE,
  windMs: 3,
  windFromDeg: 0,
  stability: 'D',
  terrain: 'urban',
  exposureMin: 60,
};

describe('threat zones', () => {
  it('lists AEGL-1, -2, -3 with their 60-minute values and nested distances', () => {
    const { zones } = computeThreatZones(CHLORINE_LEAK);
    expect(zones.map((zone) => [zone.tier, zone.ppm])).toEqual([
      ['AEGL-1', 0.5],
      ['AEGL-2', 2],
      ['AEGL-3', 20],
    ]);
    const [discomfort, serious, severe] = zones.map((zone) => zone.maxDistanceM!);
    expect(severe).toBeLessThan(serious!);
    expect(serious).toBeLessThan(discomfort!);
  });

  it('reaches AEGL-2 of chlorine about 1.06 km downwind (hand-computed)', () => {
    // 2 ppm = 2 × 70.9 / 24.45 = 5.800 mg/m³. On the axis C = Q/(π u σy σz) with Q = 10⁶ mg/s,
    // u = 3 m/s, so the edge is where σy·σz = 10⁶/(3π × 5.800) = 18,295 m². Urban D:
    // x = 1050 m: σy = 168/√1.42 = 140.98, σz = 147/√1.315 = 128.19, product 18,072;
    // x = 1060 m: σy = 169.6/√1.424 = 142.13, σz = 148.4/√1.318 = 129.26, product 18,372.
    const serious = computeThreatZones(CHLORINE_LEAK).zones[1]!;
    expect(serious.maxDistanceM).toBeGreaterThan(1050);
    expect(serious.maxDistanceM).toBeLessThan(1060);
  });

  it('draws the zones downwind: under a north wind every vertex lies south of the source', () => {
    const { zones } = computeThreatZones(CHLORINE_LEAK);
    const ring = zones[0]!.polygon!.coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(Math.max(...ring.map(([, lat]) => lat!))).toBeLessThanOrEqual(SOURCE.lat + 1e-9);
    expect(isPointInArea(toLonLat(SOURCE, 0, -800), zones[0]!.polygon!)).toBe(true);
    expect(isPointInArea(toLonLat(SOURCE, 0, 800), zones[0]!.polygon!)).toBe(false);
    const eastWind = computeThreatZones({ ...CHLORINE_LEAK, windFromDeg: 90 }).zones[0]!;
    expect(isPointInArea(toLonLat(SOURCE, -800, 0), eastWind.polygon!)).toBe(true);
  });

  it('uses the exposure duration asked for (chlorine AEGL-3 is 50 ppm for 10 minutes)', () => {
    const tenMinutes = computeThreatZones({ ...CHLORINE_LEAK, exposureMin: 10 }).zones[2]!;
    const hour = computeThreatZones(CHLORINE_LEAK).zones[2]!;
    expect(tenMinutes.ppm).toBe(50);
    expect(tenMinutes.maxDistanceM!).toBeLessThan(hour.maxDistanceM!);
  });

  it('draws no zone for a tier the EPA did not recommend (carbon monoxide AEGL-1)', () => {
    const { zones } = computeThreatZones({
      ...CHLORINE_LEAK,
      substance: findChemical('carbon_monoxide')!,
    });
    expect(zones[0]).toMatchObject({
      tier: 'AEGL-1',
      ppm: null,
      maxDistanceM: null,
      polygon: null,
    });
    expect(zones[1]!.maxDistanceM).toBeGreaterThan(0);
  });

  it('models an instantaneous release as a puff whose zone grows with the mass', () => {
    const puff = (massKg: number) =>
      computeThreatZones({ ...CHLORINE_LEAK, release: { kind: 'instantaneous', massKg } }).zones;
    const small = puff(100)[0]!.maxDistanceM!;
    const large = puff(1000)[0]!.maxDistanceM!;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
  });

  it('refuses a wind under 1 m/s and a negative release, in both languages', () => {
    const calm = () => computeThreatZones({ ...CHLORINE_LEAK, windMs: 0.5 });
    expect(calm).toThrow(PlumeInputError);
    try {
      calm();
    } catch (error) {
      expect(error).toMatchObject({ field: 'windMs' });
      expect((error as PlumeInputError).messageZh).toMatch(/风速/);
      expect((error as PlumeInputError).messageEn).toMatch(/wind speed/);
    }
    expect(() =>
      computeThreatZones({ ...CHLORINE_LEAK, release: { kind: 'continuous', rateGPerS: -1 } }),
    ).toThrow(/release rate/);
  });
});
