/**
 * The screens of bench:fanout, in their own process so that the server's CPU time is measured
 * apart from theirs. Driven over IPC by scripts/bench/fanout.ts: connects N socket.io screens to
 * /live, subscribes each, and counts what arrives — updates, wire bytes (engine.io packet
 * payloads, text and binary) and ingest-to-screen latency (receipt time minus the fix time the
 * server stamped at its bus emit; same machine, same clock).
 */
import { io, type Socket } from 'socket.io-client';
import { positionFrameFixTimes } from '../../src/shared/positionFrame';
import { LIVE_NAMESPACE } from '../../src/shared/trackingEvents';
import { SOCKET_PATH } from '../../src/server/socket/attachSocketGateway';
import { LATENCY_BUCKETS } from './percentile';

export type FanoutMode = 'frames' | 'json';

export interface ScreensStart {
  type: 'start';
  baseUrl: string;
  token: string;
  mode: FanoutMode;
  subscriptions: string[][];
}

export interface ScreensReport {
  type: 'report';
  delivered: number;
  messages: number;
  wireBytes: number;
  latencyHistogram: number[];
}

const screens: Socket[] = [];
const latencyCounts = new Uint32Array(LATENCY_BUCKETS);
let delivered = 0;
let messages = 0;
let wireBytes = 0;

function recordLatency(fixTimeMs: number, nowMs: number): void {
  const bucket = Math.min(LATENCY_BUCKETS - 1, Math.max(0, Math.round(nowMs - fixTimeMs)));
  latencyCounts[bucket]! += 1;
  delivered += 1;
}

function countWire(socket: Socket): void {
  socket.io.on('open', () => {
    socket.io.engine.on('packet', (packet: { data?: unknown }) => {
      const { data } = packet;
      if (typeof data === 'string') wireBytes += Buffer.byteLength(data) + 1;
      else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
        wireBytes += data.byteLength;
    });
  });
}

async function connectScreens(start: ScreensStart): Promise<void> {
  await Promise.all(
    start.subscriptions.map(
      (gridCodes) =>
        new Promise<void>((resolve, reject) => {
          const socket = io(start.baseUrl + LIVE_NAMESPACE, {
            path: SOCKET_PATH,
            transports: ['websocket'],
            auth: { token: start.token },
            forceNew: true,
            autoConnect: false,
          });
          countWire(socket);
          if (start.mode === 'frames') {
            socket.on('positions', (bytes: ArrayBuffer | Uint8Array, ack: () => void) => {
              const nowMs = Date.now();
              for (const fixTimeMs of positionFrameFixTimes(bytes)) recordLatency(fixTimeMs, nowMs);
              messages += 1;
              ack();
            });
          } else {
            socket.on('position', (position: { fixTimeMs: number }) => {
              recordLatency(position.fixTimeMs, Date.now());
              messages += 1;
            });
          }
          socket.once('connect_error', reject);
          socket.once('connect', () => {
            socket.emit('subscribe', { gridCodes }, (result: { ok: boolean }) =>
              result.ok ? resolve() : reject(new Error(`subscribe refused: ${gridCodes.join()}`)),
            );
          });
          screens.push(socket);
          socket.connect();
        }),
    ),
  );
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'start') {
    connectScreens(message as ScreensStart).then(
      () => process.send?.({ type: 'ready' }),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else if (message.type === 'reset') {
    // The subscribe answers (the worker directory) are a one-off resync, not the stream.
    latencyCounts.fill(0);
    delivered = 0;
    messages = 0;
    wireBytes = 0;
    process.send?.({ type: 'reset' });
  } else if (message.type === 'report') {
    const report: ScreensReport = {
      type: 'report',
      delivered,
      messages,
      wireBytes,
      latencyHistogram: [...latencyCounts],
    };
    process.send?.(report);
  } else if (message.type === 'close') {
    for (const socket of screens) socket.close();
    process.exit(0);
  }
});
