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
  listUsers(): Promise<UserRecord[]>;
  /** False when the username is taken. */
  insertUser(user: UserRecord): Promise<boolean>;
  /** False when there is no such user. */
  updateUser(username: string, changes: UserChanges): Promise<boolean>;
  /**
   * Applies `changes` and ends the user's sessions in one transaction (a disabling, an admin's
   * reset), or every session but `keepTokenHash` (the user's own password change); false when
   * there is no such user, and then nothing changes.
   */
  updateUserEndingSessions(
    username: string,
    changes: UserChanges,
    keepTokenHash?: string,
  ): Promise<boolean>;
  /** Deletes the user and their sessions; false when there is no such user. */
  deleteUser(username: string): Promise<boolean>;
  listSessionsOf(username: string, nowIso: string): Promise<SessionRecord[]>;
  /** Ends the one session of `username` whose token hash starts with `idPrefix`; false if none. */
  deleteSessionByPrefix(username: string, idPrefix: string): Promise<boolean>;
  listDepartments(): Promise<Department[]>;
  findDepartment(code: string): Promise<Department | null>;
  saveDepartment(department: Department): Promise<void>;
}
