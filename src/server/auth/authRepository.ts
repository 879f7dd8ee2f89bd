/** Storage of users and sessions. Sessions are stored by the sha256 of their token only. */
import type { Role } from '../../shared/api';

export interface UserRecord {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  scopes: string[];
  demo: boolean;
  /** A disabled user cannot log in (absent: enabled). */
  disabled?: boolean;
  /** Set by an administrator's reset: only the password change is allowed until it is done. */
  mustChangePassword?: boolean;
  /** The functional department of a department handler (absent: none). */
  department?: string | null;
}

export interface SessionRecord {
  tokenHash: string;
  username: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Asynchronous (docs/decisions/0040-postgresql.md): sessions live in the database, so a session
 * opened through one node is found by every node of the same database.
 */
export interface AuthRepository {
  findUser(username: string): Promise<UserRecord | null>;
  saveUser(user: UserRecord): Promise<void>;
  /** Replaces a user's scopes; false when there is no such user. */
  updateUserScopes(username: string, scopes: readonly string[]): Promise<boolean>;
  createSession(session: SessionRecord): Promise<void>;
  /** The user of a session that has not expired at `nowIso`, or null. */
  findSessionUser(tokenHash: string, nowIso: string): Promise<UserRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of a user (after a password change). */
  deleteSessionsOf(username: string): Promise<void>;
  deleteExpiredSessions(nowIso: string): Promise<number>;
}
