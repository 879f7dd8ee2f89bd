import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../seededRandom';
import {
  addIncidentHeat,
  createHeatGrid,
  heatCellCentre,
  heatPer1000Residents,
  quarticKernelPerKm2,
  readHeatValues,
  recomputeHeat,
  removeIncidentHeat,
  type HeatGrid,
  type HeatPoint,
} from './heatKernel';
import { groundDistanceM } from '../geo/groundDistance';

const CELL_SIZE_M = 20;
const BANDWIDTH_M = 150;
// About 2 km × 2 km.
const SPEC = {
  west: 119.29,
  south: 26.07,
  east: 119.31,
  north: 26.088,
  cellSizeM: CELL_SIZE_M,
  bandwidthM: BANDWIDTH_M,
};
const TOLERANCE = 1e-9;

function valueAt(grid: HeatGrid, values: Float64Array, column: number, row: number): number {
  return values[row * grid.columns + column] ?? Number.NaN;
}

/** Brute force over every cell and point, written independently of the module's loop bounds. */
function bruteForce(grid: HeatGrid, points: readonly HeatPoint[]): Float64Array {
  const values = new Float64Array(grid.columns * grid.rows);
  for (let row = 0; row < grid.rows; row += 1) {
    for (let column = 0; column < grid.columns; column += 1) {
      const eastM = (column + 0.5) * CELL_SIZE_M;
      const northM = (row + 0.5) * CELL_SIZE_M;
      let total = 0;
      for (const point of points) {
        const distanceM = Math.hypot(
          (point.lon - SPEC.west) * grid.eastMPerDeg - eastM,
          (point.lat - SPEC.south) * grid.northMPerDeg - northM,
        );
        total += (point.weight ?? 1) * quarticKernelPerKm2(distanceM, BANDWIDTH_M);
      }
      values[row * grid.columns + column] = total;
    }
  }
  return values;
}

function maxDifference(left: Float64Array, right: Float64Array): number {
  let worst = 0;
  for (let index = 0; index < left.length; index += 1) {
    worst = Math.max(worst, Math.abs((left[index] ?? 0) - (right[index] ?? 0)));
  }
  return worst;
}

function randomPoints(count: number, seed: number): HeatPoint[] {
  const random = createSeededRandom(seed);
  // Reaches past the box so edge cells get contributions from outside it.
  return Array.from({ length: count }, () => ({
    lon: random.between(SPEC.west - 0.001, SPEC.east + 0.001),
    lat: random.between(SPEC.south - 0.001, SPEC.north + 0.001),
    weight: random.chance(0.2) ? 2 : 1,
  }));
}

describe('heat kernel', () => {
  it('integrates to one incident per km² over the plane', () => {
    const grid = createHeatGrid(SPEC);
    addIncidentHeat(grid, heatCellCentre(grid, 50, 50));
    const totalPerKm2 = readHeatValues(grid).reduce((sum, value) => sum + value, 0);
    expect((totalPerKm2 * (CELL_SIZE_M * CELL_SIZE_M)) / 1e6).toBeCloseTo(1, 2);
  });

  it('peaks at the centre, is zero from one bandwidth out, and is symmetric', () => {
    const grid = createHeatGrid(SPEC);
    const centre = heatCellCentre(grid, 50, 40);
    const touched = addIncidentHeat(grid, centre);
    const values = readHeatValues(grid);
    const peak = 3 / (Math.PI * (BANDWIDTH_M / 1000) ** 2);
    expect(valueAt(grid, values, 50, 40)).toBeCloseTo(peak, 9);
    let positive = 0;
    for (let row = 0; row < grid.rows; row += 1) {
      for (let column = 0; column < grid.columns; column += 1) {
        const value = valueAt(grid, values, column, row);
        const distanceCells = Math.hypot(column - 50, row - 40) * CELL_SIZE_M;
        if (distanceCells >= BANDWIDTH_M + 1e-6) expect(value).toBe(0);
        if (distanceCells < BANDWIDTH_M - 1e-6) expect(value).toBeGreaterThan(0);
        if (value > 0) positive += 1;
        expect(value).toBeLessThanOrEqual(peak);
      }
    }
    expect(touched).toBe(positive);
    for (const [dc, dr] of [
      [3, 0],
      [0, 5],
      [2, 4],
      [6, 1],
    ] as const) {
      const reference = valueAt(grid, values, 50 + dc, 40 + dr);
      expect(reference).toBeGreaterThan(0);
      for (const [column, row] of [
        [50 - dc, 40 + dr],
        [50 + dc, 40 - dr],
        [50 - dc, 40 - dr],
        [50 + dr, 40 + dc],
      ]) {
        expect(valueAt(grid, values, column as number, row as number)).toBeCloseTo(reference, 9);
      }
    }
  });

  it('follows the kernel with the distance from the point', () => {
    const grid = createHeatGrid(SPEC);
    const point = { lon: 119.3003, lat: 26.0791 };
    addIncidentHeat(grid, point);
    const values = readHeatValues(grid);
    for (const [column, row] of [
      [50, 50],
      [52, 47],
      [45, 49],
    ] as const) {
      const distanceM = groundDistanceM(point, heatCellCentre(grid, column, row));
      expect(valueAt(grid, values, column, row)).toBeCloseTo(
        quarticKernelPerKm2(distanceM, BANDWIDTH_M),
        3,
      );
    }
  });

  it('matches brute force and recompute after incremental adds and removes', () => {
    const points = randomPoints(400, 7);
    const incremental = createHeatGrid(SPEC);
    for (const point of points) addIncidentHeat(incremental, point);
    // A sliding window: the oldest quarter leaves.
    const leaving = points.slice(0, 100);
    const staying = points.slice(100);
    for (const point of leaving) removeIncidentHeat(incremental, point);
    const fresh = createHeatGrid(SPEC);
    recomputeHeat(fresh, staying);
    expect(maxDifference(readHeatValues(incremental), readHeatValues(fresh))).toBeLessThan(
      TOLERANCE,
    );
    expect(maxDifference(readHeatValues(fresh), bruteForce(fresh, staying))).toBeLessThan(
      TOLERANCE,
    );
  });

  it('returns to zero when every incident has left', () => {
    const grid = createHeatGrid(SPEC);
    const points = randomPoints(200, 11);
    for (const point of points) addIncidentHeat(grid, point);
    for (const point of points.reverse()) removeIncidentHeat(grid, point);
    expect(Math.max(...readHeatValues(grid).map(Math.abs))).toBeLessThan(TOLERANCE);
  });

  it('touches only the cells within the bandwidth', () => {
    const grid = createHeatGrid(SPEC);
    const touched = addIncidentHeat(grid, heatCellCentre(grid, 10, 10));
    const discCells = (Math.PI * BANDWIDTH_M * BANDWIDTH_M) / (CELL_SIZE_M * CELL_SIZE_M);
    expect(touched).toBeGreaterThan(discCells * 0.9);
    expect(touched).toBeLessThan(discCells * 1.1);
    expect(touched).toBeLessThan((grid.columns * grid.rows) / 50);
    expect(addIncidentHeat(grid, { lon: 120, lat: 27 })).toBe(0);
  });

  it('turns density into incidents per 1,000 residents of the cell', () => {
    const grid = createHeatGrid(SPEC);
    addIncidentHeat(grid, heatCellCentre(grid, 20, 20));
    const residents = new Float64Array(grid.columns * grid.rows).fill(500);
    const index = 20 * grid.columns + 20;
    residents[index + 1] = 0;
    const rates = heatPer1000Residents(grid, residents);
    const cellAreaKm2 = (CELL_SIZE_M * CELL_SIZE_M) / 1e6;
    expect(rates[index]).toBeCloseTo(
      ((readHeatValues(grid)[index] ?? 0) * cellAreaKm2 * 1000) / 500,
      12,
    );
    expect(rates[index + 1]).toBe(0);
    expect(() => heatPer1000Residents(grid, [1, 2, 3])).toThrow(RangeError);
  });

  it('refuses a grid without cells', () => {
    expect(() => createHeatGrid({ ...SPEC, cellSizeM: 0 })).toThrow(RangeError);
    expect(() => createHeatGrid({ ...SPEC, east: SPEC.west })).toThrow(RangeError);
  });
});
