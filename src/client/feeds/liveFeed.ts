/**
 * The wall's live tracking feed on the session's `/live` socket (socket.io on the same origin,
 * carried by the session cookie). It subscribes to the given grid scopes, decodes binary position
 * frames and acknowledges each one only after the handler applied it (the server sends the next
 * frame only then, so a slow screen never queues), and on every (re)connect subscribes again,
 * handing over the fresh directory so that no ghost workers stay. Handlers get plain data; nothing
 * here knows the store or the globe. The socket belongs to the feed controller, which connects
 * and disconnects it; this feed only listens and subscribes.
 */
import { io, type Socket } from 'socket.io-client';
import { isInScope } from '../../domain/gridCode';
import type { GridTransitionEvent } from '../../domain/tracking/gridTransitions';
import { decodePositionFrame, type PositionFrame } from '../../shared/positionFrame';
import type { SecurityAlert } from '../../shared/securityAlerts';
import {
  LIVE_NAMESPACE,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
  type SubscribeResult,
  type WorkerDirectoryEntry,
  type WorkerStatusChange,
} from '../../shared/trackingEvents';
import type { LiveConnectionState } from '../tracking/trackingStore';

export type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** socket.io's path on the app's own server (the Vite dev server proxies it). */
export const SOCKET_IO_PATH = '/socket.io';
/** Back-off of reconnection attempts; a wall keeps trying for ever. */
const RECONNECT_DELAY_MS = 1000;
const RECONNECT_DELAY_MAX_MS = 10_000;
/** A subscribe with no answer by then is sent again. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export interface LiveFeedHandlers {
  /** A subscription was accepted: the complete directory of its scopes. */
  onDirectory(workers: WorkerDirectoryEntry[], gridCodes: string[]): void;
  /** Apply the frame synchronously; the feed acknowledges it right after this returns. */
  onPositions(frame: PositionFrame): void;
  onWorkerStatus(changes: WorkerStatusChange[]): void;
  onGridTransitions(events: GridTransitionEvent[]): void;
  onWorkers(entries: WorkerDirectoryEntry[], subscribedCodes: string[]): void;
  /** Part of the subscription was revoked; `remainingCodes` still flow. */
  onScopeRevoked(remainingCodes: string[]): void;
  onConnection(state: LiveConnectionState): void;
  /** A security alert (the server sends them to administrators only). */
  onSecurityAlert?(alert: SecurityAlert): void;
}

export interface LiveFeed {
  /** Replaces the subscription (a new grid filter); an empty list subscribes to nothing. */
  subscribe(gridCodes: readonly string[]): void;
  /** Frames that failed to decode since the feed started (each was acknowledged and dropped). */
  readonly malformedFrames: number;
  close(): void;
}

export function createLiveSocket(): LiveSocket {
  return io(LIVE_NAMESPACE, {
    path: SOCKET_IO_PATH,
    withCredentials: true,
    autoConnect: false,
    reconnectionDelay: RECONNECT_DELAY_MS,
    reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
  });
}

export function connectLiveFeed(
  initialCodes: readonly string[],
  handlers: LiveFeedHandlers,
  socket: LiveSocket,
): LiveFeed {
  let gridCodes = [...initialCodes];
  /** Answers to an older subscribe (before a newer one or a reconnect) are stale: drop them. */
  let subscribeNumber = 0;
  let malformedFrames = 0;
  let closed = false;

  function sendSubscribe(): void {
    const thisSubscribe = ++subscribeNumber;
    const requested = [...gridCodes];
    socket
      .timeout(SUBSCRIBE_TIMEOUT_MS)
      .emit(
        'subscribe',
        { gridCodes: requested },
        (error: Error | null, result: SubscribeResult) => {
          if (closed || thisSubscribe !== subscribeNumber) return;
          if (error) {
            if (socket.connected) sendSubscribe();
            return;
          }
          if (!result.ok) {
            handlers.onDirectory([], []);
            handlers.onConnection('refused');
            return;
          }
          gridCodes = result.gridCodes;
          handlers.onDirectory(result.workers, result.gridCodes);
          handlers.onConnection('live');
        },
      );
  }

  const onConnect = () => sendSubscribe();
  const onDisconnect = () => {
    subscribeNumber++;
    handlers.onConnection('reconnecting');
  };
  // A refusal by the session gate is final (socket.io stops retrying); a network error is not.
  const onConnectError = () => handlers.onConnection(socket.active ? 'reconnecting' : 'refused');
  const onPositions: LiveServerToClientEvents['positions'] = (bytes, ack) => {
    try {
      handlers.onPositions(decodePositionFrame(bytes));
    } catch (error) {
      // A bad frame is dropped, not retried: acknowledging keeps the next frames coming.
      malformedFrames++;
      console.warn('live position frame dropped', error);
    } finally {
      ack();
    }
  };
  const onWorkerStatus: LiveServerToClientEvents['workerStatus'] = (changes) =>
    handlers.onWorkerStatus(changes);
  const onGridTransitions: LiveServerToClientEvents['gridTransitions'] = (events) =>
    handlers.onGridTransitions(events);
  const onWorkers: LiveServerToClientEvents['workers'] = (entries) =>
    handlers.onWorkers(entries, gridCodes);
  const onScopeRevoked: LiveServerToClientEvents['scopeRevoked'] = (revoked) => {
    gridCodes = gridCodes.filter((code) => !isInScope(code, revoked.gridCodes));
    handlers.onScopeRevoked(gridCodes);
  };

  const onSecurityAlert: LiveServerToClientEvents['securityAlert'] = (alert) =>
    handlers.onSecurityAlert?.(alert);

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('positions', onPositions);
  socket.on('workerStatus', onWorkerStatus);
  socket.on('gridTransitions', onGridTransitions);
  socket.on('workers', onWorkers);
  socket.on('scopeRevoked', onScopeRevoked);
  socket.on('securityAlert', onSecurityAlert);
  handlers.onConnection('connecting');
  if (socket.connected) sendSubscribe();

  return {
    subscribe(codes) {
      gridCodes = [...codes];
      if (socket.connected) sendSubscribe();
    },
    get malformedFrames() {
      return malformedFrames;
    },
    close() {
      if (closed) return;
      closed = true;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('positions', onPositions);
      socket.off('workerStatus', onWorkerStatus);
      socket.off('gridTransitions', onGridTransitions);
      socket.off('workers', onWorkers);
      socket.off('scopeRevoked', onScopeRevoked);
      socket.off('securityAlert', onSecurityAlert);
      handlers.onConnection('idle');
    },
  };
}
