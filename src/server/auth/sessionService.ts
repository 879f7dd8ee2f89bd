/**
 * Login, session lookup and logout. A session token is 32 random bytes handed to the client once;
 * the store keeps only its sha256, so a stolen database does not yield live sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse, SessionUser } from '../../shared/api';
import type { AuthRepository, UserRecord } from './authRepository';
import type { AccountLockout } from './accountLockout';
import type { TrustedDevices } from './trustedDevices';
import { LOGIN_LOCKOUT_MS, LoginThrottle } from './loginThrottle';
import { decoyPasswordHash, verifyPassword } from './passwordHash';
import { permissionListOf, permissionsOf } from './roles';

const TOKEN_BYTES = 32;
const MS_PER_SECOND = 1000;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export class LoginRejected extends Error {
  constructor(
    readonly reason: 'invalid' | 'locked',
    /** For a lockout: seconds until the account may try again (Retry-After). */
    readonly retryAfterS?: number,
  ) {
    super(
      reason === 'locked'
        ? 'too many failed logins, try again later'
        : 'invalid username or password',
    );
  }
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toSessionUser(user: UserRecord): SessionUser {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scopes: [...user.scopes],
    canReveal: permissionsOf(user.role).canReveal,
    permissions: permissionListOf(user.role),
    mustChangePassword: user.mustChangePassword === true,
  };
}

export interface LoginLockouts {
  account: AccountLockout;
  address: AccountLockout;
  /** Device cookies; without them every login meets the account's lockout. */
  devices?: TrustedDevices;
}

export class SessionService {
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly users: AuthRepository,
    private readonly now: () => Date = () => new Date(),
    /**
     * Lockouts with backoff per account and per address (persisted); without them only the
     * (account, address) pair is throttled, in memory.
     */
    private readonly lockouts: LoginLockouts | null = null,
  ) {}

  /**
   * `deviceToken`: the browser's device cookie, if any. A device that logged in to this account
   * before is held by its own lockout instead of the account's (trustedDevices.ts); the answer
   * carries a new device token when the browser had none for the account.
   */
  async login(
    username: string,
    password: string,
    clientAddress: string,
    deviceToken: string | null = null,
  ): Promise<LoginResponse & { deviceToken?: string }> {
    const nowMs = this.now().getTime();
    if (this.throttle.isLocked(username, clientAddress, nowMs)) {
      throw new LoginRejected('locked', LOGIN_LOCKOUT_MS / MS_PER_SECOND);
    }
    const device = (await this.lockouts?.devices?.recognise(deviceToken, username, nowMs)) ?? null;
    const lockedMs = Math.max(
      device === null
        ? ((await this.lockouts?.account.lockedForMs(username, nowMs)) ?? 0)
        : await this.lockouts!.devices!.lockedForMs(device, nowMs),
      (await this.lockouts?.address.lockedForMs(clientAddress, nowMs)) ?? 0,
    );
    if (lockedMs > 0) throw new LoginRejected('locked', Math.ceil(lockedMs / MS_PER_SECOND));
    const user = await this.users.findUser(username);
    // Verify against a decoy when the user is unknown: same cost, same answer.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    // A disabled account answers like a wrong password: no hint that the name exists.
    if (user === null || !valid || user.disabled === true) {
      this.throttle.recordFailure(username, clientAddress, nowMs);
      if (device === null) await this.lockouts?.account.recordFailure(username, nowMs);
      else await this.lockouts!.devices!.recordFailure(device, nowMs);
      await this.lockouts?.address.recordFailure(clientAddress, nowMs);
      throw new LoginRejected('invalid');
    }
    this.throttle.recordSuccess(username, clientAddress);
    // The address keeps its rounds: one good password from it does not excuse the guesses. The
    // account's rounds stay too when the guesses came from elsewhere (a trusted device logged in).
    if (device === null) await this.lockouts?.account.recordSuccess(username);
    const newDeviceToken = (await this.lockouts?.devices?.trust(device, username, nowMs)) ?? null;
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const createdAt = new Date(nowMs).toISOString();
    const expiresAt = new Date(nowMs + SESSION_TTL_MS).toISOString();
    await this.users.deleteExpiredSessions(createdAt);
    await this.users.createSession({
      tokenHash: hashSessionToken(token),
      username,
      createdAt,
      expiresAt,
    });
    return {
      token,
      expiresAt,
      user: toSessionUser(user),
      ...(newDeviceToken === null ? {} : { deviceToken: newDeviceToken }),
    };
  }

  /**
   * The user behind a token, or null when the token is unknown or expired. Read from the store
   * each time: a session opened or ended through another node counts here at once.
   */
  authenticate(token: string): Promise<UserRecord | null> {
    return this.users.findSessionUser(hashSessionToken(token), this.now().toISOString());
  }

  logout(token: string): Promise<void> {
    return this.users.deleteSession(hashSessionToken(token));
  }
}
