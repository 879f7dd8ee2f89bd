import { describe, expect, it } from 'vitest';
import {
  nextCallbackAttemptAtMs,
  PARTNER_CALLBACK_FIRST_RETRY_MS,
  PARTNER_CALLBACK_MAX_ATTEMPTS,
  PARTNER_CALLBACK_MAX_RETRY_MS,
} from './callbackBackoff';

describe('nextCallbackAttemptAtMs', () => {
  it('doubles the wait after each failure from the first short one', () => {
    expect(nextCallbackAttemptAtMs(1, 1_000)).toBe(1_000 + PARTNER_CALLBACK_FIRST_RETRY_MS);
    expect(nextCallbackAttemptAtMs(2, 1_000)).toBe(1_000 + 2 * PARTNER_CALLBACK_FIRST_RETRY_MS);
    expect(nextCallbackAttemptAtMs(3, 1_000)).toBe(1_000 + 4 * PARTNER_CALLBACK_FIRST_RETRY_MS);
  });

  it('never waits longer than the ceiling', () => {
    const last = PARTNER_CALLBACK_MAX_ATTEMPTS - 1;
    expect(nextCallbackAttemptAtMs(last, 0)).toBeLessThanOrEqual(PARTNER_CALLBACK_MAX_RETRY_MS);
    expect(nextCallbackAttemptAtMs(last, 0)).toBeGreaterThan(0);
  });

  it('gives up after the last attempt allowed', () => {
    expect(nextCallbackAttemptAtMs(PARTNER_CALLBACK_MAX_ATTEMPTS, 0)).toBeNull();
    expect(nextCallbackAttemptAtMs(PARTNER_CALLBACK_MAX_ATTEMPTS + 3, 0)).toBeNull();
  });
});
