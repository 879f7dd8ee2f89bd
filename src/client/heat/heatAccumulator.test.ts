import { describe, expect, it } from 'vitest';
import { quarticKernelPerKm2, RATE_PER_RESIDENTS } from '../../domain/incidents/heatKernel';
import { HeatAccumulator } from './heatAccumulator';
import type { HeatIncident } from './heatWindows';

const BOX = { west: 119.29, south: 26.08, east: 119.3, north: 26.09 };
const SPEC = { ...BOX, cellSizeM: 25, bandwidthM: 200 };
const NOW_MS = Date.UTC(2026, 10, 27, 12);
const HOUR_MS = 3_600_000;
const CENTRE = { lon: 119.295, lat: 26.085 };

function incident(id: string, ageMs: number, categoryCode = 'street_order'): HeatIncident {
  return { id, ...CENTRE, reportedAtMs: NOW_MS - ageMs, categoryCode, gridCode: '350102001001001' };
}

describe('HeatAccumulator', () => {
  it('counts only the window and the category, and adds a new report in place', () => {
    const lastHour = { window: '1h', categoryCode: null } as const;
    const heat = new HeatAccumulator(SPEC, lastHour);
    heat.reset([incident('a', 10 * 60_000), incident('b', 3 * HOUR_MS)], lastHour, NOW_MS);
    expect(heat.count).toBe(1);
    const before = heat.valueAt(CENTRE.lon, CENTRE.lat, false);
    expect(before).toBeGreaterThan(0);
    expect(heat.add(incident('c', 0), NOW_MS)).toBe(true);
    expect(heat.add(incident('c', 0), NOW_MS)).toBe(false);
    expect(heat.add(incident('d', 2 * HOUR_MS), NOW_MS)).toBe(false);
    expect(heat.valueAt(CENTRE.lon, CENTRE.lat, false)).toBeCloseTo(2 * before, 9);
    heat.reset(
      [incident('a', 0), incident('e', 0, 'dispute')],
      { window: '24h', categoryCode: 'dispute' },
      NOW_MS,
    );
    expect(heat.count).toBe(1);
  });

  it('takes back reports that slid out of the window, equal to a fresh recompute', () => {
    const heat = new HeatAccumulator(SPEC, { window: '1h', categoryCode: null });
    const old = incident('old', 50 * 60_000);
    const young = { ...incident('young', 5 * 60_000), lon: 119.296 };
    heat.reset([old, young], { window: '1h', categoryCode: null }, NOW_MS);
    expect(heat.expire(NOW_MS + 20 * 60_000)).toBe(1);
    const fresh = new HeatAccumulator(SPEC, { window: '1h', categoryCode: null });
    fresh.reset([young], { window: '1h', categoryCode: null }, NOW_MS + 20 * 60_000);
    const expired = heat.values(false);
    const recomputed = fresh.values(false);
    expired.forEach((value, index) => expect(value).toBeCloseTo(recomputed[index]!, 9));
  });

  it('rates per 1,000 residents with residents spread by the same kernel', () => {
    const heat = new HeatAccumulator(SPEC, { window: '24h', categoryCode: null });
    heat.reset([incident('a', 0), incident('b', 0)], { window: '24h', categoryCode: null }, NOW_MS);
    heat.setResidents([[CENTRE.lon, CENTRE.lat, 500]]);
    // Same place, same kernel: 2 incidents over 500 residents is 4 per 1,000 wherever both reach.
    expect(heat.valueAt(CENTRE.lon + 0.0005, CENTRE.lat, true)).toBeCloseTo(
      (2 / 500) * RATE_PER_RESIDENTS,
      6,
    );
    // Where the register has no one, the rate is 0, not infinite.
    expect(heat.valueAt(BOX.west + 0.0001, BOX.south + 0.0001, true)).toBe(0);
    // Plain density at the centre cell is two kernels near their peak.
    expect(heat.valueAt(CENTRE.lon, CENTRE.lat, false)).toBeGreaterThan(
      1.9 * quarticKernelPerKm2(25, 200),
    );
  });

  it('answers -1 and 0 outside the grid', () => {
    const heat = new HeatAccumulator(SPEC, { window: '24h', categoryCode: null });
    expect(heat.cellIndexAt(BOX.west - 0.01, CENTRE.lat)).toBe(-1);
    expect(heat.valueAt(BOX.east + 0.01, CENTRE.lat, false)).toBe(0);
  });
});
