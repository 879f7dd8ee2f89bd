import { describe, expect, it } from 'vitest';
import type { TrackPoint } from './fix';
import { COVERAGE_BUFFER_M, measurePatrolCoverage } from './patrolCoverage';
import { SpatialHash } from './SpatialHash';
import { noiseAt, pointAt, TEST_START_MS, trackPointAt } from './trackFixtures';

function lineOf(...pointsM: [number, number][]): number[][] {
  return pointsM.map(([eastM, northM]) => {
    const point = pointAt(eastM, northM);
    return [point.lon, point.lat];
  });
}

/** An L-shaped street: 200 m east, then 200 m north (400 m in all). */
const L_STREET = lineOf([0, 0], [200, 0], [200, 200]);

function walkAlong(fromEastM: number, toEastM: number, offsetNorthM: number): TrackPoint[] {
  const track: TrackPoint[] = [];
  for (let eastM = fromEastM, index = 0; eastM <= toEastM; eastM += 5, index++) {
    track.push(trackPointAt(eastM, offsetNorthM, TEST_START_MS + index * 4_000));
  }
  return track;
}

describe('measurePatrolCoverage', () => {
  it('gives about half for an L-shaped street walked along its first leg', () => {
    const coverage = measurePatrolCoverage([L_STREET], walkAlong(0, 200, 0));
    expect(coverage.totalM).toBeCloseTo(400, 1);
    // The first leg, plus the start of the second leg within the buffer of the corner fix.
    expect(coverage.coveredM).toBeGreaterThanOrEqual(200 + COVERAGE_BUFFER_M - 10);
    expect(coverage.coveredM).toBeLessThanOrEqual(200 + COVERAGE_BUFFER_M + 10);
    expect(coverage.share).toBeGreaterThan(0.5);
    expect(coverage.share).toBeLessThan(0.6);
  });

  it('counts a walk on the pavement inside the buffer and not a parallel street beyond it', () => {
    const street = lineOf([0, 0], [200, 0]);
    expect(measurePatrolCoverage([street], walkAlong(0, 200, 15)).share).toBeCloseTo(1, 5);
    expect(measurePatrolCoverage([street], walkAlong(0, 200, 40)).share).toBe(0);
  });

  it('ignores fixes with poor accuracy', () => {
    const street = lineOf([0, 0], [200, 0]);
    const poorFixes = walkAlong(0, 200, 0).map((fix) => ({ ...fix, accuracyM: 300 }));
    expect(measurePatrolCoverage([street], poorFixes).coveredM).toBe(0);
  });

  it('is zero without streets or without fixes', () => {
    expect(measurePatrolCoverage([], walkAlong(0, 100, 0))).toEqual({
      coveredM: 0,
      totalM: 0,
      share: 0,
    });
    expect(measurePatrolCoverage([L_STREET], []).share).toBe(0);
  });

  // Wall-clock bounds are noise on shared machines; this checks the result at a realistic size.
  it('handles a day of fixes over a grid of streets', () => {
    const streets: number[][][] = [];
    for (let offsetM = 0; offsetM <= 1000; offsetM += 100) {
      streets.push(lineOf([0, offsetM], [1000, offsetM]), lineOf([offsetM, 0], [offsetM, 1000]));
    }
    const fixes = Array.from({ length: 30_000 }, (_, index) =>
      trackPointAt(
        (noiseAt(index, 7) + 1) * 250,
        (noiseAt(index, 8) + 1) * 500,
        TEST_START_MS + index * 1000,
      ),
    );
    const coverage = measurePatrolCoverage(streets, fixes);
    expect(coverage.totalM).toBeCloseTo(22_000, 0);
    // Fixes fill the western half densely: streets there are covered, the far east ones are not.
    expect(coverage.share).toBeGreaterThan(0.4);
    expect(coverage.share).toBeLessThan(0.7);
  });
});

describe('SpatialHash', () => {
  it('finds a point within a radius across cell borders and misses one outside', () => {
    const hash = new SpatialHash(25);
    hash.insert(24.9, 0);
    hash.insert(-100, -100);
    expect(hash.size).toBe(2);
    expect(hash.hasPointWithin(26, 0, 2)).toBe(true);
    expect(hash.hasPointWithin(49.9, 0, 25)).toBe(true);
    expect(hash.hasPointWithin(50, 0, 25)).toBe(false);
    expect(hash.hasPointWithin(-100, -60, 50)).toBe(true);
    expect(() => new SpatialHash(0)).toThrow(RangeError);
  });
});
