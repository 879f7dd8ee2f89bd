/**
 * Locks a (username, client address) pair out for a while after repeated failed logins, so a
 * password cannot be guessed at network speed. In memory: a restart forgets, which is fine for
 * one process; a cluster would keep this in the store.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOGIN_LOCKOUT_MS = 15 * 60 * 1000;

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
      this.failures.set(key, { count: 1, firstFailureAtMs: nowMs });
    } else {
      window.count += 1;
    }
  }

  recordSuccess(username: string, clientAddress: string): void {
    this.failures.delete(this.key(username, clientAddress));
  }
}
