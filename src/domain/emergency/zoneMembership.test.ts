import { describe, expect, it } from 'vitest';
import { isPointInArea } from '../geo/polygonContainment';
import { toLonLat } from '../geo/localFrame';
import { createSeededRandom } from '../seededRandom';
import { findChemical } from './chemicals';
import { computeThreatZones, type PlumeScenario } from './plumeScenario';
import { zoneMaskOfPoints, zonesHoldingPoint } from './zoneMembership';

const SOURCE = { lon: 119.29, lat: 26.08 };
const SCENARIO: PlumeScenario = {
  substance: findChemical('chlorine')!,
  release: { kind: 'continuous', rateGPerS: 1000 },
  releaseHeightM: 0,
  source: SOURCE,
  windMs: 3,
  windFromDeg: 225,
  stability: 'D',
  terrain: 'urban',
  exposureMin: 60,
};

describe('zone membership', () => {
  it('agrees with a point-in-polygon test on every zone polygon', () => {
    const { frame, zones } = computeThreatZones(SCENARIO);
    const random = createSeededRandom(7);
    const count = 20_000;
    const lons = new Float64Array(count);
    const lats = new Float64Array(count);
    for (let index = 0; index < count; index++) {
      const point = toLonLat(SOURCE, random.between(-500, 2500), random.between(-500, 2500));
      lons[index] = point.lon;
      lats[index] = point.lat;
    }
    const masks = zoneMaskOfPoints(zones, frame, lons, lats);
    const insideByZone = [0, 0, 0];
    for (let index = 0; index < count; index++) {
      zones.forEach((zone, zoneIndex) => {
        const expected = isPointInArea({ lon: lons[index]!, lat: lats[index]! }, zone.polygon!);
        expect(Boolean((masks[index]! >> zoneIndex) & 1)).toBe(expected);
        if (expected) insideByZone[zoneIndex]!++;
      });
    }
    expect(insideByZone[2]).toBeGreaterThan(0);
    expect(insideByZone[0]).toBeGreaterThan(insideByZone[1]!);
  });

  it('names the zones that hold one point (a south-west wind carries the gas north-east)', () => {
    const { frame, zones } = computeThreatZones(SCENARIO);
    expect(zonesHoldingPoint(zones, frame, toLonLat(SOURCE, 150, 150))).toEqual([0, 1, 2]);
    expect(zonesHoldingPoint(zones, frame, toLonLat(SOURCE, 1000, 1000))).toEqual([0]);
    expect(zonesHoldingPoint(zones, frame, toLonLat(SOURCE, -150, -150))).toEqual([]);
  });

  it('holds nothing in a zone the EPA did not recommend', () => {
    const { frame, zones } = computeThreatZones({
      ...SCENARIO,
      substance: findChemical('carbon_monoxide')!,
    });
    expect(zonesHoldingPoint(zones, frame, toLonLat(SOURCE, 20, 20))).not.toContain(0);
  });
});
