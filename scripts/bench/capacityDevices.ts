/**
 * The simulated phones of bench:capacity, in their own process. Driven over IPC by
 * scripts/bench/capacity.ts: `grow` connects more devices (each with its device token, spread over
 * the base URLs given: the nodes, or the proxy), every connected device takes one fix a second and
 * sends its outbox as a phone does (one batch in flight, resent until acknowledged). A fix's
 * acknowledgement latency is the ack's receipt time minus the fix time (same machine, same clock),
 * so a fix that waited behind a slow batch counts its whole wait.
 *
 * The phone's protocol, on a lighter client: each device is one WebSocket speaking socket.io's
 * wire protocol itself (engine.io 4 open and ping, the /device namespace's connect with the device
 * token, `fixes` events with an acknowledgement id), what socket.io-client puts on the wire for
 * the phone (src/mobile/phoneLink.ts) without its per-socket manager, parser and timers. The
 * generators share the servers' two cores, so what they spend per fix is capacity the servers do
 * not get. The fixes of all devices are taken by one timer: devices are spread over the second in
 * TICK_SLOTS slots (as phones' clocks are), and each firing takes the slots that came due.
 */
import WebSocket from 'ws';
import { SOCKET_PATH } from '../../src/server/socket/attachSocketGateway';
import {
  DEVICE_NAMESPACE,
  MAX_FIXES_PER_BATCH,
  type DeviceFix,
  type FixBatchAck,
} from '../../src/shared/trackingEvents';
import { LATENCY_BUCKETS } from './percentile';

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
/** The second is cut into this many slots; one timer takes each slot's devices in turn. */
const TICK_SLOTS = 100;
const SLOT_MS = FIX_INTERVAL_MS / TICK_SLOTS;
/** An unanswered batch is given up after this long and resent (socket.io-client's .timeout()). */
const ACK_TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 20_000;
/** Devices connecting at once: a storm of handshakes on a loaded machine times out. */
const CONNECT_CONCURRENCY = 100;
const RECONNECT_DELAY_MS = 200;
const RECONNECT_DELAY_MAX_MS = 1_000;
const STEP_DEG = 1e-5;
const ACCURACY_M = 8;
const SPEED_MPS = 1.2;

/** engine.io 4 packet types (first character) and socket.io 5 packet types (second). */
const ENGINE_OPEN = '0';
const ENGINE_PING = '2';
const ENGINE_PONG = '3';
const ENGINE_MESSAGE = '4';
const SOCKET_CONNECT = '0';
const SOCKET_EVENT = '2';
const SOCKET_ACK = '3';
const SOCKET_CONNECT_ERROR = '4';
const NAMESPACE_PREFIX = DEVICE_NAMESPACE + ',';

interface Device {
  spec: DeviceSpec;
  url: string;
  ws: WebSocket | null;
  /** The namespace is connected: fixes may be sent. */
  connected: boolean;
  outbox: DeviceFix[];
  /** The acknowledgement id of the batch in flight, and when it went (0: none). */
  inFlightId: number;
  inFlightSinceMs: number;
  nextAckId: number;
  step: number;
  reconnectDelayMs: number;
}

const devices: Device[] = [];
/** Devices by the slot of the second in which they take their fix. */
const slots: Device[][] = Array.from({ length: TICK_SLOTS }, () => []);
const ackCounts = new Uint32Array(LATENCY_BUCKETS);
let sent = 0;
let acknowledged = 0;
let rejected = 0;
let closing = false;

function socketUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${SOCKET_PATH}/?EIO=4&transport=websocket`;
}

function send(device: Device): void {
  if (device.inFlightId !== 0 || device.outbox.length === 0 || !device.connected) return;
  const batch = device.outbox.slice(0, MAX_FIXES_PER_BATCH);
  device.nextAckId += 1;
  device.inFlightId = device.nextAckId;
  device.inFlightSinceMs = Date.now();
  sent += batch.length;
  device.ws!.send(
    `${ENGINE_MESSAGE}${SOCKET_EVENT}${NAMESPACE_PREFIX}${device.inFlightId}${JSON.stringify(['fixes', batch])}`,
  );
}

function onAck(device: Device, ack: FixBatchAck): void {
  device.inFlightId = 0;
  const nowMs = Date.now();
  const done = new Set(ack.acknowledgedFixTimesMs);
  for (const refused of ack.rejected) done.add(refused.fixTimeMs);
  rejected += ack.rejected.length;
  device.outbox = device.outbox.filter((fix) => {
    if (!done.has(fix.fixTimeMs)) return true;
    const bucket = Math.min(LATENCY_BUCKETS - 1, Math.max(0, Math.round(nowMs - fix.fixTimeMs)));
    ackCounts[bucket]! += 1;
    acknowledged += 1;
    return false;
  });
  if (ack.retryAfterMs === null) send(device);
}

/** One socket.io packet of the /device namespace (engine.io's message type already taken off). */
function onSocketPacket(
  device: Device,
  packet: string,
  connected: () => void,
  failed: (error: Error) => void,
): void {
  const type = packet[0];
  if (!packet.startsWith(NAMESPACE_PREFIX, 1)) return;
  const body = packet.slice(1 + NAMESPACE_PREFIX.length);
  if (type === SOCKET_CONNECT) {
    device.connected = true;
    device.reconnectDelayMs = RECONNECT_DELAY_MS;
    device.inFlightId = 0;
    connected();
    send(device);
  } else if (type === SOCKET_ACK) {
    const open = body.indexOf('[');
    const id = Number(body.slice(0, open));
    // A late answer to a batch given up on: its fixes are still in the outbox and go again.
    if (id !== device.inFlightId) return;
    onAck(device, (JSON.parse(body.slice(open)) as [FixBatchAck])[0]);
  } else if (type === SOCKET_CONNECT_ERROR) {
    failed(new Error(`device refused: ${body}`));
  }
  // Events to the device (SOCKET_EVENT: tokenRevoked, tasks) are not part of this bench.
}

/** Opens the device's WebSocket and connects its namespace; resolves once connected. */
function open(device: Device): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === null) resolve();
      else reject(error);
    };
    const ws = new WebSocket(device.url, { perMessageDeflate: false });
    device.ws = ws;
    const timer = setTimeout(() => {
      settle(new Error('timeout'));
      ws.terminate();
    }, CONNECT_TIMEOUT_MS);
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      const kind = text[0];
      if (kind === ENGINE_PING) ws.send(ENGINE_PONG);
      else if (kind === ENGINE_MESSAGE) {
        onSocketPacket(
          device,
          text.slice(1),
          () => settle(null),
          (error) => {
            settle(error);
            ws.close();
          },
        );
      } else if (kind === ENGINE_OPEN) {
        ws.send(
          `${ENGINE_MESSAGE}${SOCKET_CONNECT}${NAMESPACE_PREFIX}${JSON.stringify({ deviceToken: device.spec.token })}`,
        );
      }
    });
    ws.on('error', (error) => settle(error));
    ws.on('close', () => {
      settle(new Error('closed before connecting'));
      const wasConnected = device.connected;
      device.connected = false;
      device.ws = null;
      // A phone reconnects (socket.io-client's backoff between these bounds) and resends.
      if (closing || !wasConnected) return;
      reconnect(device);
    });
  });
}

function reconnect(device: Device): void {
  const delay = device.reconnectDelayMs;
  device.reconnectDelayMs = Math.min(delay * 2, RECONNECT_DELAY_MAX_MS);
  setTimeout(() => {
    if (closing) return;
    open(device).catch(() => reconnect(device));
  }, delay);
}

function takeFix(device: Device): void {
  device.step += 1;
  // A slow walk around the start point: a fix the validation accepts (speed, jumps).
  const angle = device.step / 30;
  device.outbox.push({
    fixTimeMs: Date.now(),
    lon: device.spec.lon + Math.cos(angle) * STEP_DEG * 10,
    lat: device.spec.lat + Math.sin(angle) * STEP_DEG * 10,
    accuracyM: ACCURACY_M,
    speedMps: SPEED_MPS,
    headingDeg: null,
  });
  if (device.inFlightId !== 0 && Date.now() - device.inFlightSinceMs > ACK_TIMEOUT_MS) {
    device.inFlightId = 0; // given up: resent with this fix
  }
  send(device);
}

let clockStartMs = 0;
let slotsTaken = 0;

/** The one timer: takes every slot that came due since the last firing, in order. */
function startClock(): void {
  clockStartMs = Date.now();
  setInterval(() => {
    const due = Math.floor((Date.now() - clockStartMs) / SLOT_MS);
    for (; slotsTaken < due; slotsTaken++) {
      for (const device of slots[slotsTaken % TICK_SLOTS]!) takeFix(device);
    }
  }, SLOT_MS);
}

async function grow(message: DevicesGrow): Promise<void> {
  if (clockStartMs === 0) startClock();
  const offset = devices.length;
  const added = message.devices.map((spec, index) => ({
    spec,
    url: socketUrl(message.baseUrls[(offset + index) % message.baseUrls.length]!),
    ws: null,
    connected: false,
    outbox: [],
    inFlightId: 0,
    inFlightSinceMs: 0,
    nextAckId: 0,
    step: 0,
    reconnectDelayMs: RECONNECT_DELAY_MS,
  }));
  let next = 0;
  const connectNext = async (): Promise<void> => {
    while (next < added.length) {
      const device = added[next++]!;
      await open(device);
      devices.push(device);
      // Spread the devices' fixes over the second, as phones' clocks are.
      slots[Math.floor(Math.random() * TICK_SLOTS)]!.push(device);
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, connectNext));
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
      connected: devices.filter((device) => device.connected).length,
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
    closing = true;
    for (const device of devices) device.ws?.close();
    process.exit(0);
  }
});
