import { describe, expect, it } from 'vitest';
import {
  clipRingToConvex,
  clipSegmentToConvex,
  convexHull,
  insetDistanceInConvexM,
  isPointInRing,
  ringCentroid,
  segmentRingDistanceM,
  signedRingAreaM2,
  type PlanarRing,
} from './planarGeometry';

const SQUARE: PlanarRing = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
];
const DIAMOND: PlanarRing = [
  [5, -2],
  [12, 5],
  [5, 12],
  [-2, 5],
];

describe('plane geometry', () => {
  it('measures signed areas and centroids', () => {
    expect(signedRingAreaM2(SQUARE)).toBe(100);
    expect(signedRingAreaM2([...SQUARE].reverse())).toBe(-100);
    expect(ringCentroid(SQUARE)).toEqual([5, 5]);
  });

  it('clips a ring to a convex ring, and gives nothing when they are apart', () => {
    const clipped = clipRingToConvex(SQUARE, DIAMOND);
    // The diamond cuts a right triangle with legs of 3 m off each corner of the square.
    expect(signedRingAreaM2(clipped)).toBeCloseTo(100 - 4 * 4.5, 9);
    expect(
      clipRingToConvex(SQUARE, [
        [20, 20],
        [30, 20],
        [30, 30],
      ]),
    ).toEqual([]);
    expect(signedRingAreaM2(clipRingToConvex(SQUARE, SQUARE))).toBe(100);
  });

  it('gives neighbours bit-identical crossing points on their shared edge', () => {
    const west = clipRingToConvex(
      [
        [0, 0],
        [5, 0],
        [5, 10],
        [0, 10],
      ],
      DIAMOND,
    );
    const east = clipRingToConvex(
      [
        [5, 0],
        [10, 0],
        [10, 10],
        [5, 10],
      ],
      DIAMOND,
    );
    const onSharedEdge = (ring: PlanarRing) =>
      ring
        .filter(([x]) => x === 5)
        .map((point) => point.join())
        .sort();
    expect(onSharedEdge(west)).toEqual(onSharedEdge(east));
    expect(onSharedEdge(west)).toHaveLength(2);
  });

  it('builds convex hulls counter-clockwise without inner or collinear points', () => {
    const hull = convexHull([
      [0, 0],
      [5, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [4, 4],
    ]);
    expect(hull).toHaveLength(4);
    expect(signedRingAreaM2(hull)).toBe(100);
  });

  it('tests points, insets and distances', () => {
    expect(isPointInRing([5, 5], SQUARE)).toBe(true);
    expect(isPointInRing([15, 5], SQUARE)).toBe(false);
    expect(insetDistanceInConvexM([5, 2], SQUARE)).toBeCloseTo(2, 12);
    expect(insetDistanceInConvexM([-1, 5], SQUARE)).toBeCloseTo(-1, 12);
    expect(segmentRingDistanceM([13, 0], [13, 10], SQUARE)).toBeCloseTo(3, 12);
    expect(segmentRingDistanceM([-5, 5], [15, 5], SQUARE)).toBe(0);
  });

  it('clips segments to convex rings', () => {
    expect(clipSegmentToConvex([-5, 5], [15, 5], SQUARE)).toEqual([
      [0, 5],
      [10, 5],
    ]);
    expect(clipSegmentToConvex([-5, 15], [15, 15], SQUARE)).toBeNull();
  });
});
