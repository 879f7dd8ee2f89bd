/**
 * User management (admin), departments, the own password change, and the audit log (auditor,
 * admin). No route updates or deletes audit rows: the log is read and exported only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { exportAuditCsv, queryAuditLog } from '../../audit/auditLogReader';
import {
  changeOwnPassword,
  createUser,
  deleteUser,
  listSessions,
  listUsers,
  resetPassword,
  revokeSession,
  saveDepartment,
  updateUser,
  type UserAdminContext,
} from '../../auth/userAdmin';
import { callerOf, sessionTokenOf, UnauthorizedError } from '../authentication';
import { AuditEntrySchema, pageOf } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';
import {
  AuditExportQuery,
  AuditListQuery,
  ChangePasswordBody,
  CreateUserBody,
  DepartmentBody,
  DepartmentSchema,
  ManagedUserSchema,
  PasswordResetSchema,
  SessionParams,
  UpdateUserBody,
  UserParams,
  UserSessionSchema,
} from '../userSchemas';

const WRITE_ERRORS = { ...PRIVATE_ERRORS, 409: PRIVATE_ERRORS[400] };

export const userRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  const admin: UserAdminContext = {
    users: context.users,
    workers: context.tracking,
    registry: context.registry,
    audit: context.audit,
    bus: context.bus,
    now: context.now,
  };

  app.get(
    '/users',
    {
      schema: {
        summary: 'Every user with role, scopes, department and state (admin)',
        tags: ['users'],
        security: SESSION_SECURITY,
        response: { 200: Type.Array(ManagedUserSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => listUsers(admin, callerOf(request)),
  );

  app.post(
    '/users',
    {
      schema: {
        summary: 'Create a user; the first password meets the policy and must be changed at login',
        tags: ['users'],
        security: SESSION_SECURITY,
        body: CreateUserBody,
        response: { 201: ManagedUserSchema, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(admin, callerOf(request), request.body)),
  );

  app.patch(
    '/users/:username',
    {
      schema: {
        summary: 'Change a user: display name, role, scopes (any grid level), department, disabled',
        tags: ['users'],
        security: SESSION_SECURITY,
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: ManagedUserSchema, ...WRITE_ERRORS },
      },
    },
    async (request) => updateUser(admin, callerOf(request), request.params.username, request.body),
  );

  app.delete(
    '/users/:username',
    {
      schema: {
        summary: 'Delete a user and end their sessions (history keeps the username)',
        tags: ['users'],
        security: SESSION_SECURITY,
        params: UserParams,
        response: { 204: Type.Null(), ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      await deleteUser(admin, callerOf(request), request.params.username);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:username/password-reset',
    {
      schema: {
        summary: 'Reset a password: a temporary one, shown once; sessions end; change at login',
        tags: ['users'],
        security: SESSION_SECURITY,
        params: UserParams,
        response: { 200: PasswordResetSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => resetPassword(admin, callerOf(request), request.params.username),
  );

  app.get(
    '/users/:username/sessions',
    {
      schema: {
        summary: "A user's open sessions (named by a token-hash prefix, never the token)",
        tags: ['users'],
        security: SESSION_SECURITY,
        params: UserParams,
        response: { 200: Type.Array(UserSessionSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => listSessions(admin, callerOf(request), request.params.username),
  );

  app.delete(
    '/users/:username/sessions/:sessionId',
    {
      schema: {
        summary: 'End one session of a user',
        tags: ['users'],
        security: SESSION_SECURITY,
        params: SessionParams,
        response: { 204: Type.Null(), ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      await revokeSession(
        admin,
        callerOf(request),
        request.params.username,
        request.params.sessionId,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/departments',
    {
      schema: {
        summary: 'Functional departments (职能部门) incidents are assigned to',
        tags: ['users'],
        security: SESSION_SECURITY,
        response: { 200: Type.Array(DepartmentSchema), ...PRIVATE_ERRORS },
      },
    },
    async () => context.users.listDepartments(),
  );

  app.post(
    '/departments',
    {
      schema: {
        summary: 'Create or rename a functional department (admin)',
        tags: ['users'],
        security: SESSION_SECURITY,
        body: DepartmentBody,
        response: { 200: DepartmentSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => saveDepartment(admin, callerOf(request), request.body),
  );

  app.post(
    '/auth/password',
    {
      schema: {
        summary: "Change one's own password (required after a reset); other sessions end",
        tags: ['auth'],
        security: SESSION_SECURITY,
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const token = sessionTokenOf(request.headers.authorization, request.cookies);
      if (token === null) throw new UnauthorizedError();
      const { currentPassword, newPassword } = request.body;
      await changeOwnPassword(admin, callerOf(request), token, currentPassword, newPassword);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/audit',
    {
      schema: {
        summary: 'The audit log, newest first, filtered (auditor, admin); read-only',
        tags: ['audit'],
        security: SESSION_SECURITY,
        querystring: AuditListQuery,
        response: { 200: pageOf(AuditEntrySchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return queryAuditLog(context.auditLog, callerOf(request), filter, { page, pageSize });
    },
  );

  app.get(
    '/audit/export.csv',
    {
      schema: {
        summary:
          'The filtered audit log as CSV, oldest first (auditor, admin); the export is audited',
        tags: ['audit'],
        security: SESSION_SECURITY,
        querystring: AuditExportQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const csv = await exportAuditCsv(
        context.auditLog,
        context.audit,
        callerOf(request),
        request.query,
        context.now(),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .send(csv);
    },
  );
};
