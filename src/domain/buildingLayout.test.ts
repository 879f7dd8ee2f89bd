import { describe, expect, it } from 'vitest';
import {
  roomLabel,
  unitAreaM2,
  unitFootprints,
  unitsPerFloor,
  wingOutlines,
  type LocalPoint,
  type Wing,
} from './buildingLayout';

function polygonArea(points: readonly LocalPoint[]): number {
  let twice = 0;
  points.forEach(([x1, y1], index) => {
    const [x2, y2] = points[(index + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  });
  return twice / 2;
}

const L_SHAPE: Wing[] = [
  { centerEastM: 0, centerNorthM: 0, lengthM: 40, depthM: 12, rotationDeg: 0, unitCount: 4 },
  { centerEastM: -14, centerNorthM: 21, lengthM: 30, depthM: 12, rotationDeg: 90, unitCount: 3 },
];
const ROTATED: Wing[] = [
  { centerEastM: 5, centerNorthM: -3, lengthM: 36, depthM: 14, rotationDeg: 33, unitCount: 3 },
];

describe('building layout', () => {
  it('counts units per floor over all wings', () => {
    expect(unitsPerFloor(L_SHAPE)).toBe(7);
    expect(unitsPerFloor([])).toBe(0);
  });

  it('cuts each wing into equal counter-clockwise slices that cover the wing exactly', () => {
    for (const wings of [L_SHAPE, ROTATED]) {
      const units = unitFootprints(wings);
      expect(units).toHaveLength(unitsPerFloor(wings));
      let offset = 0;
      wings.forEach((wing, wingIndex) => {
        const slices = units.slice(offset, offset + wing.unitCount);
        offset += wing.unitCount;
        for (const slice of slices) expect(polygonArea(slice)).toBeCloseTo(unitAreaM2(wing), 6);
        const total = slices.reduce((sum, slice) => sum + polygonArea(slice), 0);
        expect(total).toBeCloseTo(polygonArea(wingOutlines(wings)[wingIndex]!), 6);
        // Neighbouring slices share an edge: slice i's end is slice i+1's start.
        for (let index = 0; index + 1 < slices.length; index++) {
          expect(slices[index]![1][0]).toBeCloseTo(slices[index + 1]![0][0], 9);
          expect(slices[index]![2][1]).toBeCloseTo(slices[index + 1]![3][1], 9);
        }
        // The first slice starts at the wing's start corner and the last ends at its end corner.
        const outline = wingOutlines(wings)[wingIndex]!;
        expect(slices[0]![0][0]).toBeCloseTo(outline[0][0], 9);
        expect(slices[slices.length - 1]![2][1]).toBeCloseTo(outline[2][1], 9);
      });
    }
  });

  it('places and rotates wings around their centre', () => {
    const [outline] = wingOutlines(ROTATED);
    const centre = outline!.reduce(
      (sum, point) => [sum[0] + point[0] / 4, sum[1] + point[1] / 4],
      [0, 0],
    );
    expect(centre[0]).toBeCloseTo(5, 9);
    expect(centre[1]).toBeCloseTo(-3, 9);
    const [first, second] = outline!;
    const angleDeg = (Math.atan2(second[1] - first[1], second[0] - first[0]) * 180) / Math.PI;
    expect(angleDeg).toBeCloseTo(33, 9);
  });

  it('computes unit areas and room labels', () => {
    expect(unitAreaM2(L_SHAPE[0]!)).toBe(120);
    expect(roomLabel(12, 3)).toBe('1203');
    expect(roomLabel(1, 12)).toBe('112');
    expect(roomLabel(33, 8)).toBe('3308');
  });
});
