/**
 * The period picker's defaults and choices, on the district calendar: last month is what a
 * leader asks for first; quarters of this year and the last.
 */
import { districtDayOf } from '../../domain/assessment/assessmentPeriod';
import type { AssessmentQuery } from '../../shared/assessment';

const QUARTERS = [1, 2, 3, 4] as const;
const MONTHS_PER_QUARTER = 3;

/** `YYYY-MM` of the month before the one containing `nowMs`. */
export function previousMonth(nowMs: number): string {
  const [year, month] = districtDayOf(nowMs).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** Quarters from the first of last year to the current one, newest first. */
export function quarterChoices(nowMs: number): string[] {
  const [year, month] = districtDayOf(nowMs).split('-').map(Number) as [number, number];
  const current = Math.ceil(month / MONTHS_PER_QUARTER);
  return [year, year - 1].flatMap((candidate) =>
    [...QUARTERS]
      .reverse()
      .filter((quarter) => candidate < year || quarter <= current)
      .map((quarter) => `${candidate}-Q${quarter}`),
  );
}

export function defaultQuery(nowMs: number): AssessmentQuery {
  return { kind: 'month', month: previousMonth(nowMs) };
}

/** The query is complete enough to ask the server (a custom period needs both days). */
export function isAskable(query: AssessmentQuery): boolean {
  switch (query.kind) {
    case 'month':
      return query.month !== '';
    case 'quarter':
      return query.quarter !== '';
    case 'custom':
      return query.from !== '' && query.to !== '';
  }
}
