/**
 * socket.io on the same HTTP server (path /socket.io). A connection must carry a live session
 * token, in `auth.token` of the handshake or in the session cookie; otherwise it is refused.
 * Screens' feeds on /live need the same session; /device authenticates with device tokens instead
 * (src/server/tracking).
 */
import fastifyCookie from '@fastify/cookie';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { SESSION_COOKIE, type SessionUser } from '../../shared/api';
import { LIVE_NAMESPACE } from '../../shared/trackingEvents';
import { toSessionUser, type SessionService } from '../auth/sessionService';

export const SOCKET_PATH = '/socket.io';
export const SOCKET_UNAUTHORIZED = 'unauthorized';
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
    const user = token === null ? null : sessions.authenticate(token);
    if (user === null) {
      next(new Error(SOCKET_UNAUTHORIZED));
      return;
    }
    (socket.data as SocketData).user = toSessionUser(user);
    next();
  };
}

export function attachSocketGateway(httpServer: HttpServer, sessions: SessionService): Server {
  const io = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
  });
  io.use(socketSessionMiddleware(sessions));
  io.of(LIVE_NAMESPACE).use(socketSessionMiddleware(sessions));
  return io;
}
