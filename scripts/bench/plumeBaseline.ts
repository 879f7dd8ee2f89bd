/**
 * bench:plume's naive version, what the fast one is measured against: every cell of the field
 * evaluated with the full plume formula (Briggs σ and all three exponentials), each zone's
 * outline traced from the cells at or over its tier, and every resident tested against each
 * outline with the point-in-polygon ring walk.
 */
import { performance } from 'node:perf_hooks';
import { isPointInArea, type PolygonGeometry } from '../../src/domain/geo/polygonContainment';
import {
  fieldCellInPlumeFrame,
  type FieldGrid,
} from '../../src/domain/emergency/concentrationField';
import { briggsSigmas } from '../../src/domain/emergency/dispersionCoefficients';
import { plumeConcentration } from '../../src/domain/emergency/gaussianDispersion';
import { fromPlumeFrame, type PlumeFrame } from '../../src/domain/emergency/plumeFrame';
import type { PlumeScenario } from '../../src/domain/emergency/plumeScenario';

const MG_PER_G = 1000;

export interface BaselineInput {
  scenario: PlumeScenario & { release: { kind: 'continuous' } };
  frame: PlumeFrame;
  grid: FieldGrid;
  thresholdsMgM3: readonly number[];
  lons: Float64Array;
  lats: Float64Array;
}

function naiveField({ scenario, frame, grid }: BaselineInput): Float32Array {
  const field = new Float32Array(grid.columns * grid.rows);
  const rateMgPerS = scenario.release.rateGPerS * MG_PER_G;
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const { downwindM, crosswindM } = fieldCellInPlumeFrame(frame, grid, column, row);
      if (downwindM <= 0) continue;
      const sigmas = briggsSigmas(scenario.stability, scenario.terrain, downwindM);
      field[row * grid.columns + column] = plumeConcentration(
        rateMgPerS,
        scenario.windMs,
        scenario.releaseHeightM,
        sigmas,
        { crosswindM, receptorHeightM: 0 },
      );
    }
  }
  return field;
}

/** The outline of the cells at or over a threshold: the widest |y| per cell size downwind. */
function naiveOutline(
  { frame, grid }: BaselineInput,
  field: Float32Array,
  thresholdMgM3: number,
): PolygonGeometry {
  const diagonalM = Math.hypot(grid.columns, grid.rows) * grid.cellSizeM;
  const widestM = new Float64Array(Math.ceil(diagonalM / grid.cellSizeM)).fill(-1);
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      if (field[row * grid.columns + column]! < thresholdMgM3) continue;
      const { downwindM, crosswindM } = fieldCellInPlumeFrame(frame, grid, column, row);
      const bin = Math.floor(downwindM / grid.cellSizeM);
      widestM[bin] = Math.max(widestM[bin]!, Math.abs(crosswindM));
    }
  }
  const bins = [...widestM.keys()].filter((bin) => widestM[bin]! >= 0);
  const side = (sign: number, order: number[]) =>
    order.map((bin) => fromPlumeFrame(frame, (bin + 0.5) * grid.cellSizeM, sign * widestM[bin]!));
  const ring = [...side(-1, bins), ...side(1, [...bins].reverse())].map(({ lon, lat }) => [
    lon,
    lat,
  ]);
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

export function runNaivePlume(input: BaselineInput) {
  const startMs = performance.now();
  const field = naiveField(input);
  const fieldMs = performance.now();
  const outlines = input.thresholdsMgM3.map((threshold) => naiveOutline(input, field, threshold));
  const zonesMs = performance.now();
  const counts = outlines.map(() => 0);
  const masks = new Uint8Array(input.lons.length);
  for (let index = 0; index < input.lons.length; index++) {
    const point = { lon: input.lons[index]!, lat: input.lats[index]! };
    outlines.forEach((outline, zone) => {
      if (!isPointInArea(point, outline)) return;
      counts[zone]!++;
      masks[index]! |= 1 << zone;
    });
  }
  const endMs = performance.now();
  const times = {
    fieldMs: fieldMs - startMs,
    zonesMs: zonesMs - fieldMs,
    residentsMs: endMs - zonesMs,
    totalMs: endMs - startMs,
  };
  return { field, counts, masks, times };
}
