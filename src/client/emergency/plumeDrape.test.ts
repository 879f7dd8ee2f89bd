import { describe, expect, it } from 'vitest';
import { computeThreatZones } from '../../domain/emergency/plumeScenario';
import { resolvePlumeScenario } from '../../domain/emergency/plumeScenarioInput';
import { toLonLat } from '../../domain/geo/localFrame';
import { isPointInArea } from '../../domain/geo/polygonContainment';
import type { PlumeAssessmentRequest } from '../../shared/emergency';
import { DRAPE_CELLS, plumeDrapeOf } from './plumeDrape';

const SOURCE = { lon: 119.2865, lat: 26.0806 };
const AT_MS = 1_700_000_000_000;
const RELEASE: PlumeAssessmentRequest = {
  substance: 'chlorine',
  release: { kind: 'continuous', rateGPerS: 1000 },
  source: SOURCE,
  windMs: 3,
  windFromDeg: 270,
  stability: 'D',
  terrain: 'urban',
};

/** The pixel of the image over a point, as [red, green, blue, alpha]. */
function pixelAt(
  drape: NonNullable<ReturnType<typeof plumeDrapeOf>>,
  eastM: number,
  northM: number,
) {
  const image = drape.image!;
  const point = toLonLat(SOURCE, eastM, northM);
  const column = Math.floor(((point.lon - image.west) / (image.east - image.west)) * image.width);
  const row = Math.floor(((image.north - point.lat) / (image.north - image.south)) * image.height);
  return [
    ...image.rgba.slice((row * image.width + column) * 4, (row * image.width + column) * 4 + 4),
  ];
}

describe('plumeDrapeOf', () => {
  it('gives the server model’s zones for a replayed step', () => {
    const drape = plumeDrapeOf(RELEASE, AT_MS)!;
    const expected = computeThreatZones(resolvePlumeScenario(RELEASE, AT_MS).scenario).zones;
    expect(drape.zones.map((zone) => zone.polygon?.coordinates)).toEqual(
      expected.map((zone) => zone.polygon?.coordinates),
    );
  });

  it('colours the ground downwind and leaves upwind transparent', () => {
    const drape = plumeDrapeOf(RELEASE, AT_MS)!;
    expect(drape.image!.width).toBe(DRAPE_CELLS);
    const aegl3 = drape.zones[2]!.polygon!;
    const downwind = toLonLat(SOURCE, 150, 0);
    expect(isPointInArea(downwind, aegl3)).toBe(true);
    const near = pixelAt(drape, 150, 0);
    const far = pixelAt(drape, 2000, 0);
    expect(near[3]).toBeGreaterThan(0);
    expect(pixelAt(drape, -300, 0)[3]).toBe(0);
    // Hotter near the source: the ramp's red end, more opaque.
    expect(near[3]!).toBeGreaterThan(far[3]!);
  });

  it('turns with the wind', () => {
    const north = plumeDrapeOf({ ...RELEASE, windFromDeg: 180 }, AT_MS)!;
    expect(pixelAt(north, 0, 300)[3]).toBeGreaterThan(0);
    expect(pixelAt(north, 300, 0)[3]).toBe(0);
  });

  it('answers null for a release the model refuses', () => {
    expect(plumeDrapeOf({ ...RELEASE, windMs: 0.2 }, AT_MS)).toBeNull();
  });
});
