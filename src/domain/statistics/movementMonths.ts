/**
 * Registrations and departures of the register per district calendar month, for the cockpit's
 * chart: the stores count per month (a month is a sum of whole district days, so any level and
 * any scope adds up the same way); this lays them on the window's months, quiet ones as zeros.
 */
import { DISTRICT_UTC_OFFSET_MS, districtMonthStartMs } from '../districtTime';

export type MovementKind = 'registration' | 'departure';

/** Movements of one kind in the district day or month that starts at `startMs`. */
export interface MovementCount {
  startMs: number;
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
  counts: readonly MovementCount[],
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
  for (const entry of counts) {
    if (entry.startMs < window.fromMs || entry.startMs >= window.toMs) continue;
    const month = byStart.get(districtMonthStartMs(entry.startMs));
    if (month === undefined) continue;
    if (entry.kind === 'registration') month.registrations += entry.count;
    else month.departures += entry.count;
  }
  return result;
}
