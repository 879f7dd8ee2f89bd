/**
 * Lockout with backoff, kept in the store so a restart does not reopen the guessing. Per account,
 * whatever address the guesses come from: after MAX_FAILURES_PER_ROUND failed logins the account
 * is locked for FIRST_LOCKOUT_MS, and every further round doubles it up to MAX_LOCKOUT_MS. Per
 * client address the same, after MAX_ADDRESS_FAILURES_PER_ROUND (higher: many people may share
 * one address behind a NAT). A success clears the account's rounds; a quiet day forgets them.
 *
 * The in-memory (account, address) throttle (loginThrottle.ts) stays in front of both.
 */
export const MAX_FAILURES_PER_ROUND = 5;
export const MAX_ADDRESS_FAILURES_PER_ROUND = 20;
export const FIRST_LOCKOUT_MS = 60 * 1000;
export const MAX_LOCKOUT_MS = 15 * 60 * 1000;
/** After this long without a failure an account starts again from the first round. */
export const LOCKOUT_MEMORY_MS = 24 * 60 * 60 * 1000;

export interface LockoutState {
  /** Failures since the last lockout (or the last success). */
  failures: number;
  /** Lockouts so far: the next one lasts FIRST_LOCKOUT_MS · 2^lockouts, capped. */
  lockouts: number;
  lockedUntilMs: number;
  updatedAtMs: number;
}

/** Asynchronous, for either engine (docs/decisions/0040-postgresql.md). */
export interface LoginLockoutRepository {
  findLockout(subject: string): Promise<LockoutState | null>;
  /**
   * Reads the subject's state, works out the next with `next` and saves it, in ONE transaction:
   * two failures at once count twice. Returns the saved state.
   */
  updateLockout(
    subject: string,
    next: (previous: LockoutState | null) => LockoutState,
  ): Promise<LockoutState>;
  deleteLockout(subject: string): Promise<void>;
  /** Forgets accounts untouched since then (unknown usernames must not pile up). */
  deleteLockoutsBefore(updatedBeforeMs: number): Promise<void>;
}

/** How long the n-th lockout (1-based) lasts. */
export function lockoutDurationMs(lockoutNumber: number): number {
  return Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** Math.max(0, lockoutNumber - 1));
}

/**
 * What is locked: an account (user names are case-insensitive), a client address, or a trusted
 * device (by its token's hash, trustedDevices.ts).
 */
export type LockoutSubject = 'account' | 'address' | 'device';

function keyOf(subject: LockoutSubject, name: string): string {
  return `${subject}:${subject === 'account' ? name.toLowerCase() : name}`;
}

export class AccountLockout {
  constructor(
    private readonly store: LoginLockoutRepository,
    private readonly subject: LockoutSubject = 'account',
    private readonly failuresPerRound = subject === 'address'
      ? MAX_ADDRESS_FAILURES_PER_ROUND
      : MAX_FAILURES_PER_ROUND,
  ) {}

  /** Milliseconds the account (or address) stays locked, 0 when it is not. */
  async lockedForMs(username: string, nowMs: number): Promise<number> {
    const state = await this.store.findLockout(keyOf(this.subject, username));
    return state === null ? 0 : Math.max(0, state.lockedUntilMs - nowMs);
  }

  async recordFailure(username: string, nowMs: number): Promise<void> {
    await this.store.deleteLockoutsBefore(nowMs - LOCKOUT_MEMORY_MS);
    await this.store.updateLockout(keyOf(this.subject, username), (previous) =>
      nextLockoutState(previous, nowMs, this.failuresPerRound),
    );
  }

  async recordSuccess(username: string): Promise<void> {
    await this.store.deleteLockout(keyOf(this.subject, username));
  }
}

/** One more failure: counted, or the round's last one, which locks. */
function nextLockoutState(
  previous: LockoutState | null,
  nowMs: number,
  failuresPerRound: number,
): LockoutState {
  const failures = (previous?.failures ?? 0) + 1;
  const lockouts = previous?.lockouts ?? 0;
  if (failures < failuresPerRound) {
    return { failures, lockouts, lockedUntilMs: previous?.lockedUntilMs ?? 0, updatedAtMs: nowMs };
  }
  return {
    failures: 0,
    lockouts: lockouts + 1,
    lockedUntilMs: nowMs + lockoutDurationMs(lockouts + 1),
    updatedAtMs: nowMs,
  };
}
