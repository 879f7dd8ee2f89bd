import { describe, expect, it } from 'vitest';
import { unitFootprints, type LocalPoint, type Wing } from '../../../domain/buildingLayout';
import {
  EXPLODE_GAP_SHARE,
  UNIT_INSET_M,
  explodedBaseM,
  insetFootprint,
  stackBounds,
  unitPrisms,
} from './explodedStack';

const L_SHAPE: Wing[] = [
  { centerEastM: 0, centerNorthM: 0, lengthM: 40, depthM: 12, rotationDeg: 0, unitCount: 4 },
  { centerEastM: -14, centerNorthM: 21, lengthM: 30, depthM: 12, rotationDeg: 90, unitCount: 3 },
];
const FLOOR_HEIGHT_M = 3;
const SHAPE = { wings: L_SHAPE, floorHeightM: FLOOR_HEIGHT_M };

function centroid(points: readonly LocalPoint[]): LocalPoint {
  const east = points.reduce((sum, [eastM]) => sum + eastM, 0) / points.length;
  const north = points.reduce((sum, [, northM]) => sum + northM, 0) / points.length;
  return [east, north];
}

function sideLengthsM(points: readonly LocalPoint[]): number[] {
  return points.map(([east, north], index) => {
    const [nextEast, nextNorth] = points[(index + 1) % points.length]!;
    return Math.hypot(nextEast - east, nextNorth - north);
  });
}

describe('exploded stack', () => {
  it('puts floor 1 on the ground and lifts each floor by its height plus the gap', () => {
    expect(explodedBaseM(1, FLOOR_HEIGHT_M)).toBe(0);
    const stepM = explodedBaseM(2, FLOOR_HEIGHT_M);
    expect(stepM).toBeCloseTo(FLOOR_HEIGHT_M * (1 + EXPLODE_GAP_SHARE));
    expect(explodedBaseM(7, FLOOR_HEIGHT_M)).toBeCloseTo(6 * stepM);
    // The gap is real: a floor's top stays below the next floor's base.
    expect(explodedBaseM(1, FLOOR_HEIGHT_M) + FLOOR_HEIGHT_M).toBeLessThan(stepM);
  });

  it('shrinks a rotated rectangle by the inset on every side, around the same centre', () => {
    const [rotated] = unitFootprints([
      { centerEastM: 5, centerNorthM: -3, lengthM: 36, depthM: 14, rotationDeg: 33, unitCount: 3 },
    ]);
    const inset = insetFootprint(rotated!, 0.5);
    const before = sideLengthsM(rotated!);
    sideLengthsM(inset).forEach((lengthM, index) =>
      expect(lengthM).toBeCloseTo(before[index]! - 1),
    );
    const [east, north] = centroid(inset);
    expect(east).toBeCloseTo(centroid(rotated!)[0]);
    expect(north).toBeCloseTo(centroid(rotated!)[1]);
  });

  it('gives each unit the slice of the footprint the tileset gives it, on its own floor', () => {
    const units = [
      { id: 101, floor: 1, unitNo: 1 },
      { id: 305, floor: 3, unitNo: 5 },
    ];
    const prisms = unitPrisms(SHAPE, units);
    const slices = unitFootprints(L_SHAPE);
    expect(prisms.map((prism) => prism.unitId)).toEqual([101, 305]);
    prisms.forEach((prism, index) => {
      const slice = slices[units[index]!.unitNo - 1]!;
      expect(centroid(prism.footprint)[0]).toBeCloseTo(centroid(slice)[0]);
      expect(centroid(prism.footprint)[1]).toBeCloseTo(centroid(slice)[1]);
      expect(prism.footprint).toEqual(insetFootprint(slice, UNIT_INSET_M));
      expect(prism.baseM).toBeCloseTo(explodedBaseM(units[index]!.floor, FLOOR_HEIGHT_M));
      expect(prism.heightM).toBe(FLOOR_HEIGHT_M);
    });
  });

  it('leaves out a unit whose number lies outside the wings instead of drawing it elsewhere', () => {
    const prisms = unitPrisms(SHAPE, [
      { id: 1, floor: 1, unitNo: 8 },
      { id: 2, floor: 0, unitNo: 1 },
      { id: 3, floor: 2, unitNo: 7 },
    ]);
    expect(prisms.map((prism) => prism.unitId)).toEqual([3]);
  });

  it('bounds the stack by the wings and the top of its highest floor', () => {
    const bounds = stackBounds(SHAPE, 10);
    expect(bounds.minEastM).toBeCloseTo(-20);
    expect(bounds.maxEastM).toBeCloseTo(20);
    expect(bounds.minNorthM).toBeCloseTo(-6);
    expect(bounds.maxNorthM).toBeCloseTo(36);
    expect(bounds.topM).toBeCloseTo(explodedBaseM(10, FLOOR_HEIGHT_M) + FLOOR_HEIGHT_M);
    expect(stackBounds({ wings: [], floorHeightM: 3 }, 0)).toEqual({
      minEastM: 0,
      maxEastM: 0,
      minNorthM: 0,
      maxNorthM: 0,
      topM: 0,
    });
  });
});
