import { describe, expect, it } from 'vitest';
import { toLonLat } from '../geo/localFrame';
import type { Fix } from './fix';
import {
  FIX_REJECT_REASONS,
  MAX_FIX_AGE_MS,
  MAX_FUTURE_SKEW_MS,
  type FixRejectReason,
  validateFix,
} from './validateFix';
import { TrackBuffer } from './TrackBuffer';

const NOW_MS = Date.UTC(2026, 10, 27, 9, 0, 0);
const ORIGIN = { lon: 119.29, lat: 26.08 };

function makeFix(overrides: Partial<Fix> = {}): Fix {
  return {
    workerId: 42,
    fixTimeMs: NOW_MS - 1_000,
    lon: ORIGIN.lon,
    lat: ORIGIN.lat,
    accuracyM: 5,
    speedMps: 1.2,
    headingDeg: 90,
    ...overrides,
  };
}

function reasonOf(
  fix: Fix,
  neighbours?: Parameters<typeof validateFix>[2],
): FixRejectReason | null {
  const verdict = validateFix(fix, NOW_MS, neighbours);
  return verdict.ok ? null : verdict.reason;
}

/** A fix `eastM` metres east of the origin, `secondsAfter` seconds after the base fix time. */
function fixEastOf(eastM: number, secondsAfter: number, accuracyM = 5): Fix {
  const point = toLonLat(ORIGIN, eastM, 0);
  return makeFix({ ...point, fixTimeMs: NOW_MS - 600_000 + secondsAfter * 1000, accuracyM });
}

describe('validateFix', () => {
  it('accepts a plain fix, and unknown speed and heading', () => {
    expect(validateFix(makeFix(), NOW_MS)).toEqual({ ok: true });
    expect(reasonOf(makeFix({ speedMps: null, headingDeg: null }))).toBeNull();
  });

  const cases: [FixRejectReason, Partial<Fix>][] = [
    ['not_finite', { lon: Number.NaN }],
    ['not_finite', { lat: Infinity }],
    ['not_finite', { accuracyM: Number.NaN }],
    ['not_finite', { speedMps: -Infinity }],
    ['not_finite', { headingDeg: Number.NaN }],
    ['not_finite', { fixTimeMs: Number.NaN }],
    ['worker_id_invalid', { workerId: -1 }],
    ['worker_id_invalid', { workerId: 1.5 }],
    ['worker_id_invalid', { workerId: 2 ** 32 }],
    ['lon_out_of_range', { lon: 180.0001 }],
    ['lon_out_of_range', { lon: -181 }],
    ['lat_out_of_range', { lat: 90.5 }],
    ['lat_out_of_range', { lat: -91 }],
    ['null_island', { lon: 0, lat: 0 }],
    ['accuracy_negative', { accuracyM: -1 }],
    ['accuracy_too_large', { accuracyM: 50_000 }],
    ['speed_out_of_range', { speedMps: -0.1 }],
    ['speed_out_of_range', { speedMps: 150 }],
    ['heading_out_of_range', { headingDeg: -1 }],
    ['heading_out_of_range', { headingDeg: 360 }],
    ['fix_time_in_future', { fixTimeMs: NOW_MS + MAX_FUTURE_SKEW_MS + 1 }],
    ['fix_time_too_old', { fixTimeMs: NOW_MS - MAX_FIX_AGE_MS - 1 }],
  ];
  it.each(cases)('rejects with %s for %o', (reason, overrides) => {
    expect(reasonOf(makeFix(overrides))).toBe(reason);
  });

  it('tolerates clock skew up to the named limit', () => {
    expect(reasonOf(makeFix({ fixTimeMs: NOW_MS + MAX_FUTURE_SKEW_MS }))).toBeNull();
    expect(reasonOf(makeFix({ fixTimeMs: NOW_MS - MAX_FIX_AGE_MS }))).toBeNull();
  });

  it('rejects a teleport against the previous fix in time', () => {
    const previous = fixEastOf(0, 0);
    expect(reasonOf(fixEastOf(500, 10), { previous, next: null })).toBe('impossible_jump');
    // 200 m in 10 s is 20 m/s: a car, plausible.
    expect(reasonOf(fixEastOf(200, 10), { previous, next: null })).toBeNull();
  });

  it('lets the accuracy radii explain a jump', () => {
    const previous = fixEastOf(0, 0, 5);
    expect(reasonOf(fixEastOf(300, 1, 5), { previous, next: null })).toBe('impossible_jump');
    expect(reasonOf(fixEastOf(300, 1, 300), { previous, next: null })).toBeNull();
  });

  it('allows a long way after a long gap', () => {
    const previous = fixEastOf(0, 0);
    expect(reasonOf(fixEastOf(5_000, 600), { previous, next: null })).toBeNull();
  });

  it('checks a late fix against the later neighbour too, not only the last arrival', () => {
    const buffer = new TrackBuffer<Fix>(16);
    buffer.insert(fixEastOf(0, 0));
    buffer.insert(fixEastOf(400, 20));
    // Arrives last, belongs between the two; is plausible after the earlier one only.
    const late = fixEastOf(-100, 10);
    const neighbours = buffer.neighboursOf(late.fixTimeMs);
    expect(neighbours.previous!.fixTimeMs).toBeLessThan(late.fixTimeMs);
    expect(neighbours.next!.fixTimeMs).toBeGreaterThan(late.fixTimeMs);
    expect(reasonOf(late, { previous: neighbours.previous, next: null })).toBeNull();
    expect(reasonOf(late, neighbours)).toBe('impossible_jump');
    expect(reasonOf(fixEastOf(200, 10), neighbours)).toBeNull();
  });

  it('has a test for every reason it can give', () => {
    const tested = new Set([...cases.map(([reason]) => reason), 'impossible_jump']);
    expect([...tested].sort()).toEqual([...FIX_REJECT_REASONS].sort());
  });
});
