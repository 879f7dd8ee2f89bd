/**
 * The PostgreSQL adapter of UserAdminRepository and so of AuthRepository (migration
 * 0005_users_sessions.sql), checked with the SQLite one by auth/userAdminRepository.contract.test.ts.
 * Sessions are rows, never a node's memory: any node of the database finds a session another
 * opened, and a logout or revocation on one ends it on all. A new username is one INSERT … ON
 * CONFLICT DO NOTHING (of two nodes creating it at once, one gets false, neither an error); a
 * change that ends sessions commits with them.
 */
import type { Department } from '../../../shared/api';
import type { SessionRecord, UserRecord } from '../../auth/authRepository';
import type { UserAdminRepository, UserChanges } from '../../auth/userAdminRepository';
import { toSessionRecord } from '../sqliteAuthStore';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;
/** The pool, or a client inside a transaction. */
type Queryable = Pick<PostgresClient, 'query'>;

// Lists sort byte by byte (COLLATE "C"), as SQLite does, whatever the database's collation.
const USER_COLUMNS =
  'u.username, u.display_name, u.password_hash, u.role, u.scopes, u.demo, u.disabled, ' +
  'u.must_change_password, u.department';
const USER_INSERT =
  'INSERT INTO users (username, display_name, password_hash, role, scopes, demo, disabled, ' +
  'must_change_password, department) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ';
const SESSION_COLUMNS = 'token_hash, username, created_at, expires_at';
const DEPARTMENT_COLUMNS = 'code, name, name_en';

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

function toUserRecord(row: Row): UserRecord {
  return {
    username: String(row.username),
    displayName: String(row.display_name),
    passwordHash: String(row.password_hash),
    role: String(row.role) as UserRecord['role'],
    scopes: [...(row.scopes as string[])],
    demo: row.demo === true,
    disabled: row.disabled === true,
    mustChangePassword: row.must_change_password === true,
    department: row.department === null ? null : String(row.department),
  };
}

function toDepartment(row: Row): Department {
  return { code: String(row.code), name: String(row.name), nameEn: String(row.name_en) };
}

function userValues(user: UserRecord): unknown[] {
  return [
    user.username,
    user.displayName,
    user.passwordHash,
    user.role,
    [...user.scopes],
    user.demo,
    user.disabled === true,
    user.mustChangePassword === true,
    user.department ?? null,
  ];
}

/** Trusted devices are kept by lower-case name (auth/trustedDevices.ts). */
async function endSessions(db: Queryable, username: string, keepTokenHash?: string): Promise<void> {
  if (keepTokenHash === undefined) {
    await db.query('DELETE FROM sessions WHERE username = $1', [username]);
  } else {
    await db.query('DELETE FROM sessions WHERE username = $1 AND token_hash <> $2', [
      username,
      keepTokenHash,
    ]);
  }
  // Whoever held the old password's browser meets the lockout again.
  await db.query('DELETE FROM trusted_devices WHERE username = $1', [username.toLowerCase()]);
}

async function applyChanges(
  db: Queryable,
  username: string,
  changes: UserChanges,
): Promise<boolean> {
  const keys = (Object.keys(changes) as Array<keyof UserChanges>).filter(
    (key) => changes[key] !== undefined,
  );
  if (keys.length === 0) {
    const { rowCount } = await db.query('SELECT 1 FROM users WHERE username = $1', [username]);
    return (rowCount ?? 0) > 0;
  }
  const assignments = keys.map((key, index) => `${CHANGE_COLUMNS[key]} = $${index + 2}`);
  const values = keys.map((key) => {
    const value = changes[key];
    return key === 'scopes' ? [...(value as readonly string[])] : value;
  });
  const { rowCount } = await db.query(
    `UPDATE users SET ${assignments.join(', ')} WHERE username = $1`,
    [username, ...values],
  );
  return (rowCount ?? 0) > 0;
}

export class PostgresUserAdminRepository implements UserAdminRepository {
  constructor(private readonly pool: PostgresPool) {}

  async findUser(username: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.username = $1`,
      [username],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : toUserRecord(row);
  }

  /** Creates or overwrites a user (the demo accounts at each start). */
  async saveUser(user: UserRecord): Promise<void> {
    await this.pool.query(
      USER_INSERT +
        'ON CONFLICT (username) DO UPDATE SET ' +
        'display_name = excluded.display_name, password_hash = excluded.password_hash, ' +
        'role = excluded.role, scopes = excluded.scopes, demo = excluded.demo, ' +
        'disabled = excluded.disabled, must_change_password = excluded.must_change_password, ' +
        'department = excluded.department',
      userValues(user),
    );
  }

  async insertUser(user: UserRecord): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      USER_INSERT + 'ON CONFLICT (username) DO NOTHING',
      userValues(user),
    );
    return (rowCount ?? 0) > 0;
  }

  async listUsers(): Promise<UserRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username COLLATE "C"`,
    );
    return (rows as Row[]).map(toUserRecord);
  }

  updateUser(username: string, changes: UserChanges): Promise<boolean> {
    return applyChanges(this.pool, username, changes);
  }

  updateUserEndingSessions(
    username: string,
    changes: UserChanges,
    keepTokenHash?: string,
  ): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      if (!(await applyChanges(client, username, changes))) return false;
      await endSessions(client, username, keepTokenHash);
      return true;
    });
  }

  updateUserScopes(username: string, scopes: readonly string[]): Promise<boolean> {
    return applyChanges(this.pool, username, { scopes });
  }

  deleteUser(username: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await endSessions(client, username);
      const { rowCount } = await client.query('DELETE FROM users WHERE username = $1', [username]);
      return (rowCount ?? 0) > 0;
    });
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.pool.query(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4)`, [
      session.tokenHash,
      session.username,
      session.createdAt,
      session.expiresAt,
    ]);
  }

  async findSessionUser(tokenHash: string, nowIso: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query(
      `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.username = s.username ` +
        'WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled',
      [tokenHash, nowIso],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : toUserRecord(row);
  }

  async listSessionsOf(username: string, nowIso: string): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE username = $1 AND expires_at > $2 ` +
        'ORDER BY created_at DESC',
      [username, nowIso],
    );
    return (rows as Row[]).map(toSessionRecord);
  }

  async deleteSessionByPrefix(username: string, idPrefix: string): Promise<boolean> {
    // starts_with takes the prefix as text, not as a LIKE pattern.
    const { rowCount } = await this.pool.query(
      'DELETE FROM sessions WHERE username = $1 AND starts_with(token_hash, $2)',
      [username, idPrefix],
    );
    return (rowCount ?? 0) > 0;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  /** Ends a user's sessions and forgets their trusted devices, together. */
  deleteSessionsOf(username: string): Promise<void> {
    return inTransaction(this.pool, (client) => endSessions(client, username));
  }

  async deleteExpiredSessions(nowIso: string): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [
      nowIso,
    ]);
    return rowCount ?? 0;
  }

  async listDepartments(): Promise<Department[]> {
    const { rows } = await this.pool.query(
      `SELECT ${DEPARTMENT_COLUMNS} FROM departments ORDER BY code COLLATE "C"`,
    );
    return (rows as Row[]).map(toDepartment);
  }

  async findDepartment(code: string): Promise<Department | null> {
    const { rows } = await this.pool.query(
      `SELECT ${DEPARTMENT_COLUMNS} FROM departments WHERE code = $1`,
      [code],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : toDepartment(row);
  }

  async saveDepartment(department: Department): Promise<void> {
    await this.pool.query(
      `INSERT INTO departments (${DEPARTMENT_COLUMNS}) VALUES ($1, $2, $3) ON CONFLICT (code) ` +
        'DO UPDATE SET name = excluded.name, name_en = excluded.name_en',
      [department.code, department.name, department.nameEn],
    );
  }
}
