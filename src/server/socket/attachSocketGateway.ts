/**
 * socket.io on the same HTTP server (path /socket.io). A connection must carry a live session
 * token, in `auth.token` of the handshake or in the session cookie; otherwise it is refused.
 * Screens' feeds on /live need the same session; /device authenticates with device tokens instead
 * (src/server/tracking). Handshakes from pages of other origins are refused (socketOrigin.ts), and
 * every engine.io answer (polling, handshake, refusal) carries the HTTP security headers.
 */
import { hasPermission } from '../auth/roles';
import fastifyCookie from '@fastify/cookie';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server, type Socket } from 'socket.io';
import { SESSION_COOKIE, type SessionUser } from '../../shared/api';
import { LIVE_NAMESPACE } from '../../shared/trackingEvents';
import { toSessionUser, type SessionService } from '../auth/sessionService';
import { setSecurityHeaders } from '../http/securityHeaders';
import { socketOriginGuard } from './socketOrigin';

export const SOCKET_PATH = '/socket.io';
export const SOCKET_UNAUTHORIZED = 'unauthorized';
export const SOCKET_FORBIDDEN = 'forbidden';
/**
 * Largest socket.io message accepted: a full batch of MAX_FIXES_PER_BATCH fixes as JSON is about
 * 60 KiB, so this leaves room; engine.io drops a bigger frame (and its connection) unparsed.
 */
export const SOCKET_MAX_MESSAGE_BYTES = 256 * 1024;

export interface SocketData {
  user: SessionUser;
}

function handshakeToken(socket: Socket): string | null {
  const auth: unknown = socket.handshake.auth;
  if (
    typeof auth === 'object' &&
    auth !== null &&
    'token' in auth &&
    typeof auth.token === 'string' &&
    auth.token !== ''
  ) {
    return auth.token;
  }
  const cookieHeader = socket.handshake.headers.cookie;
  if (cookieHeader === undefined) return null;
  return fastifyCookie.parse(cookieHeader)[SESSION_COOKIE] ?? null;
}

export function socketSessionMiddleware(sessions: SessionService) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    const token = handshakeToken(socket);
    (token === null ? Promise.resolve(null) : sessions.authenticate(token)).then(
      (user) => {
        if (user === null) {
          next(new Error(SOCKET_UNAUTHORIZED));
          return;
        }
        (socket.data as SocketData).user = toSessionUser(user);
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

/**
 * /live carries every worker's position and the incident feed: only roles that read the wall
 * (tracking.read) get it, and nobody whose password must first be changed.
 */
export function liveAccessMiddleware() {
  return (socket: Socket, next: (error?: Error) => void): void => {
    const { user } = socket.data as SocketData;
    if (!hasPermission(user.role, 'tracking.read') || user.mustChangePassword) {
      next(new Error(SOCKET_FORBIDDEN));
      return;
    }
    next();
  };
}

/**
 * engine.io answers its requests itself, outside Fastify's hooks; headers set first are kept in
 * (merged with) whatever it writes. Runs before engine.io's own listener.
 */
function securityHeadersOnSockets(server: HttpServer | HttpsServer): void {
  server.prependListener('request', (request, response) => {
    if (request.url?.startsWith(`${SOCKET_PATH}/`) === true) setSecurityHeaders(response);
  });
}

/**
 * The same socket.io server on a second listener (the HTTPS one for phones): one engine, so
 * rooms, namespaces and the fan-out are shared whichever listener a client came through.
 */
export function serveSocketsOn(io: Server, server: HttpsServer): void {
  io.engine.attach(server, { path: SOCKET_PATH });
  securityHeadersOnSockets(server);
}

export function attachSocketGateway(
  httpServer: HttpServer,
  sessions: SessionService,
  allowedOrigins: readonly string[] = [],
): Server {
  const io = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
    allowRequest: socketOriginGuard(allowedOrigins),
  });
  securityHeadersOnSockets(httpServer);
  io.use(socketSessionMiddleware(sessions));
  io.of(LIVE_NAMESPACE).use(socketSessionMiddleware(sessions));
  io.of(LIVE_NAMESPACE).use(liveAccessMiddleware());
  return io;
}
