/**
 * A token bucket of fixes per device. A phone at 1 Hz uploading a two-hour offline backlog (7,200
 * fixes) fits in the burst and goes through at once; a device flooding tens of thousands of
 * fixes a second is cut to the refill rate. Taking from the bucket is O(1) whatever the batch,
 * so a throttled batch costs the server nothing more than this check.
 */

/** Fixes a device may send at once after a quiet spell (a shift's offline backlog and more). */
export const DEFAULT_DEVICE_BURST_FIXES = 10_000;
/** Sustained fixes per second per device: a thousand times a 1 Hz phone. */
export const DEFAULT_DEVICE_REFILL_FIXES_PER_S = 1_000;

const MS_PER_SECOND = 1000;

export interface DeviceThrottleOptions {
  burstFixes: number;
  refillFixesPerS: number;
}

export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

export class DeviceThrottle {
  private readonly buckets = new Map<number, Bucket>();

  constructor(
    private readonly options: DeviceThrottleOptions = {
      burstFixes: DEFAULT_DEVICE_BURST_FIXES,
      refillFixesPerS: DEFAULT_DEVICE_REFILL_FIXES_PER_S,
    },
  ) {}

  /** Takes `fixCount` tokens, or none and says how long until there are enough. */
  take(deviceId: number, fixCount: number, nowMs: number): ThrottleVerdict {
    const bucket = this.buckets.get(deviceId) ?? {
      tokens: this.options.burstFixes,
      updatedAtMs: nowMs,
    };
    const elapsedS = Math.max(0, nowMs - bucket.updatedAtMs) / MS_PER_SECOND;
    bucket.tokens = Math.min(
      this.options.burstFixes,
      bucket.tokens + elapsedS * this.options.refillFixesPerS,
    );
    bucket.updatedAtMs = nowMs;
    this.buckets.set(deviceId, bucket);
    if (bucket.tokens >= fixCount) {
      bucket.tokens -= fixCount;
      return { ok: true };
    }
    const missing = Math.min(fixCount, this.options.burstFixes) - bucket.tokens;
    return {
      ok: false,
      retryAfterMs: Math.ceil((missing / this.options.refillFixesPerS) * MS_PER_SECOND),
    };
  }
}
