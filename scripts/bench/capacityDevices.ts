/**
 * The simulated phones of bench:capacity, in their own process. Driven over IPC by
 * scripts/bench/capacity.ts: `grow` connects more devices (each with its device token, spread over
 * the base URLs given: the nodes, or the proxy), every connected device takes one fix a second and
 * sends its outbox as a phone does (one batch in flight, resent until acknowledged). A fix's
 * acknowledgement latency is the ack's receipt time minus the fix time (same machine, same clock),
 * so a fix that waited behind a slow batch counts its whole wait.
 */
import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '../../src/server/socket/attachSocketGateway';
import {
  DEVICE_NAMESPACE,
  MAX_FIXES_PER_BATCH,
  type DeviceClientToServerEvents,
  type DeviceFix,
  type DeviceServerToClientEvents,
  type FixBatchAck,
} from '../../src/shared/trackingEvents';
import { LATENCY_BUCKETS } from './percentile';

type DeviceSocket = Socket<DeviceServerToClientEvents, DeviceClientToServerEvents>;

export interface DeviceSpec {
  token: string;
  lon: number;
  lat: number;
}

export interface DevicesGrow {
  type: 'grow';
  baseUrls: string[];
  devices: DeviceSpec[];
}

export interface DevicesReport {
  type: 'report';
  connected: number;
  sent: number;
  acknowledged: number;
  rejected: number;
  /** Fixes waiting for their acknowledgement longer than `waitedOverMs` when the report was taken. */
  waitingOver: number;
  ackHistogram: number[];
}

const FIX_INTERVAL_MS = 1_000;
const ACK_TIMEOUT_MS = 5_000;
const STEP_DEG = 1e-5;
const ACCURACY_M = 8;
const SPEED_MPS = 1.2;

interface Device {
  socket: DeviceSocket;
  outbox: DeviceFix[];
  inFlight: boolean;
  lon: number;
  lat: number;
  step: number;
}

const devices: Device[] = [];
const ackCounts = new Uint32Array(LATENCY_BUCKETS);
let sent = 0;
let acknowledged = 0;
let rejected = 0;

function send(device: Device): void {
  if (device.inFlight || device.outbox.length === 0 || !device.socket.connected) return;
  device.inFlight = true;
  const batch = device.outbox.slice(0, MAX_FIXES_PER_BATCH);
  sent += batch.length;
  device.socket
    .timeout(ACK_TIMEOUT_MS)
    .emit('fixes', batch, (error: Error | null, ack: FixBatchAck) => {
      device.inFlight = false;
      if (error !== null) return; // resent with the next tick
      const nowMs = Date.now();
      const done = new Set([
        ...ack.acknowledgedFixTimesMs,
        ...ack.rejected.map((r) => r.fixTimeMs),
      ]);
      rejected += ack.rejected.length;
      device.outbox = device.outbox.filter((fix) => {
        if (!done.has(fix.fixTimeMs)) return true;
        const bucket = Math.min(
          LATENCY_BUCKETS - 1,
          Math.max(0, Math.round(nowMs - fix.fixTimeMs)),
        );
        ackCounts[bucket]! += 1;
        acknowledged += 1;
        return false;
      });
      if (ack.retryAfterMs === null) send(device);
    });
}

function tick(device: Device): void {
  device.step += 1;
  // A slow walk around the start point: a fix the validation accepts (speed, jumps).
  const angle = device.step / 30;
  device.outbox.push({
    fixTimeMs: Date.now(),
    lon: device.lon + Math.cos(angle) * STEP_DEG * 10,
    lat: device.lat + Math.sin(angle) * STEP_DEG * 10,
    accuracyM: ACCURACY_M,
    speedMps: SPEED_MPS,
    headingDeg: null,
  });
  send(device);
}

function grow(message: DevicesGrow): Promise<void> {
  const offset = devices.length;
  return Promise.all(
    message.devices.map(
      (spec, index) =>
        new Promise<void>((resolve, reject) => {
          const baseUrl = message.baseUrls[(offset + index) % message.baseUrls.length]!;
          const socket: DeviceSocket = io(baseUrl + DEVICE_NAMESPACE, {
            path: SOCKET_PATH,
            transports: ['websocket'],
            auth: { deviceToken: spec.token },
            forceNew: true,
            reconnectionDelay: 200,
            reconnectionDelayMax: 1_000,
          });
          const device: Device = { socket, outbox: [], inFlight: false, step: 0, ...spec };
          socket.once('connect_error', reject);
          socket.once('connect', () => {
            devices.push(device);
            // Spread the devices' ticks over the second, as phones' clocks are.
            setTimeout(
              () => setInterval(() => tick(device), FIX_INTERVAL_MS),
              Math.random() * FIX_INTERVAL_MS,
            );
            resolve();
          });
          socket.on('connect', () => {
            device.inFlight = false;
            send(device);
          });
        }),
    ),
  ).then(() => undefined);
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'grow') {
    grow(message as DevicesGrow).then(
      () => process.send?.({ type: 'grown', connected: devices.length }),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else if (message.type === 'reset') {
    ackCounts.fill(0);
    sent = 0;
    acknowledged = 0;
    rejected = 0;
    process.send?.({ type: 'reset' });
  } else if (message.type === 'report') {
    const { waitedOverMs } = message as { type: 'report'; waitedOverMs: number };
    const oldestAllowedMs = Date.now() - waitedOverMs;
    const report: DevicesReport = {
      type: 'report',
      connected: devices.filter((device) => device.socket.connected).length,
      sent,
      acknowledged,
      rejected,
      waitingOver: devices.reduce(
        (sum, device) =>
          sum + device.outbox.filter((fix) => fix.fixTimeMs < oldestAllowedMs).length,
        0,
      ),
      ackHistogram: [...ackCounts],
    };
    process.send?.(report);
  } else if (message.type === 'close') {
    for (const device of devices) device.socket.close();
    process.exit(0);
  }
});
