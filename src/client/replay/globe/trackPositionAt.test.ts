import { describe, expect, it } from 'vitest';
import type { LonLatTime } from '../../../shared/tracking';
import { lastIndexAtOrBefore, trackPositionAt } from './trackPositionAt';

const START_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const MINUTE_MS = 60_000;
const track: LonLatTime[] = [
  { fixTimeMs: START_MS, lon: 119.3, lat: 26.08 },
  { fixTimeMs: START_MS + MINUTE_MS, lon: 119.302, lat: 26.08 },
  { fixTimeMs: START_MS + 2 * MINUTE_MS, lon: 119.302, lat: 26.082 },
  // Phone off for 20 minutes.
  { fixTimeMs: START_MS + 22 * MINUTE_MS, lon: 119.31, lat: 26.09 },
];
const OPTIONS = { maxGapMs: 5 * MINUTE_MS, holdMs: 5 * MINUTE_MS };

describe('track position at a replay time', () => {
  it('finds the last fix at or before a time', () => {
    expect(lastIndexAtOrBefore(track, START_MS - 1)).toBe(-1);
    expect(lastIndexAtOrBefore(track, START_MS)).toBe(0);
    expect(lastIndexAtOrBefore(track, START_MS + 90_000)).toBe(1);
    expect(lastIndexAtOrBefore(track, START_MS + 99 * MINUTE_MS)).toBe(3);
    expect(lastIndexAtOrBefore([], START_MS)).toBe(-1);
  });

  it('interpolates linearly between the fixes around the time', () => {
    const position = trackPositionAt(track, START_MS + 30_000, OPTIONS);
    expect(position?.lon).toBeCloseTo(119.301, 9);
    expect(position?.lat).toBeCloseTo(26.08, 9);
    expect(trackPositionAt(track, START_MS + MINUTE_MS, OPTIONS)).toEqual({
      lon: 119.302,
      lat: 26.08,
    });
  });

  it('shows nobody before the first fix', () => {
    expect(trackPositionAt(track, START_MS - 1, OPTIONS)).toBeNull();
  });

  it('does not walk across a long gap: holds, then hides', () => {
    const held = trackPositionAt(track, START_MS + 4 * MINUTE_MS, OPTIONS);
    expect(held).toEqual({ lon: 119.302, lat: 26.082 });
    expect(trackPositionAt(track, START_MS + 10 * MINUTE_MS, OPTIONS)).toBeNull();
    expect(trackPositionAt(track, START_MS + 22 * MINUTE_MS, OPTIONS)).toEqual({
      lon: 119.31,
      lat: 26.09,
    });
  });

  it('walks across a gap when told to (a thinned track) and holds after the last fix', () => {
    const walked = trackPositionAt(track, START_MS + 12 * MINUTE_MS, {
      maxGapMs: Infinity,
      holdMs: OPTIONS.holdMs,
    });
    expect(walked?.lon).toBeCloseTo(119.306, 9);
    expect(trackPositionAt(track, START_MS + 26 * MINUTE_MS, OPTIONS)).toEqual({
      lon: 119.31,
      lat: 26.09,
    });
    expect(trackPositionAt(track, START_MS + 28 * MINUTE_MS, OPTIONS)).toBeNull();
  });
});
