import { describe, expect, it } from 'vitest';
import type { TrackPoint } from './fix';
import { measureWalkedDistanceM } from './walkedDistance';
import { noiseAt, TEST_START_MS, trackPointAt } from './trackFixtures';

/** At latitude 30°, one degree of latitude is 110 852 m (geodesy tables, WGS84). */
const METRES_PER_DEGREE_LAT_AT_30 = 110_852;

describe('measureWalkedDistanceM', () => {
  it('measures a straight 1 km walk along a meridian within 0.5 %', () => {
    const track: TrackPoint[] = [];
    for (let step = 0; step <= 100; step++) {
      track.push({
        lon: 120,
        lat: 30 + (step * 10) / METRES_PER_DEGREE_LAT_AT_30,
        fixTimeMs: TEST_START_MS + step * 7_000,
        accuracyM: 5,
      });
    }
    expect(measureWalkedDistanceM(track)).toBeCloseTo(1000, -1);
    expect(Math.abs(measureWalkedDistanceM(track) - 1000)).toBeLessThan(5);
  });

  it('adds nothing for a phone lying still with jitter inside its accuracy', () => {
    const accuracyM = 8;
    const track = Array.from({ length: 600 }, (_, index) => {
      const radiusM = Math.abs(noiseAt(index, 1)) * accuracyM;
      const angle = noiseAt(index, 2) * Math.PI;
      const fixTimeMs = TEST_START_MS + index * 1000;
      return trackPointAt(
        radiusM * Math.cos(angle),
        radiusM * Math.sin(angle),
        fixTimeMs,
        accuracyM,
      );
    });
    expect(measureWalkedDistanceM(track)).toBe(0);
  });

  it('counts a slow walk sampled more finely than the accuracy', () => {
    // 1 m steps with 10 m accuracy: every single step is below the jitter threshold; only the
    // last partial threshold (20 m) may be lost.
    const track = Array.from({ length: 501 }, (_, index) =>
      trackPointAt(index, 0, TEST_START_MS + index * 1000, 10),
    );
    expect(measureWalkedDistanceM(track)).toBeGreaterThanOrEqual(480);
    expect(measureWalkedDistanceM(track)).toBeLessThanOrEqual(500.01);
  });

  it('ignores fixes with cell-tower accuracy', () => {
    const track = [
      trackPointAt(0, 0, TEST_START_MS),
      trackPointAt(800, 0, TEST_START_MS + 60_000, 900),
      trackPointAt(100, 0, TEST_START_MS + 120_000),
    ];
    expect(measureWalkedDistanceM(track)).toBeCloseTo(100, 3);
  });

  it('is zero for empty and single-fix tracks', () => {
    expect(measureWalkedDistanceM([])).toBe(0);
    expect(measureWalkedDistanceM([trackPointAt(0, 0, TEST_START_MS)])).toBe(0);
  });
});
