/**
 * Kernel density of incidents on a regular grid of cells, for the live heatmap. An incident
 * touches only the cells within one bandwidth of it, so adding or removing one (a new report, the
 * oldest leaving a sliding time window) costs a few hundred cells, not a pass over every incident.
 *
 * Values are incidents per km² (the kernel integrates to 1). Each cell keeps a Neumaier
 * compensation term beside its sum, so a long run of adds and removes stays within rounding of
 * a fresh recompute instead of drifting.
 */
import { metresPerDegree } from '../geo/localFrame';
import type { LonLat } from '../registry';

const M2_PER_KM2 = 1_000_000;
/** Below this many residents a per-resident rate is noise (an empty market square would blaze). */
export const MIN_RESIDENTS_FOR_RATE = 1;
export const RATE_PER_RESIDENTS = 1000;

export interface HeatGridSpec {
  west: number;
  south: number;
  east: number;
  north: number;
  cellSizeM: number;
  bandwidthM: number;
}

export interface HeatGrid {
  spec: HeatGridSpec;
  columns: number;
  rows: number;
  /** Fixed for the grid (at the box's central latitude) so every update uses the same projection. */
  eastMPerDeg: number;
  northMPerDeg: number;
  /** Row-major from the south-west cell; read with `readHeatValues`, not directly. */
  sums: Float64Array;
  compensations: Float64Array;
}

export interface HeatPoint extends LonLat {
  weight?: number;
}

export function createHeatGrid(spec: HeatGridSpec): HeatGrid {
  if (
    !(spec.cellSizeM > 0) ||
    !(spec.bandwidthM > 0) ||
    spec.east <= spec.west ||
    spec.north <= spec.south
  ) {
    throw new RangeError('heat grid needs positive cell size and bandwidth and a non-empty box');
  }
  const scale = metresPerDegree((spec.south + spec.north) / 2);
  const columns = Math.ceil(((spec.east - spec.west) * scale.eastM) / spec.cellSizeM);
  const rows = Math.ceil(((spec.north - spec.south) * scale.northM) / spec.cellSizeM);
  return {
    spec,
    columns,
    rows,
    eastMPerDeg: scale.eastM,
    northMPerDeg: scale.northM,
    sums: new Float64Array(columns * rows),
    compensations: new Float64Array(columns * rows),
  };
}

/** Quartic (biweight) kernel in 2D, per km², at squared distance over squared bandwidth. */
export function quarticKernelPerKm2(distanceM: number, bandwidthM: number): number {
  const ratioSquared = (distanceM * distanceM) / (bandwidthM * bandwidthM);
  if (ratioSquared >= 1) return 0;
  const bandwidthKm2 = (bandwidthM * bandwidthM) / M2_PER_KM2;
  return (3 / (Math.PI * bandwidthKm2)) * (1 - ratioSquared) * (1 - ratioSquared);
}

/** Adds one incident; returns how many cells it touched. */
export function addIncidentHeat(grid: HeatGrid, point: HeatPoint): number {
  return spreadKernel(grid, point, point.weight ?? 1);
}

/** Takes back exactly what `addIncidentHeat` added for the same point and weight. */
export function removeIncidentHeat(grid: HeatGrid, point: HeatPoint): number {
  return spreadKernel(grid, point, -(point.weight ?? 1));
}

/** From scratch: the reference the incremental path is checked against, and the benchmark's baseline. */
export function recomputeHeat(grid: HeatGrid, points: readonly HeatPoint[]): void {
  grid.sums.fill(0);
  grid.compensations.fill(0);
  for (const point of points) spreadKernel(grid, point, point.weight ?? 1);
}

export function readHeatValues(grid: HeatGrid): Float64Array {
  const values = new Float64Array(grid.sums.length);
  for (let index = 0; index < values.length; index += 1) {
    values[index] = (grid.sums[index] ?? 0) + (grid.compensations[index] ?? 0);
  }
  return values;
}

export function heatCellCentre(grid: HeatGrid, column: number, row: number): LonLat {
  return {
    lon: grid.spec.west + ((column + 0.5) * grid.spec.cellSizeM) / grid.eastMPerDeg,
    lat: grid.spec.south + ((row + 0.5) * grid.spec.cellSizeM) / grid.northMPerDeg,
  };
}

/**
 * Incidents per 1,000 residents: the density divided by the resident density of the cell.
 * `residentsPerCell` is in the grid's cell order; cells with too few residents read 0.
 */
export function heatPer1000Residents(
  grid: HeatGrid,
  residentsPerCell: ArrayLike<number>,
): Float64Array {
  if (residentsPerCell.length !== grid.sums.length) {
    throw new RangeError(
      `expected ${grid.sums.length} cells of residents, got ${residentsPerCell.length}`,
    );
  }
  const cellAreaKm2 = (grid.spec.cellSizeM * grid.spec.cellSizeM) / M2_PER_KM2;
  const values = readHeatValues(grid);
  for (let index = 0; index < values.length; index += 1) {
    const residents = residentsPerCell[index] ?? 0;
    values[index] =
      residents < MIN_RESIDENTS_FOR_RATE
        ? 0
        : ((values[index] ?? 0) * cellAreaKm2 * RATE_PER_RESIDENTS) / residents;
  }
  return values;
}

function spreadKernel(grid: HeatGrid, point: LonLat, weight: number): number {
  const { cellSizeM, bandwidthM } = grid.spec;
  const eastM = (point.lon - grid.spec.west) * grid.eastMPerDeg;
  const northM = (point.lat - grid.spec.south) * grid.northMPerDeg;
  // Cells whose centre ((index + 0.5) × size) lies within one bandwidth of the point.
  const firstColumn = Math.max(0, Math.ceil((eastM - bandwidthM) / cellSizeM - 0.5));
  const lastColumn = Math.min(grid.columns - 1, Math.floor((eastM + bandwidthM) / cellSizeM - 0.5));
  const firstRow = Math.max(0, Math.ceil((northM - bandwidthM) / cellSizeM - 0.5));
  const lastRow = Math.min(grid.rows - 1, Math.floor((northM + bandwidthM) / cellSizeM - 0.5));
  const bandwidthSquaredM2 = bandwidthM * bandwidthM;
  const peakPerKm2 = (weight * 3 * M2_PER_KM2) / (Math.PI * bandwidthSquaredM2);
  const { sums, compensations, columns } = grid;
  // Indexes below are in range by the loop bounds; `as number` spares the hot loop a branch.
  let touched = 0;
  for (let row = firstRow; row <= lastRow; row += 1) {
    const offsetNorthM = (row + 0.5) * cellSizeM - northM;
    for (let column = firstColumn; column <= lastColumn; column += 1) {
      const offsetEastM = (column + 0.5) * cellSizeM - eastM;
      const ratioSquared =
        (offsetEastM * offsetEastM + offsetNorthM * offsetNorthM) / bandwidthSquaredM2;
      if (ratioSquared >= 1) continue;
      const increment = peakPerKm2 * (1 - ratioSquared) * (1 - ratioSquared);
      const index = row * columns + column;
      const sum = sums[index] as number;
      const total = sum + increment;
      // Neumaier: keep the low-order bits that `sum + increment` rounds away.
      compensations[index] =
        (compensations[index] as number) +
        (Math.abs(sum) >= Math.abs(increment) ? sum - total + increment : increment - total + sum);
      sums[index] = total;
      touched += 1;
    }
  }
  return touched;
}
