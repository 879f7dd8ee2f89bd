/**
 * A device for tests, as a phone behaves: it connects to /device with its token, keeps every fix
 * in an outbox until the server acknowledges it, sends the outbox in batches of at most
 * MAX_FIXES_PER_BATCH (one batch in flight), resends after a timeout or a reconnect, and waits
 * `retryAfterMs` when throttled. Test support only.
 */
import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '../socket/attachSocketGateway';
import {
  DEVICE_NAMESPACE,
  MAX_FIXES_PER_BATCH,
  type DeviceClientToServerEvents,
  type DeviceFix,
  type DeviceServerToClientEvents,
  type FixBatchAck,
} from '../../shared/trackingEvents';

export type DeviceSocket = Socket<DeviceServerToClientEvents, DeviceClientToServerEvents>;

const DEFAULT_ACK_TIMEOUT_MS = 2_000;
const RECONNECT_DELAY_MS = 100;
const RECONNECT_DELAY_MAX_MS = 500;
const RESEND_DELAY_MS = 50;
const POLL_MS = 20;

export interface TestDeviceOptions {
  ackTimeoutMs?: number;
  /** Start sending only when `resume()` is called. */
  paused?: boolean;
}

export interface TestDevice {
  socket: DeviceSocket;
  /** Puts fixes in the outbox; they are sent until acknowledged. */
  enqueue(fixes: readonly DeviceFix[]): void;
  /** Fix times of every fix ever enqueued. */
  readonly enqueuedFixTimesMs: readonly number[];
  /** Every acknowledgement received, in order. */
  readonly acks: readonly FixBatchAck[];
  /** Fixes not acknowledged yet. */
  outboxSize(): number;
  resume(): void;
  /** Resolves once the outbox is empty. */
  drained(timeoutMs: number): Promise<void>;
  close(): void;
}

/** Connects a raw device socket (no outbox): for auth and protocol tests. */
export function connectDeviceSocket(baseUrl: string, deviceToken: string): DeviceSocket {
  return io(baseUrl + DEVICE_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    auth: { deviceToken },
    reconnectionDelay: RECONNECT_DELAY_MS,
    reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
    forceNew: true,
  });
}

export function startTestDevice(
  baseUrl: string,
  deviceToken: string,
  options: TestDeviceOptions = {},
): TestDevice {
  const ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const socket = connectDeviceSocket(baseUrl, deviceToken);
  const outbox = new Map<number, DeviceFix>();
  const enqueued: number[] = [];
  const acks: FixBatchAck[] = [];
  let paused = options.paused ?? false;
  let inFlight = false;
  /** Bumped on every send and disconnect, so a late answer to an abandoned send is ignored. */
  let generation = 0;
  let resendTimer: NodeJS.Timeout | null = null;
  let closed = false;

  function pumpLater(delayMs: number): void {
    if (resendTimer !== null || closed) return;
    resendTimer = setTimeout(() => {
      resendTimer = null;
      pump();
    }, delayMs);
  }

  function pump(): void {
    if (closed || paused || inFlight || !socket.connected || outbox.size === 0) return;
    const batch = [...outbox.values()].slice(0, MAX_FIXES_PER_BATCH);
    inFlight = true;
    generation += 1;
    const sent = generation;
    socket.timeout(ackTimeoutMs).emit('fixes', batch, (error: Error | null, ack: FixBatchAck) => {
      if (sent !== generation) return;
      inFlight = false;
      if (error !== null) {
        pumpLater(RESEND_DELAY_MS);
        return;
      }
      acks.push(ack);
      for (const fixTimeMs of ack.acknowledgedFixTimesMs) outbox.delete(fixTimeMs);
      if (ack.retryAfterMs !== null) pumpLater(ack.retryAfterMs);
      else pump();
    });
  }

  socket.on('connect', pump);
  socket.on('disconnect', () => {
    generation += 1;
    inFlight = false;
  });

  return {
    socket,
    enqueue(fixes) {
      for (const fix of fixes) {
        outbox.set(fix.fixTimeMs, fix);
        enqueued.push(fix.fixTimeMs);
      }
      pump();
    },
    enqueuedFixTimesMs: enqueued,
    acks,
    outboxSize: () => outbox.size,
    resume() {
      paused = false;
      pump();
    },
    async drained(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (outbox.size > 0) {
        if (Date.now() > deadline) {
          throw new Error(`device outbox still holds ${outbox.size} fixes after ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    close() {
      closed = true;
      if (resendTimer !== null) clearTimeout(resendTimer);
      socket.disconnect();
    },
  };
}

/** A walk east at `stepM` metres per fix, one fix per `intervalMs`: plausible for validation. */
export function walkingFixes(options: {
  startMs: number;
  count: number;
  intervalMs?: number;
  stepM?: number;
  origin?: { lon: number; lat: number };
  firstIndex?: number;
}): DeviceFix[] {
  const intervalMs = options.intervalMs ?? 1_000;
  const stepM = options.stepM ?? 1;
  const origin = options.origin ?? { lon: 119.29, lat: 26.08 };
  const metresPerDegreeLon = 111_320 * Math.cos((origin.lat * Math.PI) / 180);
  const fixes: DeviceFix[] = [];
  const first = options.firstIndex ?? 0;
  for (let index = first; index < first + options.count; index++) {
    fixes.push({
      fixTimeMs: options.startMs + index * intervalMs,
      lon: origin.lon + (index * stepM) / metresPerDegreeLon,
      lat: origin.lat,
      accuracyM: 5,
      speedMps: stepM / (intervalMs / 1000),
      headingDeg: 90,
    });
  }
  return fixes;
}
