/**
 * Who is calling: a session token from the `Authorization: Bearer` header or the session cookie.
 * Every /api route is private unless its config says `public: true`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../shared/api';
import type { UserRecord } from '../auth/authRepository';
import type { SessionService } from '../auth/sessionService';
import type { Caller } from '../registry/accessErrors';
import { authenticateDeviceToken } from '../tracking/deviceTokens';
import type { TrackingRepository } from '../tracking/trackingRepository';

export class UnauthorizedError extends Error {
  constructor() {
    super('authentication required');
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser: UserRecord | null;
  }
  interface FastifyContextConfig {
    /** True for the few routes that need no session (health, login, OpenAPI). */
    public?: boolean;
  }
}

const BEARER_PREFIX = 'bearer ';

export function sessionTokenOf(
  authorization: string | undefined,
  cookies: Record<string, string | undefined> | undefined,
): string | null {
  if (authorization !== undefined && authorization.toLowerCase().startsWith(BEARER_PREFIX)) {
    const token = authorization.slice(BEARER_PREFIX.length).trim();
    if (token !== '') return token;
  }
  const cookieToken = cookies?.[SESSION_COOKIE];
  return cookieToken === undefined || cookieToken === '' ? null : cookieToken;
}

const DEVICE_SCHEME = /^Device\s+(\S+)$/i;

/**
 * The device behind `Authorization: Device <token>` on a device route (public for sessions: a
 * phone has no session), or 401.
 */
export async function deviceOf(
  request: FastifyRequest,
  tracking: Pick<TrackingRepository, 'deviceTokenByHash'>,
): Promise<{ deviceId: number; workerId: number }> {
  const token = DEVICE_SCHEME.exec(request.headers.authorization ?? '')?.[1];
  const device = await authenticateDeviceToken(tracking, token);
  if (device === null) throw new UnauthorizedError();
  return device;
}

/** The caller of an authenticated route (the hook below has already rejected anonymous ones). */
export function callerOf(request: FastifyRequest): UserRecord & Caller {
  if (request.sessionUser === null) throw new UnauthorizedError();
  return request.sessionUser;
}

export function registerAuthentication(app: FastifyInstance, sessions: SessionService): void {
  app.decorateRequest('sessionUser', null);
  app.addHook('onRequest', async (request) => {
    // Only API routes need a session; static files, the app shell and 404s do not.
    if (request.routeOptions.url?.startsWith('/api/') !== true) return;
    const token = sessionTokenOf(request.headers.authorization, request.cookies);
    request.sessionUser = token === null ? null : await sessions.authenticate(token);
    if (request.routeOptions.config.public !== true && request.sessionUser === null) {
      throw new UnauthorizedError();
    }
  });
}
