/** SessionService against an in-memory AuthRepository and a controllable clock. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuthRepository, SessionRecord, UserRecord } from './authRepository';
import { hashPassword } from './passwordHash';
import { LoginRejected, SESSION_TTL_MS, SessionService, hashSessionToken } from './sessionService';

class MemoryAuthRepository implements AuthRepository {
  readonly users = new Map<string, UserRecord>();
  readonly sessions = new Map<string, SessionRecord>();

  async findUser(username: string): Promise<UserRecord | null> {
    return this.users.get(username) ?? null;
  }
  async saveUser(user: UserRecord): Promise<void> {
    this.users.set(user.username, user);
  }
  async updateUserScopes(username: string, scopes: readonly string[]): Promise<boolean> {
    const user = this.users.get(username);
    if (user !== undefined) this.users.set(username, { ...user, scopes: [...scopes] });
    return user !== undefined;
  }
  async createSession(session: SessionRecord): Promise<void> {
    this.sessions.set(session.tokenHash, session);
  }
  async findSessionUser(tokenHash: string, nowIso: string): Promise<UserRecord | null> {
    const session = this.sessions.get(tokenHash);
    return session !== undefined && session.expiresAt > nowIso
      ? this.findUser(session.username)
      : null;
  }
  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }
  async deleteSessionsOf(username: string): Promise<void> {
    for (const [hash, session] of this.sessions)
      if (session.username === username) this.sessions.delete(hash);
  }
  async deleteExpiredSessions(nowIso: string): Promise<number> {
    let deleted = 0;
    for (const [hash, session] of this.sessions) {
      if (session.expiresAt <= nowIso) deleted += Number(this.sessions.delete(hash));
    }
    return deleted;
  }
}

const PASSWORD = 'a long enough password';
let repository: MemoryAuthRepository;
let nowMs = Date.parse('2026-03-01T08:00:00Z');
const service = () => new SessionService(repository, () => new Date(nowMs));

beforeAll(async () => {
  repository = new MemoryAuthRepository();
  await repository.saveUser({
    username: 'dispatcher',
    displayName: 'Dispatcher',
    passwordHash: await hashPassword(PASSWORD),
    role: 'dispatcher',
    scopes: ['350102001'],
    demo: true,
  });
});

describe('SessionService', () => {
  it('stores only the hash of the token it hands out', async () => {
    const login = await service().login('dispatcher', PASSWORD, '127.0.0.1');
    expect(login.user).toEqual({
      username: 'dispatcher',
      displayName: 'Dispatcher',
      role: 'dispatcher',
      scopes: ['350102001'],
      canReveal: true,
      permissions: [
        'identifiers.reveal',
        'incidents.dispatch',
        'incidents.read',
        'incidents.report',
        'register.review',
        'registry.read',
        'tracking.read',
      ],
      mustChangePassword: false,
    });
    expect(repository.sessions.has(login.token)).toBe(false);
    expect(repository.sessions.has(hashSessionToken(login.token))).toBe(true);
    expect(Date.parse(login.expiresAt) - nowMs).toBe(SESSION_TTL_MS);
  });

  it('accepts a session until it expires, and not after logout', async () => {
    const sessions = service();
    const { token } = await sessions.login('dispatcher', PASSWORD, '127.0.0.1');
    expect((await sessions.authenticate(token))?.username).toBe('dispatcher');
    nowMs += SESSION_TTL_MS;
    expect(await service().authenticate(token)).toBeNull();
    const { token: second } = await service().login('dispatcher', PASSWORD, '127.0.0.1');
    await service().logout(second);
    expect(await service().authenticate(second)).toBeNull();
  });

  it('rejects wrong passwords and unknown users alike', async () => {
    await expect(service().login('dispatcher', 'wrong', '127.0.0.2')).rejects.toBeInstanceOf(
      LoginRejected,
    );
    await expect(service().login('nobody', PASSWORD, '127.0.0.2')).rejects.toThrow(
      'invalid username or password',
    );
  });
});
