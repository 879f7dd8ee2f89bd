/**
 * Locks a (username, client address) pair out for a while after repeated failed logins, so a
 * password cannot be guessed at network speed. In memory: a restart forgets, which is fine for
 * one process; a cluster would keep this in the store.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOGIN_LOCKOUT_MS = 15 * 60 * 1000;
/** Bound on remembered (username, address) pairs: guessing random usernames must not eat memory. */
export const MAX_TRACKED_PAIRS = 10_000;

interface FailureWindow {
  count: number;
  firstFailureAtMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, FailureWindow>();

  constructor(
    private readonly maxFailures = MAX_FAILED_LOGINS,
    private readonly lockoutMs = LOGIN_LOCKOUT_MS,
  ) {}

  private key(username: string, clientAddress: string): string {
    return `${username.toLowerCase()}\u0000${clientAddress}`;
  }

  isLocked(username: string, clientAddress: string, nowMs: number): boolean {
    const window = this.failures.get(this.key(username, clientAddress));
    if (window === undefined) return false;
    if (nowMs - window.firstFailureAtMs >= this.lockoutMs) {
      this.failures.delete(this.key(username, clientAddress));
      return false;
    }
    return window.count >= this.maxFailures;
  }

  recordFailure(username: string, clientAddress: string, nowMs: number): void {
    const key = this.key(username, clientAddress);
    const window = this.failures.get(key);
    if (window === undefined || nowMs - window.firstFailureAtMs >= this.lockoutMs) {
      if (window === undefined && this.failures.size >= MAX_TRACKED_PAIRS) this.forgetOldest(nowMs);
      this.failures.set(key, { count: 1, firstFailureAtMs: nowMs });
    } else {
      window.count += 1;
    }
  }

  /** Drops expired windows, and the oldest one if none has expired (Map keeps insertion order). */
  private forgetOldest(nowMs: number): void {
    for (const [key, window] of this.failures) {
      if (nowMs - window.firstFailureAtMs >= this.lockoutMs) this.failures.delete(key);
    }
    if (this.failures.size >= MAX_TRACKED_PAIRS) {
      const oldestKey = this.failures.keys().next().value;
      if (oldestKey !== undefined) this.failures.delete(oldestKey);
    }
  }

  trackedPairCount(): number {
    return this.failures.size;
  }

  recordSuccess(username: string, clientAddress: string): void {
    this.failures.delete(this.key(username, clientAddress));
  }
}
