/**
 * Users, sessions and departments on SQLite. The repository is asynchronous
 * (sqliteUserAdminRepository); each method runs the synchronous store's method to its end
 * (promisedMethods.ts). Domains that are still synchronous (incidents' assignee directory and
 * scopes, the emergency scenario's scopes, the demo accounts at start) read and write through
 * SqliteAuthStore itself until they are converted.
 */
import type { Department } from '../../shared/api';
import type { SessionRecord, UserRecord } from '../auth/authRepository';
import type { UserAdminRepository, UserChanges } from '../auth/userAdminRepository';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

const USER_COLUMNS =
  'u.username, u.display_name, u.password_hash, u.role, u.scopes, u.demo, u.disabled, ' +
  'u.must_change_password, u.department';

function toUserRecord(row: Row): UserRecord {
  return {
    username: String(row.username),
    displayName: String(row.display_name),
    passwordHash: String(row.password_hash),
    role: String(row.role) as UserRecord['role'],
    scopes: JSON.parse(String(row.scopes)) as string[],
    demo: Number(row.demo) === 1,
    disabled: Number(row.disabled) === 1,
    mustChangePassword: Number(row.must_change_password) === 1,
    department: row.department === null ? null : String(row.department),
  };
}

/** A sessions row as a SessionRecord: the same columns on either engine. */
export function toSessionRecord(row: Row): SessionRecord {
  return {
    tokenHash: String(row.token_hash),
    username: String(row.username),
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
  };
}

/** Column of each editable field (whitelist: the names never come from a request). */
const CHANGE_COLUMNS: Record<keyof UserChanges, string> = {
  displayName: 'display_name',
  role: 'role',
  scopes: 'scopes',
  department: 'department',
  disabled: 'disabled',
  passwordHash: 'password_hash',
  mustChangePassword: 'must_change_password',
};

function columnValue(key: keyof UserChanges, value: unknown): unknown {
  if (key === 'scopes') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function sqliteUserAdminRepository(db: SqliteDatabase): UserAdminRepository {
  return promisedMethods(new SqliteAuthStore(db), [
    'findUser',
    'saveUser',
    'updateUserScopes',
    'createSession',
    'findSessionUser',
    'deleteSession',
    'deleteSessionsOf',
    'deleteExpiredSessions',
    'listUsers',
    'insertUser',
    'updateUser',
    'updateUserEndingSessions',
    'deleteUser',
    'listSessionsOf',
    'deleteSessionByPrefix',
    'listDepartments',
    'findDepartment',
    'saveDepartment',
  ]);
}

export class SqliteAuthStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  findUser(username: string): UserRecord | null {
    const row = this.statements
      .get(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`)
      .get(username) as Row | undefined;
    return row === undefined ? null : toUserRecord(row);
  }

  /** Creates or overwrites a user (the demo accounts at each start): enabled, no reset pending. */
  saveUser(user: UserRecord): void {
    this.statements
      .get(
        'INSERT INTO users (username, display_name, password_hash, role, scopes, demo, disabled, ' +
          'must_change_password, department) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (username) DO UPDATE SET ' +
          'display_name = excluded.display_name, password_hash = excluded.password_hash, ' +
          'role = excluded.role, scopes = excluded.scopes, demo = excluded.demo, ' +
          'disabled = excluded.disabled, must_change_password = excluded.must_change_password, ' +
          'department = excluded.department',
      )
      .run(...this.userValues(user));
  }

  insertUser(user: UserRecord): boolean {
    return (
      this.statements
        .get(
          'INSERT INTO users (username, display_name, password_hash, role, scopes, demo, ' +
            'disabled, must_change_password, department) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
            'ON CONFLICT (username) DO NOTHING',
        )
        .run(...this.userValues(user)).changes > 0
    );
  }

  private userValues(user: UserRecord): unknown[] {
    return [
      user.username,
      user.displayName,
      user.passwordHash,
      user.role,
      JSON.stringify(user.scopes),
      user.demo ? 1 : 0,
      user.disabled === true ? 1 : 0,
      user.mustChangePassword === true ? 1 : 0,
      user.department ?? null,
    ];
  }

  listUsers(): UserRecord[] {
    return (
      this.statements.get(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username`).all() as Row[]
    ).map(toUserRecord);
  }

  updateUser(username: string, changes: UserChanges): boolean {
    const keys = (Object.keys(changes) as Array<keyof UserChanges>).filter(
      (key) => changes[key] !== undefined,
    );
    if (keys.length === 0) return this.findUser(username) !== null;
    const assignments = keys.map((key) => `${CHANGE_COLUMNS[key]} = ?`).join(', ');
    const values = keys.map((key) => columnValue(key, changes[key]));
    return (
      this.db.prepare(`UPDATE users SET ${assignments} WHERE username = ?`).run(...values, username)
        .changes > 0
    );
  }

  updateUserEndingSessions(
    username: string,
    changes: UserChanges,
    keepTokenHash?: string,
  ): boolean {
    return this.db.transaction(() => {
      if (!this.updateUser(username, changes)) return false;
      if (keepTokenHash === undefined) this.deleteSessionsOf(username);
      else this.deleteOtherSessionsOf(username, keepTokenHash);
      return true;
    })();
  }

  updateUserScopes(username: string, scopes: readonly string[]): boolean {
    return this.updateUser(username, { scopes });
  }

  deleteUser(username: string): boolean {
    return this.db.transaction(() => {
      this.deleteSessionsOf(username);
      return this.statements.get('DELETE FROM users WHERE username = ?').run(username).changes > 0;
    })();
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
          'WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0',
      )
      .get(tokenHash, nowIso) as Row | undefined;
    return row === undefined ? null : toUserRecord(row);
  }

  listSessionsOf(username: string, nowIso: string): SessionRecord[] {
    return (
      this.statements
        .get(
          'SELECT token_hash, username, created_at, expires_at FROM sessions ' +
            'WHERE username = ? AND expires_at > ? ORDER BY created_at DESC',
        )
        .all(username, nowIso) as Row[]
    ).map(toSessionRecord);
  }

  deleteSessionByPrefix(username: string, idPrefix: string): boolean {
    // The prefix is hex only (checked by the route), so it cannot carry a LIKE wildcard.
    return (
      this.statements
        .get('DELETE FROM sessions WHERE username = ? AND substr(token_hash, 1, ?) = ?')
        .run(username, idPrefix.length, idPrefix).changes > 0
    );
  }

  deleteSession(tokenHash: string): void {
    this.statements.get('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  /**
   * Ends a user's sessions (disabling, an admin's reset) and forgets their trusted devices
   * (auth/trustedDevices.ts): whoever held the old password's browser meets the lockout again.
   */
  deleteSessionsOf(username: string): void {
    this.statements.get('DELETE FROM sessions WHERE username = ?').run(username);
    this.forgetTrustedDevices(username);
  }

  /** After the user's own password change: the other sessions end, trusted devices are forgotten. */
  private deleteOtherSessionsOf(username: string, keepTokenHash: string): void {
    this.statements
      .get('DELETE FROM sessions WHERE username = ? AND token_hash <> ?')
      .run(username, keepTokenHash);
    this.forgetTrustedDevices(username);
  }

  private forgetTrustedDevices(username: string): void {
    this.statements
      .get('DELETE FROM trusted_devices WHERE username = ?')
      .run(username.toLowerCase());
  }

  deleteExpiredSessions(nowIso: string): number {
    return this.statements.get('DELETE FROM sessions WHERE expires_at <= ?').run(nowIso).changes;
  }

  listDepartments(): Department[] {
    return (
      this.statements
        .get('SELECT code, name, name_en FROM departments ORDER BY code')
        .all() as Row[]
    ).map((row) => ({
      code: String(row.code),
      name: String(row.name),
      nameEn: String(row.name_en),
    }));
  }

  findDepartment(code: string): Department | null {
    const row = this.statements
      .get('SELECT code, name, name_en FROM departments WHERE code = ?')
      .get(code) as Row | undefined;
    return row === undefined
      ? null
      : { code: String(row.code), name: String(row.name), nameEn: String(row.name_en) };
  }

  saveDepartment(department: Department): void {
    this.statements
      .get(
        'INSERT INTO departments (code, name, name_en) VALUES (?, ?, ?) ON CONFLICT (code) ' +
          'DO UPDATE SET name = excluded.name, name_en = excluded.name_en',
      )
      .run(department.code, department.name, department.nameEn);
  }
}
