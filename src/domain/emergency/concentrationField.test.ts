import { describe, expect, it } from 'vitest';
import { briggsSigmas } from './dispersionCoefficients';
import { plumeConcentration } from './gaussianDispersion';
import { computeConcentrationField, fieldCellInPlumeFrame } from './concentrationField';
import { createPlumeFrame } from './plumeFrame';
import { createPlumeModel } from './plumeModel';

const CONDITIONS = { windMs: 3, stability: 'D', terrain: 'urban', releaseHeightM: 5 } as const;
const MODEL = createPlumeModel({ kind: 'continuous', rateGPerS: 1000 }, CONDITIONS);
const FRAME = createPlumeFrame({ lon: 119.29, lat: 26.08 }, 30);
const GRID = { westOffsetM: -1500, southOffsetM: -1500, cellSizeM: 20, columns: 150, rows: 150 };
const FLOOR_MG_M3 = 0.01;

describe('the concentration field', () => {
  it('matches the plume formula evaluated directly at every cell to 0.1 %, above its floor', () => {
    const field = computeConcentrationField(MODEL, FRAME, GRID, FLOOR_MG_M3);
    let compared = 0;
    for (let row = 0; row < GRID.rows; row++) {
      for (let column = 0; column < GRID.columns; column++) {
        const { downwindM, crosswindM } = fieldCellInPlumeFrame(FRAME, GRID, column, row);
        const direct =
          downwindM <= 0
            ? 0
            : plumeConcentration(1e6, 3, 5, briggsSigmas('D', 'urban', downwindM), {
                crosswindM,
                receptorHeightM: 0,
              });
        const value = field[row * GRID.columns + column]!;
        if (direct >= FLOOR_MG_M3 * 1.001) {
          expect(Math.abs(value - direct) / direct).toBeLessThan(1e-3);
          compared++;
        } else if (direct < FLOOR_MG_M3 * 0.999) {
          expect(value).toBe(0);
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('is zero upwind of the source', () => {
    const northWind = createPlumeFrame({ lon: 119.29, lat: 26.08 }, 0);
    const field = computeConcentrationField(MODEL, northWind, GRID, FLOOR_MG_M3);
    const northernHalf = field.subarray((GRID.rows / 2 + 1) * GRID.columns);
    expect(northernHalf.every((value) => value === 0)).toBe(true);
    expect(field.some((value) => value > 0)).toBe(true);
  });
});
