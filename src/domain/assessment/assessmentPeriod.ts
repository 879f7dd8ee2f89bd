/**
 * The period an assessment covers, on the district's calendar (UTC+8): a month (`2026-11`), a
 * quarter (`2026-Q4`) or a custom run of whole days (`2026-11-03` to `2026-11-20`, both
 * included). The period is [startMs, endMs): it starts at the first day's midnight and ends at
 * the midnight after its last day.
 */
import { DAY_MS, DISTRICT_UTC_OFFSET_MS } from '../districtTime';

export type PeriodRequest =
  | { kind: 'month'; month: string }
  | { kind: 'quarter'; quarter: string }
  | { kind: 'custom'; from: string; to: string };

export interface AssessmentPeriod {
  /** `2026-11`, `2026-Q4` or `2026-11-03..2026-11-20`: also the name of the export. */
  label: string;
  startMs: number;
  endMs: number;
  /** The first day, `YYYY-MM-DD`: the scheme in force on it scores the period. */
  firstDay: string;
  /** The last day included, `YYYY-MM-DD`. */
  lastDay: string;
}

/** A longer custom period is a yearly review: ask for the quarters. */
export const MAX_CUSTOM_PERIOD_DAYS = 366;
const MONTHS_PER_QUARTER = 3;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export class PeriodError extends Error {
  constructor(
    readonly field: string,
    readonly zh: string,
    en: string,
  ) {
    super(en);
    this.name = 'PeriodError';
  }
}

/** Midnight in the district at the start of the given calendar day (month is 1-based). */
function districtMidnightMs(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - DISTRICT_UTC_OFFSET_MS;
}

/** The district calendar day (`YYYY-MM-DD`) that contains `timeMs`. */
export function districtDayOf(timeMs: number): string {
  return new Date(timeMs + DISTRICT_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

function parseDay(text: string, field: string): number {
  const match = DAY_PATTERN.exec(text);
  if (match !== null) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const startMs = districtMidnightMs(year, month, day);
    // Date.UTC rolls 2026-02-30 over into March: such a day does not exist.
    if (districtDayOf(startMs) === text) return startMs;
  }
  throw new PeriodError(
    field,
    '日期应为 YYYY-MM-DD 格式的有效日期',
    'expected a real date, YYYY-MM-DD',
  );
}

function periodOf(label: string, startMs: number, endMs: number): AssessmentPeriod {
  return {
    label,
    startMs,
    endMs,
    firstDay: districtDayOf(startMs),
    lastDay: districtDayOf(endMs - DAY_MS),
  };
}

export function parseAssessmentPeriod(request: PeriodRequest): AssessmentPeriod {
  switch (request.kind) {
    case 'month': {
      const match = MONTH_PATTERN.exec(request.month);
      if (match === null) {
        throw new PeriodError('month', '月份应为 YYYY-MM 格式', 'expected a month, YYYY-MM');
      }
      const [year, month] = [Number(match[1]), Number(match[2])];
      return periodOf(
        request.month,
        districtMidnightMs(year, month, 1),
        districtMidnightMs(year, month + 1, 1),
      );
    }
    case 'quarter': {
      const match = QUARTER_PATTERN.exec(request.quarter);
      if (match === null) {
        throw new PeriodError('quarter', '季度应为 YYYY-Qn 格式', 'expected a quarter, YYYY-Qn');
      }
      const year = Number(match[1]);
      const firstMonth = (Number(match[2]) - 1) * MONTHS_PER_QUARTER + 1;
      return periodOf(
        request.quarter,
        districtMidnightMs(year, firstMonth, 1),
        districtMidnightMs(year, firstMonth + MONTHS_PER_QUARTER, 1),
      );
    }
    case 'custom': {
      const startMs = parseDay(request.from, 'from');
      const endMs = parseDay(request.to, 'to') + DAY_MS;
      if (endMs <= startMs) {
        throw new PeriodError('to', '结束日期不能早于开始日期', 'the last day is before the first');
      }
      if (endMs - startMs > MAX_CUSTOM_PERIOD_DAYS * DAY_MS) {
        throw new PeriodError(
          'to',
          `自定义期间最长 ${MAX_CUSTOM_PERIOD_DAYS} 天`,
          `a custom period spans at most ${MAX_CUSTOM_PERIOD_DAYS} days`,
        );
      }
      return periodOf(`${request.from}..${request.to}`, startMs, endMs);
    }
  }
}

/** The number of district days in the period (targets per 30 days are scaled by it). */
export function periodDays(period: Pick<AssessmentPeriod, 'startMs' | 'endMs'>): number {
  return Math.round((period.endMs - period.startMs) / DAY_MS);
}
