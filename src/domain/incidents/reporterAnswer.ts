/**
 * Answering the reporter (the loop's 反馈 to whoever reported): when an incident reported by a
 * caller, a partner platform or a resident is closed — verified, or refused as a case — the
 * reporter is told, with the closing note, and asked how satisfied they are. The rating is
 * recorded once per incident and feeds the evaluation.
 */
import type { IncidentAction, IncidentState, LocalizedText } from './incident';

/** How a reporter is answered: a call-back from the hotline desk, a partner's callback, the page. */
export const REPORTER_CHANNELS = ['hotline', 'partner', 'citizen'] as const;
export type ReporterChannel = (typeof REPORTER_CHANNELS)[number];

/** The three answers of the 12345 satisfaction survey (满意 / 基本满意 / 不满意). */
export const SATISFACTION_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];

export const SATISFACTION_LABELS: Readonly<Record<SatisfactionRating, LocalizedText>> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
};

/** Steps after which the reporter hears the outcome: verified and closed, or not taken as a case. */
const CLOSING_ACTIONS: ReadonlySet<IncidentAction | 'report'> = new Set(['verify', 'reject']);

export function isSatisfactionRating(value: unknown): value is SatisfactionRating {
  return typeof value === 'string' && (SATISFACTION_RATINGS as readonly string[]).includes(value);
}

/** True when a step ends the work the reporter waits for (they are answered after it). */
export function closesForReporter(step: {
  action: IncidentAction | 'report';
  toState: IncidentState;
}): boolean {
  return CLOSING_ACTIONS.has(step.action);
}

export interface ReporterRating {
  rating: SatisfactionRating;
  channel: ReporterChannel;
  ratedAtMs: number;
}

export type RatingOutcome =
  | { ok: true; rating: ReporterRating; recorded: boolean }
  | { ok: false; reason: 'not_answered' | 'already_rated' };

/**
 * Whether a rating may be recorded: only after the reporter was answered, and once. The same
 * rating again is the same request resent (idempotent: ok, nothing recorded); another rating is
 * refused, so nobody changes a reporter's word afterwards.
 */
export function judgeRating(
  answered: boolean,
  existing: ReporterRating | null,
  wanted: SatisfactionRating,
): { ok: true; record: boolean } | { ok: false; reason: 'not_answered' | 'already_rated' } {
  if (!answered) return { ok: false, reason: 'not_answered' };
  if (existing === null) return { ok: true, record: true };
  return existing.rating === wanted
    ? { ok: true, record: false }
    : { ok: false, reason: 'already_rated' };
}
