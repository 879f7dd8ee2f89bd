import { describe, expect, it } from 'vitest';
import { DAY_MS, districtDayStartMs } from '../districtTime';
import { districtMonthStartAfter, foldMovementMonths, movementWindowOf } from './movementMonths';

/** 6 December 2026, 10:00 in the district (UTC+8). */
const NOW_MS = Date.UTC(2026, 11, 6, 2, 0);
const localMidnight = (year: number, month: number, day: number) =>
  Date.UTC(year, month, day) - 8 * 60 * 60 * 1000;

describe('movement months', () => {
  it('step whole district months across a year boundary', () => {
    expect(districtMonthStartAfter(NOW_MS, 0)).toBe(localMidnight(2026, 11, 1));
    expect(districtMonthStartAfter(NOW_MS, 1)).toBe(localMidnight(2027, 0, 1));
    expect(districtMonthStartAfter(NOW_MS, -11)).toBe(localMidnight(2026, 0, 1));
    expect(districtMonthStartAfter(NOW_MS, -12)).toBe(localMidnight(2025, 11, 1));
  });

  it('cover twelve months ending with the current one', () => {
    expect(movementWindowOf(NOW_MS, 12)).toEqual({
      fromMs: localMidnight(2026, 0, 1),
      toMs: localMidnight(2027, 0, 1),
    });
  });

  it('fold days and months into their district month, zeros for quiet months, nothing outside the window', () => {
    // 1 March 00:30 local is still 28 February in UTC: it belongs to March.
    const firstOfMarch = districtDayStartMs(localMidnight(2026, 2, 1) + 30 * 60 * 1000);
    const months = foldMovementMonths(
      [
        { startMs: firstOfMarch, kind: 'registration', count: 3 },
        { startMs: firstOfMarch + 5 * DAY_MS, kind: 'departure', count: 2 },
        { startMs: localMidnight(2026, 1, 28), kind: 'registration', count: 7 },
        { startMs: localMidnight(2025, 11, 31), kind: 'registration', count: 99 },
        { startMs: localMidnight(2027, 0, 1), kind: 'departure', count: 99 },
      ],
      NOW_MS,
      12,
    );
    expect(months).toHaveLength(12);
    expect(months[0]!.monthStartMs).toBe(localMidnight(2026, 0, 1));
    expect(months[1]).toEqual({
      monthStartMs: localMidnight(2026, 1, 1),
      registrations: 7,
      departures: 0,
    });
    expect(months[2]).toEqual({
      monthStartMs: localMidnight(2026, 2, 1),
      registrations: 3,
      departures: 2,
    });
    const total = months.reduce((sum, month) => sum + month.registrations + month.departures, 0);
    expect(total).toBe(12);
  });
});
