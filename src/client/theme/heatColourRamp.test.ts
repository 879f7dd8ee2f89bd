import { describe, expect, it } from 'vitest';
import {
  HEAT_RAMP_STOPS,
  HEAT_VISIBLE_FRACTION,
  heatColourAt,
  heatColourCss,
  heatLegendTicks,
  niceScaleMax,
} from './heatColourRamp';

describe('heat colour ramp', () => {
  it('is transparent below the visible fraction and hits the stops exactly', () => {
    expect(heatColourAt(0)[3]).toBe(0);
    expect(heatColourAt(HEAT_VISIBLE_FRACTION / 2)[3]).toBe(0);
    for (const [position, red, green, blue, alpha] of HEAT_RAMP_STOPS) {
      if (position < HEAT_VISIBLE_FRACTION) continue;
      expect(heatColourAt(position)).toEqual([red, green, blue, alpha]);
    }
  });

  it('interpolates between stops, gets more opaque with the value and clamps', () => {
    const [low, high] = [HEAT_RAMP_STOPS[1]!, HEAT_RAMP_STOPS[2]!];
    const middle = heatColourAt((low[0] + high[0]) / 2);
    expect(middle[1]).toBe(Math.round((low[2] + high[2]) / 2));
    const alphas = [0.1, 0.3, 0.5, 0.7, 0.9, 1].map((fraction) => heatColourAt(fraction)[3]);
    expect([...alphas].sort((a, b) => a - b)).toEqual(alphas);
    expect(heatColourAt(7)).toEqual(heatColourAt(1));
    expect(heatColourAt(Number.NaN)[3]).toBe(0);
    expect(heatColourCss(1)).toBe('rgba(255, 40, 60, 0.92)');
  });

  it('rounds the scale up to a round number and ticks it evenly', () => {
    expect(niceScaleMax(0)).toBe(1);
    expect(niceScaleMax(0.13)).toBeCloseTo(0.15, 12);
    expect(niceScaleMax(3.2)).toBe(4);
    expect(niceScaleMax(50)).toBe(50);
    expect(niceScaleMax(51)).toBe(60);
    expect(niceScaleMax(81)).toBe(100);
    expect(niceScaleMax(740)).toBe(800);
    expect(heatLegendTicks(100)).toEqual([0, 25, 50, 75, 100]);
  });
});
