/**
 * User management (the admin's 用户管理): create, edit role / scopes / department, disable,
 * delete, reset a password, list and revoke sessions; and everyone's own password change.
 * Each change leaves an audit row (never the password); access changes reach open screens at
 * once through the bus, as scope changes always did. Refusals speak both languages.
 */
import { randomBytes } from 'node:crypto';
import { isInScope } from '../../domain/gridCode';
import {
  ROLES,
  type CreateUserRequest,
  type Department,
  type ManagedUser,
  type Role,
  type UpdateUserRequest,
  type UserSessionView,
} from '../../shared/api';
import type { AuditRepository } from '../audit/auditRepository';
import { LocalizedError, type Caller } from '../registry/accessErrors';
import { findUnknownGridCodes } from '../registry/gridQueries';
import type { RegistryRepository } from '../registry/registryRepository';
import type { TrackingBus } from '../tracking/trackingBus';
import type { TrackingRepository } from '../tracking/trackingRepository';
import type { UserRecord } from './authRepository';
import { checkPasswordPolicy } from './passwordPolicy';
import { hashPassword, verifyPassword } from './passwordHash';
import { hasPermission } from './roles';
import { hashSessionToken } from './sessionService';
import type { UserAdminRepository } from './userAdminRepository';

/** Lower-case letters, digits, `.`, `_`, `-`: never `:`, so no user can pose as `worker:<id>`. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
/** How many hex characters of a session's token hash name it on the admin screen. */
export const SESSION_ID_LENGTH = 12;
const TEMPORARY_PASSWORD_BYTES = 15;

export const AUDIT_ACTIONS = {
  create: 'user_create',
  update: 'user_update',
  delete: 'user_delete',
  resetPassword: 'user_password_reset',
  changePassword: 'password_change',
  revokeSession: 'session_revoke',
} as const;

export interface UserAdminContext {
  users: UserAdminRepository;
  /** Grid workers and which account each pairs phones as (worker_accounts). */
  workers: Pick<TrackingRepository, 'workerById' | 'workerIdOfAccount' | 'linkAccountToWorker'>;
  registry: Pick<RegistryRepository, 'findGrid'>;
  audit: Pick<AuditRepository, 'recordAudit'>;
  bus: Pick<TrackingBus, 'emit'>;
  now: () => Date;
}

function refuse(statusCode: 400 | 403 | 404 | 409, zh: string, en: string): never {
  throw new LocalizedError(statusCode, { zh, en });
}

function requireAdmin(caller: Caller): void {
  if (!hasPermission(caller.role, 'users.manage')) {
    refuse(403, '只有管理员可以管理用户', 'only an administrator may manage users');
  }
}

export function toManagedUser(user: UserRecord, workerId: number | null): ManagedUser {
  return {
    workerId,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scopes: [...user.scopes],
    department: user.department ?? null,
    disabled: user.disabled === true,
    mustChangePassword: user.mustChangePassword === true,
    demo: user.demo,
  };
}

async function findOrRefuse(context: UserAdminContext, username: string): Promise<UserRecord> {
  const user = await context.users.findUser(username);
  if (user === null) refuse(404, `用户 ${username} 不存在`, `user ${username} not found`);
  return user;
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    refuse(400, `未知角色 ${role}`, `unknown role ${role}`);
  }
  return role as Role;
}

/** Scopes at any grid level (district, street, community, base grid) that the register holds. */
async function checkScopes(
  context: UserAdminContext,
  scopes: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(scopes)].sort();
  if (unique.length === 0) refuse(400, '至少需要一个管辖网格', 'at least one grid scope is needed');
  const unknown = await findUnknownGridCodes(context.registry, unique);
  if (unknown.length > 0) {
    refuse(400, `未知网格编码：${unknown.join(', ')}`, `unknown grid codes: ${unknown.join(', ')}`);
  }
  return unique;
}

async function checkDepartment(
  context: UserAdminContext,
  role: Role,
  department: string | null,
): Promise<string | null> {
  if (department !== null && (await context.users.findDepartment(department)) === null) {
    refuse(400, `未知职能部门 ${department}`, `unknown department ${department}`);
  }
  if (role === 'department_handler' && department === null) {
    refuse(400, '部门处置人须指定职能部门', 'a department handler needs a department');
  }
  return department;
}

function checkPassword(password: string, username: string): void {
  const problem = checkPasswordPolicy(password, username);
  if (problem !== null) refuse(400, problem.zh, problem.en);
}

async function audit(
  context: UserAdminContext,
  caller: Caller,
  action: string,
  targetId: string,
  fields: string,
  targetType = 'user',
): Promise<void> {
  await context.audit.recordAudit({
    at: context.now().toISOString(),
    username: caller.username,
    action,
    targetType,
    targetId,
    fields,
    reason: '',
  });
}

export async function listUsers(context: UserAdminContext, caller: Caller): Promise<ManagedUser[]> {
  requireAdmin(caller);
  const users = await context.users.listUsers();
  return Promise.all(users.map((user) => managed(context, user)));
}

export async function createUser(
  context: UserAdminContext,
  caller: Caller,
  request: CreateUserRequest,
): Promise<ManagedUser> {
  requireAdmin(caller);
  if (!USERNAME_PATTERN.test(request.username)) {
    refuse(
      400,
      '用户名须为 3–32 位小写字母、数字或 . _ -',
      'a username has 3–32 lower-case letters, digits, . _ or -',
    );
  }
  const role = checkRole(request.role);
  const scopes = await checkScopes(context, request.scopes);
  const department = await checkDepartment(context, role, request.department ?? null);
  checkPassword(request.password, request.username);
  const user: UserRecord = {
    username: request.username,
    displayName: request.displayName.trim(),
    passwordHash: await hashPassword(request.password),
    role,
    scopes,
    demo: false,
    disabled: false,
    // The first password was chosen by the administrator: the user must pick their own.
    mustChangePassword: true,
    department,
  };
  if (!(await context.users.insertUser(user))) {
    refuse(409, `用户名 ${request.username} 已被使用`, `the username ${request.username} is taken`);
  }
  await audit(
    context,
    caller,
    AUDIT_ACTIONS.create,
    user.username,
    `role=${role};scopes=${scopes.join(',')}`,
  );
  return managed(context, user);
}

export async function updateUser(
  context: UserAdminContext,
  caller: Caller,
  username: string,
  request: UpdateUserRequest,
): Promise<ManagedUser> {
  requireAdmin(caller);
  const current = await findOrRefuse(context, username);
  const role = request.role === undefined ? current.role : checkRole(request.role);
  if (username === caller.username && (role !== current.role || request.disabled === true)) {
    // The last door into user management must not be closed from the inside.
    refuse(
      400,
      '不能停用自己或更改自己的角色',
      'you may not disable yourself or change your own role',
    );
  }
  const scopes =
    request.scopes === undefined ? undefined : await checkScopes(context, request.scopes);
  const department = await checkDepartment(
    context,
    role,
    request.department === undefined ? (current.department ?? null) : request.department,
  );
  // Every check, and the reads they need, before the first write: a refusal changes nothing.
  const linkedWorkerId = await context.workers.workerIdOfAccount(username);
  const workerId = await checkWorkerLink(
    context,
    role,
    scopes ?? current.scopes,
    request.workerId === undefined ? linkedWorkerId : request.workerId,
  );
  const changes = {
    ...(request.displayName === undefined ? {} : { displayName: request.displayName.trim() }),
    ...(request.role === undefined ? {} : { role }),
    ...(scopes === undefined ? {} : { scopes }),
    department,
    ...(request.disabled === undefined ? {} : { disabled: request.disabled }),
  };
  // A disabling ends the sessions in the same transaction: none outlives it, even on another node.
  if (request.disabled === true) await context.users.updateUserEndingSessions(username, changes);
  else await context.users.updateUser(username, changes);
  const linkChanged = workerId !== linkedWorkerId;
  if (linkChanged) await context.workers.linkAccountToWorker(username, workerId);
  const changed = Object.keys(changes).filter(
    (key) => key !== 'department' || department !== (current.department ?? null),
  );
  if (linkChanged) changed.push('workerId');
  await audit(context, caller, AUDIT_ACTIONS.update, username, changed.sort().join(','));
  // Open screens re-check the user's access (scopes, disabled) at once.
  context.bus.emit('userAccessChanged', { username });
  return managed(context, await findOrRefuse(context, username));
}

async function managed(context: UserAdminContext, user: UserRecord): Promise<ManagedUser> {
  return toManagedUser(user, await context.workers.workerIdOfAccount(user.username));
}

/**
 * The worker a grid_worker account may be linked to: one that exists and works inside the
 * account's scopes. Any other role has no link (a role change away from grid_worker unlinks).
 */
async function checkWorkerLink(
  context: UserAdminContext,
  role: Role,
  scopes: readonly string[],
  workerId: number | null,
): Promise<number | null> {
  if (workerId === null) return null;
  if (role !== 'grid_worker') return null;
  const worker = await context.workers.workerById(workerId);
  if (worker === null)
    refuse(400, `网格员 ${workerId} 不存在`, `there is no grid worker ${workerId}`);
  if (!worker.gridCodes.some((code) => isInScope(code, scopes))) {
    refuse(
      400,
      `网格员 ${workerId} 的网格不在该账号的范围内`,
      `grid worker ${workerId} works outside this account's scope`,
    );
  }
  return workerId;
}

export async function deleteUser(
  context: UserAdminContext,
  caller: Caller,
  username: string,
): Promise<void> {
  requireAdmin(caller);
  if (username === caller.username) {
    refuse(400, '不能删除自己', 'you may not delete yourself');
  }
  if (!(await context.users.deleteUser(username))) {
    refuse(404, `用户 ${username} 不存在`, `user ${username} not found`);
  }
  await audit(context, caller, AUDIT_ACTIONS.delete, username, '');
  context.bus.emit('userAccessChanged', { username });
}

/** A random password that meets the policy, shown to the administrator once. */
export function temporaryPassword(username: string): string {
  for (;;) {
    const candidate = randomBytes(TEMPORARY_PASSWORD_BYTES).toString('base64url');
    if (checkPasswordPolicy(candidate, username) === null) return candidate;
  }
}

export async function resetPassword(
  context: UserAdminContext,
  caller: Caller,
  username: string,
): Promise<{ username: string; temporaryPassword: string }> {
  requireAdmin(caller);
  await findOrRefuse(context, username);
  const password = temporaryPassword(username);
  // The old password's sessions end with it, in the same transaction.
  await context.users.updateUserEndingSessions(username, {
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
  });
  await audit(context, caller, AUDIT_ACTIONS.resetPassword, username, 'password');
  context.bus.emit('userAccessChanged', { username });
  return { username, temporaryPassword: password };
}

export async function listSessions(
  context: UserAdminContext,
  caller: Caller,
  username: string,
): Promise<UserSessionView[]> {
  requireAdmin(caller);
  await findOrRefuse(context, username);
  const sessions = await context.users.listSessionsOf(username, context.now().toISOString());
  return sessions.map((session) => ({
    id: session.tokenHash.slice(0, SESSION_ID_LENGTH),
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
  }));
}

export async function revokeSession(
  context: UserAdminContext,
  caller: Caller,
  username: string,
  sessionId: string,
): Promise<void> {
  requireAdmin(caller);
  if (!/^[0-9a-f]+$/.test(sessionId) || sessionId.length !== SESSION_ID_LENGTH) {
    refuse(400, '会话编号无效', 'invalid session id');
  }
  if (!(await context.users.deleteSessionByPrefix(username, sessionId))) {
    refuse(404, '会话不存在', 'session not found');
  }
  await audit(context, caller, AUDIT_ACTIONS.revokeSession, username, sessionId);
  context.bus.emit('userAccessChanged', { username });
}

/** Anyone's own change: the current password, a new one meeting the policy; other sessions end. */
export async function changeOwnPassword(
  context: UserAdminContext,
  caller: Caller,
  sessionToken: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const user = await findOrRefuse(context, caller.username);
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    refuse(400, '当前密码不正确', 'the current password is wrong');
  }
  if (currentPassword === newPassword) {
    refuse(400, '新密码不能与当前密码相同', 'the new password must differ from the current one');
  }
  checkPassword(newPassword, user.username);
  // The other sessions end in the same transaction; the one changing the password stays.
  await context.users.updateUserEndingSessions(
    user.username,
    { passwordHash: await hashPassword(newPassword), mustChangePassword: false },
    hashSessionToken(sessionToken),
  );
  await audit(context, caller, AUDIT_ACTIONS.changePassword, user.username, 'password');
}

export async function saveDepartment(
  context: UserAdminContext,
  caller: Caller,
  department: Department,
): Promise<Department> {
  requireAdmin(caller);
  if (!/^[a-z0-9_-]{2,32}$/.test(department.code)) {
    refuse(
      400,
      '部门编码须为 2–32 位小写字母、数字、_ 或 -',
      'a department code has 2–32 lower-case letters, digits, _ or -',
    );
  }
  await context.users.saveDepartment(department);
  await audit(context, caller, 'department_save', department.code, '', 'department');
  return department;
}
