import { describe, expect, it } from 'vitest';
import { MAX_REPLAY_RANGE_MS } from '../../shared/tracking';
import { districtDayStartMs } from '../../domain/districtTime';
import { HOUR_MS, checkReplayRange, presetRange } from './replayRange';

describe('replay range', () => {
  it('starts "today" at midnight in the district (UTC+8)', () => {
    // 2026-11-27 17:30 UTC is 2026-11-28 01:30 in Fuzhou.
    const nowMs = Date.UTC(2026, 10, 27, 17, 30);
    expect(districtDayStartMs(nowMs)).toBe(Date.UTC(2026, 10, 27, 16, 0));
    expect(presetRange('today', nowMs)).toEqual({
      fromMs: Date.UTC(2026, 10, 27, 16, 0),
      toMs: nowMs,
    });
    // 2026-11-27 15:59 UTC is still the 27th in Fuzhou.
    expect(districtDayStartMs(Date.UTC(2026, 10, 27, 15, 59))).toBe(Date.UTC(2026, 10, 26, 16, 0));
  });

  it('gives the last hour and leaves custom to the user', () => {
    const nowMs = Date.UTC(2026, 10, 27, 9, 0);
    expect(presetRange('lastHour', nowMs)).toEqual({ fromMs: nowMs - HOUR_MS, toMs: nowMs });
    expect(presetRange('custom', nowMs)).toBeNull();
  });

  it('says what is wrong with a custom range', () => {
    const nowMs = Date.UTC(2026, 10, 27, 9, 0);
    expect(checkReplayRange({ fromMs: nowMs - HOUR_MS, toMs: nowMs }, nowMs)).toBeNull();
    expect(checkReplayRange({ fromMs: nowMs, toMs: nowMs }, nowMs)).toBe('empty');
    expect(checkReplayRange({ fromMs: Number.NaN, toMs: nowMs }, nowMs)).toBe('empty');
    expect(checkReplayRange({ fromMs: 0, toMs: MAX_REPLAY_RANGE_MS + 1 }, nowMs)).toBe('tooLong');
    expect(checkReplayRange({ fromMs: nowMs + 1, toMs: nowMs + HOUR_MS }, nowMs)).toBe('future');
  });
});
