/**
 * socket.io side of the /live fan-out: each connection (already authenticated by the session
 * middleware of attachSocketGateway) becomes a LiveHub screen; `subscribe` goes to the hub.
 * Other modules (the incident feed) add their own handlers on the same namespace, so this one
 * never disconnects a socket for an event it does not know.
 */
import fastifyCookie from '@fastify/cookie';
import type { Namespace, Server, Socket } from 'socket.io';
import { SESSION_COOKIE } from '../../shared/api';
import {
  LIVE_NAMESPACE,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../shared/trackingEvents';
import type { SessionService } from '../auth/sessionService';
import type { SocketData } from '../socket/attachSocketGateway';
import type { LiveHub } from './liveHub';
import type { LiveScreenSink } from './liveScreen';

type LiveSocket = Socket<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** The token the socket authenticated with (same sources as the handshake middleware). */
function sessionTokenOf(socket: LiveSocket): string | null {
  const auth: unknown = socket.handshake.auth;
  if (typeof auth === 'object' && auth !== null && 'token' in auth) {
    if (typeof auth.token === 'string' && auth.token !== '') return auth.token;
  }
  const cookieHeader = socket.handshake.headers.cookie;
  return cookieHeader === undefined
    ? null
    : (fastifyCookie.parse(cookieHeader)[SESSION_COOKIE] ?? null);
}

function isGridCodeList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((code) => typeof code === 'string');
}

/** Upper bound on codes in one subscribe request: more than a district has streets and grids. */
const MAX_SUBSCRIBED_CODES = 1_000;

function sinkOf(
  socket: LiveSocket,
  sessions: SessionService,
  token: string | null,
): LiveScreenSink {
  return {
    sendPositions: (frame, onAck) => socket.emit('positions', frame, onAck),
    sendWorkerStatus: (changes) => socket.emit('workerStatus', changes),
    sendGridTransitions: (events) => socket.emit('gridTransitions', events),
    sendWorkers: (entries) => socket.emit('workers', entries),
    sendScopeRevoked: (gridCodes) => socket.emit('scopeRevoked', { gridCodes }),
    disconnect: () => socket.disconnect(true),
    isSessionLive: async () => token !== null && (await sessions.authenticate(token)) !== null,
  };
}

export function attachLiveGateway(io: Server, hub: LiveHub, sessions: SessionService): void {
  const live = io.of(LIVE_NAMESPACE) as unknown as Namespace<
    LiveClientToServerEvents,
    LiveServerToClientEvents,
    Record<string, never>,
    SocketData
  >;
  live.on('connection', (socket) => {
    const { user } = socket.data;
    hub.addScreen(
      socket.id,
      { username: user.username, scopes: user.scopes, canReveal: user.canReveal },
      sinkOf(socket, sessions, sessionTokenOf(socket)),
    );
    socket.on('subscribe', (request, ack) => {
      if (typeof ack !== 'function') return;
      const gridCodes: unknown = (request as { gridCodes?: unknown } | null)?.gridCodes;
      if (!isGridCodeList(gridCodes) || gridCodes.length > MAX_SUBSCRIBED_CODES) {
        ack({ ok: false, error: 'invalid_grid_code', refusedGridCodes: [] });
        return;
      }
      ack(hub.subscribe(socket.id, gridCodes));
    });
    socket.on('disconnect', () => hub.removeScreen(socket.id));
  });
}
