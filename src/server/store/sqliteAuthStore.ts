/** Users and sessions on SQLite. */
import type { AuthRepository, SessionRecord, UserRecord } from '../auth/authRepository';
import type { SqliteDatabase } from './openDatabase';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

const USER_COLUMNS = 'u.username, u.display_name, u.password_hash, u.role, u.scopes, u.demo';

function toUserRecord(row: Row): UserRecord {
  return {
    username: String(row.username),
    displayName: String(row.display_name),
    passwordHash: String(row.password_hash),
    role: String(row.role) as UserRecord['role'],
    scopes: JSON.parse(String(row.scopes)) as string[],
    demo: Number(row.demo) === 1,
  };
}

export class SqliteAuthStore implements AuthRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  findUser(username: string): UserRecord | null {
    const row = this.statements
      .get(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`)
      .get(username) as Row | undefined;
    return row === undefined ? null : toUserRecord(row);
  }

  saveUser(user: UserRecord): void {
    this.statements
      .get(
        'INSERT INTO users (username, display_name, password_hash, role, scopes, demo) ' +
          'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET ' +
          'display_name = excluded.display_name, password_hash = excluded.password_hash, ' +
          'role = excluded.role, scopes = excluded.scopes, demo = excluded.demo',
      )
      .run(
        user.username,
        user.displayName,
        user.passwordHash,
        user.role,
        JSON.stringify(user.scopes),
        user.demo ? 1 : 0,
      );
  }

  updateUserScopes(username: string, scopes: readonly string[]): boolean {
    return (
      this.statements
        .get('UPDATE users SET scopes = ? WHERE username = ?')
        .run(JSON.stringify(scopes), username).changes > 0
    );
  }

  createSession(session: SessionRecord): void {
    this.statements
      .get(
        'INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(session.tokenHash, session.username, session.createdAt, session.expiresAt);
  }

  findSessionUser(tokenHash: string, nowIso: string): UserRecord | null {
    const row = this.statements
      .get(
        `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.username = s.username ` +
          'WHERE s.token_hash = ? AND s.expires_at > ?',
      )
      .get(tokenHash, nowIso) as Row | undefined;
    return row === undefined ? null : toUserRecord(row);
  }

  deleteSession(tokenHash: string): void {
    this.statements.get('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  deleteSessionsOf(username: string): void {
    this.statements.get('DELETE FROM sessions WHERE username = ?').run(username);
  }

  deleteExpiredSessions(nowIso: string): number {
    return this.statements.get('DELETE FROM sessions WHERE expires_at <= ?').run(nowIso).changes;
  }
}
