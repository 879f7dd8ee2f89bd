/** Health, login, logout and the current user. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX, SESSION_COOKIE } from '../../../shared/api';
import { SESSION_TTL_MS, toSessionUser } from '../../auth/sessionService';
import { DEVICE_COOKIE, TRUSTED_DEVICE_MS } from '../../auth/trustedDevices';
import { callerOf, sessionTokenOf } from '../authentication';
import { LoginBody } from '../requestSchemas';
import { ErrorResponse, LoginResponseSchema, SessionUserSchema } from '../responseSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const MS_PER_SECOND = 1000;

export const authRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { context }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness check',
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        summary: 'Log in; returns a bearer token and sets the session cookie',
        tags: ['auth'],
        body: LoginBody,
        response: {
          200: LoginResponseSchema,
          400: ErrorResponse,
          401: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const { deviceToken, ...login } = await context.sessions.login(
        username,
        password,
        request.ip,
        request.cookies[DEVICE_COOKIE] ?? null,
      );
      void reply.setCookie(SESSION_COOKIE, login.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: SESSION_TTL_MS / MS_PER_SECOND,
      });
      // Only the login route reads it: no other path is sent the device cookie.
      if (deviceToken !== undefined)
        void reply.setCookie(DEVICE_COOKIE, deviceToken, {
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          path: `${API_PREFIX}/auth/login`,
          maxAge: TRUSTED_DEVICE_MS / MS_PER_SECOND,
        });
      return login;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        summary: 'End the session',
        tags: ['auth'],
        security: SESSION_SECURITY,
        response: { 204: Type.Null(), 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const token = sessionTokenOf(request.headers.authorization, request.cookies);
      if (token !== null) await context.sessions.logout(token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        summary: 'The logged-in user, role, scopes and permissions',
        tags: ['auth'],
        security: SESSION_SECURITY,
        response: { 200: SessionUserSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => toSessionUser(callerOf(request)),
  );
};
