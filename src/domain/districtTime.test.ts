import { describe, expect, it } from 'vitest';
import {
  DISTRICT_UTC_OFFSET_MS,
  districtDayStartMs,
  districtHourOf,
  districtMonthStartMs,
  districtWeekStartMs,
  districtYearOf,
} from './districtTime';

describe('district time (UTC+8, no daylight saving)', () => {
  it('starts the local day at 16:00 UTC of the previous UTC day', () => {
    expect(districtDayStartMs(Date.UTC(2026, 10, 27, 20, 0))).toBe(Date.UTC(2026, 10, 27, 16, 0));
  });

  it('puts local midnight in the day it opens and the millisecond before in the day before', () => {
    const midnightMs = Date.UTC(2026, 10, 27, 16, 0);
    expect(districtDayStartMs(midnightMs)).toBe(midnightMs);
    expect(districtDayStartMs(midnightMs - 1)).toBe(Date.UTC(2026, 10, 26, 16, 0));
  });

  it('keeps a UTC morning in the local day that began the evening before', () => {
    expect(districtDayStartMs(Date.UTC(2026, 10, 27, 15, 59))).toBe(Date.UTC(2026, 10, 26, 16, 0));
    expect(districtDayStartMs(Date.UTC(2026, 10, 27, 0, 0))).toBe(Date.UTC(2026, 10, 26, 16, 0));
  });

  it('has 24-hour days across the dates other zones change clocks', () => {
    for (const [month, day] of [
      [2, 29],
      [9, 25],
      [2, 8],
      [10, 1],
    ] as const) {
      const start = districtDayStartMs(Date.UTC(2026, month, day, 12, 0));
      expect(districtDayStartMs(start + 24 * 60 * 60 * 1000)).toBe(start + 24 * 60 * 60 * 1000);
      expect(districtHourOf(start)).toBe(0);
    }
  });

  it('works before 1970 (negative epoch times)', () => {
    expect(districtDayStartMs(Date.UTC(1969, 11, 31, 17, 0))).toBe(-DISTRICT_UTC_OFFSET_MS);
    expect(districtHourOf(-DISTRICT_UTC_OFFSET_MS - 1)).toBe(23);
  });

  it('reads the local hour of day', () => {
    expect(districtHourOf(Date.UTC(2026, 10, 27, 0, 30))).toBe(8);
    expect(districtHourOf(Date.UTC(2026, 10, 27, 16, 0))).toBe(0);
    expect(districtHourOf(Date.UTC(2026, 10, 27, 15, 59))).toBe(23);
  });
});

describe('district weeks, months and years', () => {
  it('starts the week on the local Monday, even when UTC is still on Sunday', () => {
    // 2026-11-30 is a Monday; 01:00 local is Sunday 17:00 UTC.
    const mondayStartMs = Date.UTC(2026, 10, 29, 16, 0);
    expect(districtWeekStartMs(Date.UTC(2026, 10, 29, 17, 0))).toBe(mondayStartMs);
    expect(districtWeekStartMs(Date.UTC(2026, 11, 6, 15, 59))).toBe(mondayStartMs);
    expect(districtWeekStartMs(mondayStartMs - 1)).toBe(mondayStartMs - 7 * 24 * 3_600_000);
  });

  it('starts the month on the local first, and counts the year locally', () => {
    expect(districtMonthStartMs(Date.UTC(2026, 11, 5, 12, 0))).toBe(Date.UTC(2026, 10, 30, 16, 0));
    // 31 Dec 16:30 UTC is already 1 January locally.
    expect(districtMonthStartMs(Date.UTC(2026, 11, 31, 16, 30))).toBe(Date.UTC(2026, 11, 31, 16));
    expect(districtYearOf(Date.UTC(2026, 11, 31, 16, 30))).toBe(2027);
    expect(districtYearOf(Date.UTC(2026, 11, 31, 15, 59))).toBe(2026);
  });
});
