/**
 * A /live screen for tests, as the wall behaves: it connects with a session token, decodes every
 * position frame (a malformed one fails the test), and acknowledges it unless told to hold.
 * Test support only.
 */
import { io, type Socket } from 'socket.io-client';
import type { GridTransitionEvent } from '../../domain/tracking/gridTransitions';
import { decodePositionFrame, type PositionFrame } from '../../shared/positionFrame';
import {
  LIVE_NAMESPACE,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
  type SubscribeResult,
  type WorkerDirectoryEntry,
  type WorkerStatusChange,
} from '../../shared/trackingEvents';
import { SOCKET_PATH } from '../socket/attachSocketGateway';

export type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

const POLL_MS = 10;
const RECONNECT_DELAY_MS = 50;

export interface TestScreen {
  socket: LiveSocket;
  frames: PositionFrame[];
  statuses: WorkerStatusChange[];
  transitions: GridTransitionEvent[];
  workerEvents: WorkerDirectoryEntry[][];
  revoked: string[][];
  /** Acknowledgements held back while `holdAcks` is true, oldest first. */
  heldAcks: Array<() => void>;
  holdAcks: boolean;
  connected(): Promise<void>;
  subscribe(gridCodes: string[]): Promise<SubscribeResult>;
  /** Every worker id seen in any frame so far. */
  seenWorkerIds(): Set<number>;
  close(): void;
}

/** Resolves once `condition` holds; rejects after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function connectTestScreen(baseUrl: string, token: string): TestScreen {
  const socket: LiveSocket = io(baseUrl + LIVE_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnectionDelay: RECONNECT_DELAY_MS,
    reconnectionDelayMax: RECONNECT_DELAY_MS,
  });
  const screen: TestScreen = {
    socket,
    frames: [],
    statuses: [],
    transitions: [],
    workerEvents: [],
    revoked: [],
    heldAcks: [],
    holdAcks: false,
    connected: () =>
      new Promise((resolve, reject) => {
        if (socket.connected) {
          resolve();
          return;
        }
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
    subscribe: (gridCodes) =>
      new Promise((resolve) => socket.emit('subscribe', { gridCodes }, resolve)),
    seenWorkerIds: () =>
      new Set(screen.frames.flatMap((frame) => frame.positions.map((p) => p.workerId))),
    close: () => socket.close(),
  };
  socket.on('positions', (bytes, ack) => {
    screen.frames.push(decodePositionFrame(bytes));
    if (screen.holdAcks) screen.heldAcks.push(ack);
    else ack();
  });
  socket.on('workerStatus', (changes) => screen.statuses.push(...changes));
  socket.on('gridTransitions', (events) => screen.transitions.push(...events));
  socket.on('workers', (entries) => screen.workerEvents.push(entries));
  socket.on('scopeRevoked', ({ gridCodes }) => screen.revoked.push(gridCodes));
  return screen;
}
