/** Storage behind user management (admin screens): listing, editing, deleting users and sessions. */
import type { Department } from '../../shared/api';
import type { AuthRepository, SessionRecord, UserRecord } from './authRepository';

export interface UserChanges {
  displayName?: string;
  role?: UserRecord['role'];
  scopes?: readonly string[];
  department?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
}

export interface UserAdminRepository extends AuthRepository {
  listUsers(): UserRecord[];
  /** False when the username is taken. */
  insertUser(user: UserRecord): boolean;
  /** False when there is no such user. */
  updateUser(username: string, changes: UserChanges): boolean;
  /** Deletes the user and (by cascade) their sessions; false when there is no such user. */
  deleteUser(username: string): boolean;
  listSessionsOf(username: string, nowIso: string): SessionRecord[];
  /** Ends the one session of `username` whose token hash starts with `idPrefix`; false if none. */
  deleteSessionByPrefix(username: string, idPrefix: string): boolean;
  /** Ends every session of a user but one (the one changing its own password). */
  deleteOtherSessionsOf(username: string, keepTokenHash: string): void;
  listDepartments(): Department[];
  findDepartment(code: string): Department | null;
  saveDepartment(department: Department): void;
}
