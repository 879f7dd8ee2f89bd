import { describe, expect, it } from 'vitest';
import { FixedWindowRateLimit } from './fixedWindowRateLimit';

describe('FixedWindowRateLimit', () => {
  it('allows the limit per key per window, then refuses until the window ends', () => {
    let nowMs = 1_000;
    const limit = new FixedWindowRateLimit(2, 60_000, () => nowMs);
    expect([limit.tryTake('a'), limit.tryTake('a'), limit.tryTake('a')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limit.tryTake('b')).toBe(true);
    nowMs += 30_000;
    expect(limit.tryTake('a')).toBe(false);
    expect(limit.retryAfterS('a')).toBe(30);
    nowMs += 30_000;
    expect(limit.tryTake('a')).toBe(true);
  });
});
