/** The time windows the cockpit counts incidents in, all on the district's local calendar. */
import {
  DAY_MS,
  districtDayStartMs,
  districtMonthStartMs,
  districtWeekStartMs,
} from '../../domain/districtTime';

export interface StatsWindows {
  todayMs: number;
  weekMs: number;
  monthMs: number;
  /** Start of the first day of the trend: `days` district days ending with today. */
  trendFromMs: number;
}

export function windowStartsOf(nowMs: number, days: number): StatsWindows {
  const todayMs = districtDayStartMs(nowMs);
  return {
    todayMs,
    weekMs: districtWeekStartMs(nowMs),
    monthMs: districtMonthStartMs(nowMs),
    trendFromMs: todayMs - (days - 1) * DAY_MS,
  };
}
