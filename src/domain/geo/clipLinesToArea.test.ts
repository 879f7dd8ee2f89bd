import { describe, expect, it } from 'vitest';
import { groundDistanceM } from './groundDistance';
import { clipLinesToArea, type LonLatLine } from './clipLinesToArea';
import { distanceToAreaBoundaryM, isPointInArea, type AreaGeometry } from './polygonContainment';
import { pointAt, rectangleRing } from '../tracking/trackFixtures';

const GRID: AreaGeometry = { type: 'Polygon', coordinates: [rectangleRing(0, 0, 100, 100)] };
const DEFAULT_STEP_M = 10;

function clipStreetsToArea(
  streets: readonly LonLatLine[],
  area: AreaGeometry,
  sampleStepM = DEFAULT_STEP_M,
): number[][][] {
  return clipLinesToArea(streets, (point) => isPointInArea(point, area), sampleStepM);
}

function lineOf(...pointsM: [number, number][]): number[][] {
  return pointsM.map(([eastM, northM]) => {
    const point = pointAt(eastM, northM);
    return [point.lon, point.lat];
  });
}

function lengthOf(line: readonly number[][]): number {
  let lengthM = 0;
  for (let index = 0; index + 1 < line.length; index++) {
    const [startLon, startLat] = line[index]!;
    const [endLon, endLat] = line[index + 1]!;
    lengthM += groundDistanceM({ lon: startLon!, lat: startLat! }, { lon: endLon!, lat: endLat! });
  }
  return lengthM;
}

describe('clipLinesToArea', () => {
  it('keeps the inside part of a street crossing the grid, within half a step', () => {
    const [inside, ...rest] = clipStreetsToArea([lineOf([-50, 50], [150, 50])], GRID, 10);
    expect(rest).toEqual([]);
    expect(Math.abs(lengthOf(inside!) - 100)).toBeLessThanOrEqual(10);
  });

  it('splits a street that leaves and re-enters, and keeps bends', () => {
    // In along y = 50, out beyond x = 100, back in along y = 20.
    const street = lineOf([50, 50], [150, 50], [150, 20], [50, 20]);
    const clipped = clipStreetsToArea([street], GRID, 5);
    expect(clipped).toHaveLength(2);
    expect(lengthOf(clipped[0]!)).toBeCloseTo(50, -1);
    expect(lengthOf(clipped[1]!)).toBeCloseTo(50, -1);
    const bent = clipStreetsToArea([lineOf([10, 10], [90, 10], [90, 90])], GRID, 5);
    expect(bent).toHaveLength(1);
    expect(lengthOf(bent[0]!)).toBeCloseTo(160, 3);
  });

  it('keeps the vertices of a street, not one per sampled piece', () => {
    const [inside] = clipStreetsToArea([lineOf([10, 10], [90, 10], [90, 90])], GRID, 1);
    expect(inside).toHaveLength(3);
  });

  it('keeps what the caller counts as inside, such as a band along the boundary', () => {
    const alongEdge = lineOf([-2, -50], [-2, 150]);
    expect(clipStreetsToArea([alongEdge], GRID)).toHaveLength(0);
    const nearGrid = (point: { lon: number; lat: number }) =>
      isPointInArea(point, GRID) || distanceToAreaBoundaryM(point, GRID) <= 4;
    const [kept, ...rest] = clipLinesToArea([alongEdge], nearGrid, 2);
    expect(rest).toEqual([]);
    // The band runs from √(4² − 2²) ≈ 3.46 m before the corner to as far past the other one;
    // each cut lands within half a 2 m step.
    const bandM = 100 + 2 * Math.sqrt(4 ** 2 - 2 ** 2);
    expect(Math.abs(lengthOf(kept!) - bandM)).toBeLessThanOrEqual(2);
  });

  it('drops streets entirely outside', () => {
    expect(clipStreetsToArea([lineOf([200, 0], [300, 0])], GRID)).toEqual([]);
  });
});
