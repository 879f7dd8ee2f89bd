/**
 * The district's local time. Fuzhou keeps China Standard Time, UTC+8 all year (China has had no
 * daylight saving since 1991), so a fixed offset is exact: "today" on the worker card, the
 * replay's "today" preset, the simulator's daily walk and Open311 timestamps all use it.
 */

/** China Standard Time: UTC+8, no daylight saving. */
export const DISTRICT_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** One district day: 24 hours, as the district keeps no daylight saving. */
export const DAY_MS = 24 * HOUR_MS;
const HOURS_PER_DAY = 24;

/** Start (epoch ms) of the district's local day that contains `timeMs`. */
export function districtDayStartMs(timeMs: number): number {
  return Math.floor((timeMs + DISTRICT_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - DISTRICT_UTC_OFFSET_MS;
}

/** The district's local hour of day (0–23) at `timeMs`. */
export function districtHourOf(timeMs: number): number {
  const hour = Math.floor((timeMs + DISTRICT_UTC_OFFSET_MS) / HOUR_MS) % HOURS_PER_DAY;
  return (hour + HOURS_PER_DAY) % HOURS_PER_DAY;
}

/** ISO weeks start on Monday; getUTCDay() counts from Sunday = 0. */
const DAYS_SINCE_MONDAY_OFFSET = 6;
const DAYS_PER_WEEK = 7;

/** Start (epoch ms) of the district's local week (Monday 00:00) that contains `timeMs`. */
export function districtWeekStartMs(timeMs: number): number {
  const dayStartMs = districtDayStartMs(timeMs);
  const weekday = new Date(dayStartMs + DISTRICT_UTC_OFFSET_MS).getUTCDay();
  return dayStartMs - ((weekday + DAYS_SINCE_MONDAY_OFFSET) % DAYS_PER_WEEK) * DAY_MS;
}

/** Start (epoch ms) of the district's local calendar month that contains `timeMs`. */
export function districtMonthStartMs(timeMs: number): number {
  const local = new Date(timeMs + DISTRICT_UTC_OFFSET_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - DISTRICT_UTC_OFFSET_MS;
}

/** The district's current calendar year at `timeMs` (ages are counted against it). */
export function districtYearOf(timeMs: number): number {
  return new Date(timeMs + DISTRICT_UTC_OFFSET_MS).getUTCFullYear();
}
