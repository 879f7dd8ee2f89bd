import { describe, expect, it } from 'vitest';
import { isPointInRing, signedRingAreaM2 } from '../geo/planarGeometry';
import { createSeededRandom } from '../seededRandom';
import { briggsSigmas } from './dispersionCoefficients';
import { plumeConcentration } from './gaussianDispersion';
import { createPlumeModel, groundConcentrationMgM3, zoneHalfWidthM } from './plumeModel';
import {
  MAX_ZONE_DISTANCE_M,
  computeZoneProfile,
  isInsideZoneProfile,
  zoneProfileRing,
} from './zoneProfile';

const CONDITIONS = { windMs: 3, stability: 'D', terrain: 'urban', releaseHeightM: 0 } as const;
const GROUND_LEAK = createPlumeModel({ kind: 'continuous', rateGPerS: 1000 }, CONDITIONS);
/** Chlorine AEGL-1 (0.5 ppm) in mg/m³ at 25 °C. */
const THRESHOLD_MG_M3 = (0.5 * 70.9) / 24.45;

describe('the plume model', () => {
  it('factors the ground-level plume into axis × exp(−y²/2σy²), as the direct formula gives', () => {
    const sigmas = briggsSigmas('D', 'urban', 800);
    const direct = plumeConcentration(1_000_000, 3, 0, sigmas, {
      crosswindM: 60,
      receptorHeightM: 0,
    });
    expect(groundConcentrationMgM3(GROUND_LEAK, 800, 60)).toBeCloseTo(direct, 9);
  });

  it('gives a puff’s passing peak on the axis as 2M/((2π)^{3/2} σy² σz) (hand-computed)', () => {
    // 1 kg at ground level, open country D at 1 km: σy = 76.28 m, σz = 37.95 m (Briggs), so
    // 2 × 10⁶ mg / (15.7496 × 76.28² × 37.95) = 0.5751 mg/m³.
    const puff = createPlumeModel(
      { kind: 'instantaneous', massKg: 1 },
      { ...CONDITIONS, terrain: 'open' },
    );
    expect(puff.axisConcentrationMgM3(1000)).toBeCloseTo(0.5751, 3);
  });

  it('puts the threshold exactly at the solved half-width', () => {
    const halfWidthM = zoneHalfWidthM(GROUND_LEAK, 1500, THRESHOLD_MG_M3);
    expect(halfWidthM).toBeGreaterThan(0);
    expect(groundConcentrationMgM3(GROUND_LEAK, 1500, halfWidthM)).toBeCloseTo(THRESHOLD_MG_M3, 9);
  });
});

describe('a zone profile', () => {
  it('ends where the axis concentration falls to the threshold', () => {
    const profile = computeZoneProfile(GROUND_LEAK, THRESHOLD_MG_M3)!;
    expect(profile.nearestM).toBe(0);
    expect(GROUND_LEAK.axisConcentrationMgM3(profile.farthestM) / THRESHOLD_MG_M3).toBeCloseTo(
      1,
      6,
    );
    expect(profile.truncated).toBe(false);
  });

  it('starts away from a raised source, where the plume first touches the ground', () => {
    const stack = createPlumeModel(
      { kind: 'continuous', rateGPerS: 1000 },
      { ...CONDITIONS, releaseHeightM: 60 },
    );
    const profile = computeZoneProfile(stack, THRESHOLD_MG_M3)!;
    expect(profile.nearestM).toBeGreaterThan(50);
    expect(stack.axisConcentrationMgM3(profile.nearestM) / THRESHOLD_MG_M3).toBeCloseTo(1, 6);
    expect(profile.farthestM).toBeGreaterThan(profile.nearestM);
  });

  it('is null when the threshold is never reached, and cut at the model limit when it always is', () => {
    const trickle = createPlumeModel({ kind: 'continuous', rateGPerS: 1e-9 }, CONDITIONS);
    expect(computeZoneProfile(trickle, THRESHOLD_MG_M3)).toBeNull();
    const flood = computeZoneProfile(GROUND_LEAK, 1e-9)!;
    expect(flood.truncated).toBe(true);
    expect(flood.farthestM).toBe(MAX_ZONE_DISTANCE_M);
  });

  it('answers inside/outside exactly as a point-in-polygon test on its own outline', () => {
    const profile = computeZoneProfile(GROUND_LEAK, THRESHOLD_MG_M3)!;
    const ring = zoneProfileRing(profile);
    const random = createSeededRandom(12);
    let insideCount = 0;
    for (let sample = 0; sample < 20_000; sample++) {
      const downwindM = random.between(-100, profile.farthestM + 100);
      const crosswindM = random.between(-600, 600);
      const inside = isInsideZoneProfile(profile, downwindM, crosswindM);
      expect(inside).toBe(isPointInRing([downwindM, crosswindM], ring));
      if (inside) insideCount++;
    }
    expect(insideCount).toBeGreaterThan(1000);
  });

  it('draws its outline counter-clockwise and closed, as GeoJSON wants an outer ring', () => {
    const ring = zoneProfileRing(computeZoneProfile(GROUND_LEAK, THRESHOLD_MG_M3)!);
    expect(ring[0]).toEqual(ring.at(-1));
    expect(signedRingAreaM2(ring.slice(0, -1))).toBeGreaterThan(0);
  });

  it('keeps its outline within a metre of the true edge between samples', () => {
    const profile = computeZoneProfile(GROUND_LEAK, THRESHOLD_MG_M3)!;
    for (let index = 1; index < profile.downwindM.length - 2; index += 7) {
      const middleM = (profile.downwindM[index]! + profile.downwindM[index + 1]!) / 2;
      const trueEdgeM = zoneHalfWidthM(GROUND_LEAK, middleM, THRESHOLD_MG_M3);
      const drawnEdgeM = (profile.halfWidthM[index]! + profile.halfWidthM[index + 1]!) / 2;
      expect(Math.abs(trueEdgeM - drawnEdgeM)).toBeLessThan(1);
    }
  });
});
