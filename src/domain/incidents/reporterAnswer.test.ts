import { describe, expect, it } from 'vitest';
import { closesForReporter, isSatisfactionRating, judgeRating } from './reporterAnswer';

const GIVEN = { rating: 'satisfied' as const, channel: 'hotline' as const, ratedAtMs: 1 };

describe('answering the reporter', () => {
  it('answers after a verification or a refusal, not after any other step', () => {
    expect(closesForReporter({ action: 'verify', toState: 'closed' })).toBe(true);
    expect(closesForReporter({ action: 'reject', toState: 'rejected' })).toBe(true);
    expect(closesForReporter({ action: 'evaluate', toState: 'evaluated' })).toBe(false);
    expect(closesForReporter({ action: 'report', toState: 'reported' })).toBe(false);
  });

  it('knows the three answers of the survey and nothing else', () => {
    expect(isSatisfactionRating('basically_satisfied')).toBe(true);
    expect(isSatisfactionRating('5')).toBe(false);
    expect(isSatisfactionRating(undefined)).toBe(false);
  });

  it('takes a rating only once answered, once, and a resend of the same one without recording', () => {
    expect(judgeRating(false, null, 'satisfied')).toEqual({ ok: false, reason: 'not_answered' });
    expect(judgeRating(true, null, 'satisfied')).toEqual({ ok: true, record: true });
    expect(judgeRating(true, GIVEN, 'satisfied')).toEqual({ ok: true, record: false });
    expect(judgeRating(true, GIVEN, 'dissatisfied')).toEqual({
      ok: false,
      reason: 'already_rated',
    });
  });
});
