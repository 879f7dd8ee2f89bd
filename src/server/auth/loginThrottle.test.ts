import { describe, expect, it } from 'vitest';
import { LoginThrottle, MAX_TRACKED_PAIRS } from './loginThrottle';

const LOCKOUT_MS = 60_000;

describe('LoginThrottle', () => {
  it('locks after the maximum failures and unlocks when the window has passed', () => {
    const throttle = new LoginThrottle(3, LOCKOUT_MS);
    for (let failure = 0; failure < 3; failure++) {
      expect(throttle.isLocked('Admin', '10.0.0.1', 1_000)).toBe(false);
      throttle.recordFailure('Admin', '10.0.0.1', 1_000);
    }
    expect(throttle.isLocked('admin', '10.0.0.1', 2_000)).toBe(true);
    expect(throttle.isLocked('admin', '10.0.0.2', 2_000)).toBe(false);
    expect(throttle.isLocked('admin', '10.0.0.1', 1_000 + LOCKOUT_MS)).toBe(false);
  });

  it('forgets failures after a success', () => {
    const throttle = new LoginThrottle(2, LOCKOUT_MS);
    throttle.recordFailure('viewer', 'ip', 0);
    throttle.recordSuccess('viewer', 'ip');
    throttle.recordFailure('viewer', 'ip', 0);
    expect(throttle.isLocked('viewer', 'ip', 0)).toBe(false);
  });

  it('remembers a bounded number of pairs', () => {
    const throttle = new LoginThrottle(3, LOCKOUT_MS);
    for (let guess = 0; guess < MAX_TRACKED_PAIRS + 50; guess++)
      throttle.recordFailure(`user${guess}`, 'ip', 0);
    expect(throttle.trackedPairCount()).toBe(MAX_TRACKED_PAIRS);
  });
});
