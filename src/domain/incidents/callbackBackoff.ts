/**
 * When a partner callback that failed is tried again: doubling waits from a first short one, up
 * to a ceiling, and a bounded number of attempts. After the last one the answer stays in the
 * outbox, where the partner still finds it by polling GeoReport, and nothing tries it again.
 */

/** Attempts in all, the first (right after the closing commit) included. */
export const PARTNER_CALLBACK_MAX_ATTEMPTS = 8;
/** Wait after the first failure; each later failure doubles it. */
export const PARTNER_CALLBACK_FIRST_RETRY_MS = 30_000;
/** The longest wait between two attempts. */
export const PARTNER_CALLBACK_MAX_RETRY_MS = 60 * 60_000;

/**
 * The time of the next attempt after `failedAttempts` attempts have failed, the last at
 * `failedAtMs`; null when that was the last attempt allowed.
 */
export function nextCallbackAttemptAtMs(failedAttempts: number, failedAtMs: number): number | null {
  if (failedAttempts < 1) return failedAtMs;
  if (failedAttempts >= PARTNER_CALLBACK_MAX_ATTEMPTS) return null;
  const waitMs = Math.min(
    PARTNER_CALLBACK_FIRST_RETRY_MS * 2 ** (failedAttempts - 1),
    PARTNER_CALLBACK_MAX_RETRY_MS,
  );
  return failedAtMs + waitMs;
}
