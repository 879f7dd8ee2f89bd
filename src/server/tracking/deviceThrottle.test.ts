import { describe, expect, it } from 'vitest';
import { MAX_FIXES_PER_BATCH } from '../../shared/trackingEvents';
import { DeviceThrottle } from './deviceThrottle';

const TWO_HOURS_AT_1_HZ = 2 * 60 * 60;

describe('DeviceThrottle', () => {
  it('lets a two-hour offline backlog at 1 Hz through at once in full batches', () => {
    const throttle = new DeviceThrottle();
    let sent = 0;
    while (sent < TWO_HOURS_AT_1_HZ) {
      const count = Math.min(MAX_FIXES_PER_BATCH, TWO_HOURS_AT_1_HZ - sent);
      expect(throttle.take(1, count, 0)).toEqual({ ok: true });
      sent += count;
    }
  });

  it('cuts a flood to the refill rate and says when to retry', () => {
    const throttle = new DeviceThrottle({ burstFixes: 1_000, refillFixesPerS: 100 });
    expect(throttle.take(1, 1_000, 0)).toEqual({ ok: true });
    expect(throttle.take(1, 500, 0)).toEqual({ ok: false, retryAfterMs: 5_000 });
    // Half a second refills 50 fixes; 450 are still missing.
    expect(throttle.take(1, 500, 500)).toEqual({ ok: false, retryAfterMs: 4_500 });
    expect(throttle.take(1, 500, 5_000)).toEqual({ ok: true });
  });

  it('keeps one bucket per device, so a flood does not throttle another device', () => {
    const throttle = new DeviceThrottle({ burstFixes: 100, refillFixesPerS: 10 });
    expect(throttle.take(1, 100, 0).ok).toBe(true);
    expect(throttle.take(1, 1, 0).ok).toBe(false);
    expect(throttle.take(2, 100, 0).ok).toBe(true);
  });
});
