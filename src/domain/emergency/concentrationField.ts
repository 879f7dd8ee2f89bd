/**
 * Ground-level concentration on a regular grid around a source (for the draped colour ramp and
 * for counting cells above a tier). The plume's structure makes this cheap: the axis
 * concentration and the crosswind spread depend only on the downwind distance, so they are
 * tabulated once along the axis at TABLE_STEP_M and every cell costs one exponential, or none
 * when it lies upwind or beyond the edge where the concentration drops under `floorMgM3`.
 * Interpolating the tables keeps every cell within 0.1 % of the formula evaluated directly.
 */
import { plumePointOfOffset, type PlumeFrame, type PlumePoint } from './plumeFrame';
import { zoneHalfWidthM, type PlumeModel } from './plumeModel';

const TABLE_STEP_M = 1;
/**
 * Near the source the axis value changes too fast for a 1 m table (as 1/x²: linear
 * interpolation is off by about 0.75/x² relative); within 200 m it is computed directly.
 */
const EXACT_WITHIN_M = 200;

/** Cells of `cellSizeM`, the first (south-west) cell's corner at the given offset from the source. */
export interface FieldGrid {
  westOffsetM: number;
  southOffsetM: number;
  cellSizeM: number;
  columns: number;
  rows: number;
}

interface AxisTables {
  axisMgM3: Float64Array;
  inverseTwiceVariance: Float64Array;
  cutoffHalfWidthSquaredM2: Float64Array;
}

function tabulateAxis(model: PlumeModel, lengthM: number, floorMgM3: number): AxisTables {
  const size = Math.ceil(lengthM / TABLE_STEP_M) + 2;
  const tables = {
    axisMgM3: new Float64Array(size),
    inverseTwiceVariance: new Float64Array(size),
    cutoffHalfWidthSquaredM2: new Float64Array(size),
  };
  for (let index = 1; index < size; index++) {
    const downwindM = index * TABLE_STEP_M;
    const sigmaYM = model.sigmaYM(downwindM);
    tables.axisMgM3[index] = model.axisConcentrationMgM3(downwindM);
    tables.inverseTwiceVariance[index] = 1 / (2 * sigmaYM * sigmaYM);
    // Slightly wider than the floor's own edge, so the interpolated value decides near it.
    tables.cutoffHalfWidthSquaredM2[index] = (zoneHalfWidthM(model, downwindM, floorMgM3) + 1) ** 2;
  }
  return tables;
}

function cellValue(
  model: PlumeModel,
  tables: AxisTables,
  downwindM: number,
  crosswindM: number,
  floorMgM3: number,
): number {
  if (downwindM <= 0) return 0;
  const squaredM2 = crosswindM * crosswindM;
  if (downwindM < EXACT_WITHIN_M) {
    const sigmaYM = model.sigmaYM(downwindM);
    const value =
      model.axisConcentrationMgM3(downwindM) * Math.exp(-squaredM2 / (2 * sigmaYM * sigmaYM));
    return value >= floorMgM3 ? value : 0;
  }
  const position = downwindM / TABLE_STEP_M;
  const index = Math.floor(position);
  if (
    squaredM2 >
    Math.max(tables.cutoffHalfWidthSquaredM2[index]!, tables.cutoffHalfWidthSquaredM2[index + 1]!)
  ) {
    return 0;
  }
  const along = position - index;
  const axis =
    tables.axisMgM3[index]! + (tables.axisMgM3[index + 1]! - tables.axisMgM3[index]!) * along;
  const inverse =
    tables.inverseTwiceVariance[index]! +
    (tables.inverseTwiceVariance[index + 1]! - tables.inverseTwiceVariance[index]!) * along;
  const value = axis * Math.exp(-squaredM2 * inverse);
  return value >= floorMgM3 ? value : 0;
}

/** The centre of a cell of the grid, in the plume frame. */
export function fieldCellInPlumeFrame(
  frame: PlumeFrame,
  grid: FieldGrid,
  column: number,
  row: number,
): PlumePoint {
  return plumePointOfOffset(
    frame,
    grid.westOffsetM + (column + 0.5) * grid.cellSizeM,
    grid.southOffsetM + (row + 0.5) * grid.cellSizeM,
  );
}

/** Row-major (south row first) mg/m³; cells under `floorMgM3` are 0. */
export function computeConcentrationField(
  model: PlumeModel,
  frame: PlumeFrame,
  grid: FieldGrid,
  floorMgM3: number,
): Float32Array {
  const { westOffsetM, southOffsetM, cellSizeM, columns, rows } = grid;
  const farthestCornerM = Math.hypot(
    Math.max(Math.abs(westOffsetM), Math.abs(westOffsetM + columns * cellSizeM)),
    Math.max(Math.abs(southOffsetM), Math.abs(southOffsetM + rows * cellSizeM)),
  );
  const tables = tabulateAxis(model, farthestCornerM, floorMgM3);
  const field = new Float32Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const { downwindM, crosswindM } = fieldCellInPlumeFrame(frame, grid, column, row);
      field[row * columns + column] = cellValue(model, tables, downwindM, crosswindM, floorMgM3);
    }
  }
  return field;
}
