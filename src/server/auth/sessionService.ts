/**
 * Login, session lookup and logout. A session token is 32 random bytes handed to the client once;
 * the store keeps only its sha256, so a stolen database does not yield live sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse, SessionUser } from '../../shared/api';
import type { AuthRepository, UserRecord } from './authRepository';
import { LoginThrottle } from './loginThrottle';
import { decoyPasswordHash, verifyPassword } from './passwordHash';
import { permissionsOf } from './roles';

const TOKEN_BYTES = 32;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export class LoginRejected extends Error {
  constructor(readonly reason: 'invalid' | 'locked') {
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
  };
}

export class SessionService {
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly users: AuthRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async login(username: string, password: string, clientAddress: string): Promise<LoginResponse> {
    const nowMs = this.now().getTime();
    if (this.throttle.isLocked(username, clientAddress, nowMs)) throw new LoginRejected('locked');
    const user = this.users.findUser(username);
    // Verify against a decoy when the user is unknown: same cost, same answer.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (user === null || !valid) {
      this.throttle.recordFailure(username, clientAddress, nowMs);
      throw new LoginRejected('invalid');
    }
    this.throttle.recordSuccess(username, clientAddress);
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const createdAt = new Date(nowMs).toISOString();
    const expiresAt = new Date(nowMs + SESSION_TTL_MS).toISOString();
    this.users.deleteExpiredSessions(createdAt);
    this.users.createSession({
      tokenHash: hashSessionToken(token),
      username,
      createdAt,
      expiresAt,
    });
    return { token, expiresAt, user: toSessionUser(user) };
  }

  /** The user behind a token, or null when the token is unknown or expired. */
  authenticate(token: string): UserRecord | null {
    return this.users.findSessionUser(hashSessionToken(token), this.now().toISOString());
  }

  logout(token: string): void {
    this.users.deleteSession(hashSessionToken(token));
  }
}
