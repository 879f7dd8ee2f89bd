/**
 * A fixed-window counter per key (the client address for the public Open311 create): cheap,
 * in memory, forgets windows that have passed. Enough to stop one client flooding the intake
 * of one process; several processes share theirs in the database instead
 * (store/sqliteRateLimit.ts, store/pg/postgresRateLimits.ts), chosen through a RateLimitFactory.
 * Asynchronous as the database's are (docs/decisions/0040-postgresql.md).
 */
export interface RateLimit {
  /** Counts one attempt; false when the key has used up its window. */
  tryTake(key: string): Promise<boolean>;
  /** Seconds until the key's window ends (for Retry-After). */
  retryAfterS(key: string): Promise<number>;
}

/** Makes the limit called `name` (one counter space per name): `limit` takes per window. */
export type RateLimitFactory = (name: string, limit: number, windowMs: number) => RateLimit;

/** Seconds from `nowMs` until a window that started at `startMs` ends, never below 0. */
export function secondsLeftInWindow(startMs: number, windowMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((startMs + windowMs - nowMs) / 1000));
}

export function inMemoryRateLimits(nowMs: () => number): RateLimitFactory {
  return (_name, limit, windowMs) => {
    const window = new FixedWindowRateLimit(limit, windowMs, nowMs);
    return {
      tryTake: (key) => Promise.resolve(window.tryTake(key)),
      retryAfterS: (key) => Promise.resolve(window.retryAfterS(key)),
    };
  };
}

/** The counter itself, synchronous: nothing else runs between its read and its count. */
export class FixedWindowRateLimit {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly nowMs: () => number,
  ) {}

  /** Counts one attempt; false when the key has used up its window. */
  tryTake(key: string): boolean {
    const nowMs = this.nowMs();
    this.forgetPassed(nowMs);
    const window = this.windows.get(key);
    if (window === undefined || nowMs - window.startMs >= this.windowMs) {
      this.windows.set(key, { startMs: nowMs, count: 1 });
      return true;
    }
    if (window.count >= this.limit) return false;
    window.count += 1;
    return true;
  }

  /** Seconds until the key's window ends (for Retry-After). */
  retryAfterS(key: string): number {
    const window = this.windows.get(key);
    if (window === undefined) return 0;
    return secondsLeftInWindow(window.startMs, this.windowMs, this.nowMs());
  }

  private forgetPassed(nowMs: number): void {
    for (const [key, window] of this.windows) {
      if (nowMs - window.startMs >= this.windowMs) this.windows.delete(key);
    }
  }
}
