/**
 * Registrations and departures of the register, folded from district days into district
 * calendar months for the cockpit's chart (the stores count per day; a month is a sum of whole
 * days, so any level and any scope adds up the same way).
 */
import { DISTRICT_UTC_OFFSET_MS, districtMonthStartMs } from '../districtTime';

export type MovementKind = 'registration' | 'departure';

export interface MovementDayCount {
  dayStartMs: number;
  kind: MovementKind;
  count: number;
}

export interface MovementMonth {
  /** Start of the district calendar month (epoch ms). */
  monthStartMs: number;
  registrations: number;
  departures: number;
}

/** Start of the district month `offset` months after the one containing `timeMs` (may be negative). */
export function districtMonthStartAfter(timeMs: number, offset: number): number {
  const local = new Date(districtMonthStartMs(timeMs) + DISTRICT_UTC_OFFSET_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + offset, 1) - DISTRICT_UTC_OFFSET_MS;
}

/** The window of `months` whole district months ending with the month of `nowMs`: [from, to). */
export function movementWindowOf(nowMs: number, months: number): { fromMs: number; toMs: number } {
  return {
    fromMs: districtMonthStartAfter(nowMs, 1 - months),
    toMs: districtMonthStartAfter(nowMs, 1),
  };
}

/** One entry per month of the window, oldest first, months without movement as zeros. */
export function foldMovementMonths(
  days: readonly MovementDayCount[],
  nowMs: number,
  months: number,
): MovementMonth[] {
  const window = movementWindowOf(nowMs, months);
  const result = Array.from({ length: months }, (_, index) => ({
    monthStartMs: districtMonthStartAfter(window.fromMs, index),
    registrations: 0,
    departures: 0,
  }));
  const byStart = new Map(result.map((month) => [month.monthStartMs, month]));
  for (const day of days) {
    if (day.dayStartMs < window.fromMs || day.dayStartMs >= window.toMs) continue;
    const month = byStart.get(districtMonthStartMs(day.dayStartMs));
    if (month === undefined) continue;
    if (day.kind === 'registration') month.registrations += day.count;
    else month.departures += day.count;
  }
  return result;
}
