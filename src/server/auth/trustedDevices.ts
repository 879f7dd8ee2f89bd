/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * has logged in to an account is given a random device token (cookie, TRUSTED_DEVICE_DAYS, stored
 * as its sha256 only). A login that presents a valid device token for that account is not held by
 * the account's lockout, only by the device's own: so guesses from elsewhere cannot lock the
 * account's owner out of their usual workstation, while a stolen device token still meets a
 * lockout after MAX_FAILURES_PER_ROUND wrong passwords. A password change, an admin's reset and
 * disabling the account forget the user's devices (with their sessions: SqliteAuthStore).
 */
import { createHash, randomBytes } from 'node:crypto';
import { AccountLockout, type LoginLockoutRepository } from './accountLockout';

export const DEVICE_COOKIE = 'gcc_device';
export const TRUSTED_DEVICE_DAYS = 180;
const MS_PER_DAY = 24 * 60 * 60 * 1000;
export const TRUSTED_DEVICE_MS = TRUSTED_DEVICE_DAYS * MS_PER_DAY;
const TOKEN_BYTES = 32;

/** Asynchronous, for either engine (docs/decisions/0040-postgresql.md). */
export interface TrustedDeviceRepository {
  /** The account a device token was given to, when it was given no earlier than `sinceMs`. */
  findTrustedDevice(tokenHash: string, sinceMs: number): Promise<{ username: string } | null>;
  saveTrustedDevice(tokenHash: string, username: string, createdAtMs: number): Promise<void>;
  deleteTrustedDevicesBefore(createdBeforeMs: number): Promise<void>;
}

function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TrustedDevices {
  private readonly lockout: AccountLockout;

  constructor(
    private readonly store: TrustedDeviceRepository,
    lockouts: LoginLockoutRepository,
  ) {
    this.lockout = new AccountLockout(lockouts, 'device');
  }

  /** The token's hash when it is a live device token of `username` (case-insensitive), else null. */
  async recognise(token: string | null, username: string, nowMs: number): Promise<string | null> {
    if (token === null || token === '') return null;
    const hash = hashDeviceToken(token);
    const found = await this.store.findTrustedDevice(hash, nowMs - TRUSTED_DEVICE_MS);
    return found !== null && found.username.toLowerCase() === username.toLowerCase() ? hash : null;
  }

  lockedForMs(deviceHash: string, nowMs: number): Promise<number> {
    return this.lockout.lockedForMs(deviceHash, nowMs);
  }

  recordFailure(deviceHash: string, nowMs: number): Promise<void> {
    return this.lockout.recordFailure(deviceHash, nowMs);
  }

  /** After a good password: the device's token (a new one when it had none for this account). */
  async trust(deviceHash: string | null, username: string, nowMs: number): Promise<string | null> {
    if (deviceHash !== null) {
      await this.lockout.recordSuccess(deviceHash);
      return null;
    }
    await this.store.deleteTrustedDevicesBefore(nowMs - TRUSTED_DEVICE_MS);
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    await this.store.saveTrustedDevice(hashDeviceToken(token), username.toLowerCase(), nowMs);
    return token;
  }
}
