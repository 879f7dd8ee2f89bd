/**
 * The /device namespace: grid workers' phones and simulators. The middleware admits a live
 * device token only and records which device and worker the socket is; handlers stay thin and
 * never block one another: a batch is checked in microseconds, then waits for the next commit
 * while other devices go on. Incidents add their own handlers on this namespace.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import {
  DEVICE_NAMESPACE,
  LIVE_NAMESPACE,
  MAX_FIXES_PER_BATCH,
  type DeviceClientToServerEvents,
  type DeviceFix,
  type DeviceServerToClientEvents,
  type FixBatchAck,
} from '../../shared/trackingEvents';
import { MAX_FUTURE_SKEW_MS } from '../../domain/tracking/validateFix';
import { SOCKET_UNAUTHORIZED } from '../socket/attachSocketGateway';
import type { BatchWriter } from './batchWriter';
import type { DeviceThrottle } from './deviceThrottle';
import { authenticateDeviceToken } from './deviceTokens';
import type { FixIngestor } from './fixIngestor';
import { OVERSIZED_COUNTER, THROTTLED_COUNTER } from './trackingCounters';
import type { TrackingBus } from './trackingBus';
import type { TrackingRepository } from './trackingRepository';

export interface DeviceSocketData {
  device: { deviceId: number; workerId: number };
}

export type DeviceNamespace = Namespace<
  DeviceClientToServerEvents,
  DeviceServerToClientEvents,
  Record<string, never>,
  DeviceSocketData
>;
type DeviceSocket = Socket<
  DeviceClientToServerEvents,
  DeviceServerToClientEvents,
  Record<string, never>,
  DeviceSocketData
>;

/** When the store failed to commit, the device tries again after this. */
export const RETRY_AFTER_STORE_FAILURE_MS = 1_000;

/** The room of one device's sockets (a token may be used by one phone on several connections). */
export function deviceRoom(deviceId: number): string {
  return `device:${deviceId}`;
}

/** The room of all device sockets of one worker: where tasks for that worker go. */
export function workerDevicesRoom(workerId: number): string {
  return `worker:${workerId}`;
}

/** The device token the socket's handshake carried (anything: authenticateDeviceToken checks). */
function handshakeToken(socket: Socket): unknown {
  const auth: unknown = socket.handshake.auth;
  return typeof auth === 'object' && auth !== null && 'deviceToken' in auth
    ? auth.deviceToken
    : null;
}

function isFixBatch(value: unknown): value is DeviceFix[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_FIXES_PER_BATCH &&
    value.every((fix) => typeof fix === 'object' && fix !== null && !Array.isArray(fix))
  );
}

function isSosRequest(value: unknown): value is { active: boolean; atMs: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'active' in value &&
    typeof value.active === 'boolean' &&
    'atMs' in value &&
    typeof value.atMs === 'number' &&
    Number.isFinite(value.atMs)
  );
}

function unacknowledged(retryAfterMs: number): FixBatchAck {
  return {
    acknowledgedFixTimesMs: [],
    storedCount: 0,
    duplicateCount: 0,
    rejected: [],
    retryAfterMs,
  };
}

export interface DeviceGatewayDependencies {
  tracking: TrackingRepository;
  bus: TrackingBus;
  ingestor: FixIngestor;
  throttle: DeviceThrottle;
  writer: BatchWriter;
  nowMs: () => number;
  onError?: (error: unknown) => void;
}

export class DeviceGateway {
  private io: Server | null = null;
  private namespace: DeviceNamespace | null = null;

  constructor(private readonly deps: DeviceGatewayDependencies) {}

  /** Mounts the namespace on the socket.io server (once). */
  attach(io: Server): DeviceNamespace {
    const namespace = io.of(DEVICE_NAMESPACE) as DeviceNamespace;
    this.io = io;
    this.namespace = namespace;
    namespace.use((socket, next) => {
      authenticateDeviceToken(this.deps.tracking, handshakeToken(socket)).then(
        (device) => {
          if (device === null) {
            next(new Error(SOCKET_UNAUTHORIZED));
            return;
          }
          socket.data.device = device;
          next();
        },
        (error: unknown) => {
          this.report(error);
          next(new Error(SOCKET_UNAUTHORIZED));
        },
      );
    });
    namespace.on('connection', (socket) => this.onConnection(socket));
    return namespace;
  }

  /** Tells the device's sockets their token was revoked, then disconnects them at once. */
  disconnectDevice(deviceId: number): void {
    if (this.namespace === null) return;
    this.namespace.to(deviceRoom(deviceId)).emit('tokenRevoked');
    this.namespace.in(deviceRoom(deviceId)).disconnectSockets(true);
  }

  connectedDeviceCount(): number {
    return this.namespace?.sockets.size ?? 0;
  }

  connectedScreenCount(): number {
    return this.io?.of(LIVE_NAMESPACE).sockets.size ?? 0;
  }

  private onConnection(socket: DeviceSocket): void {
    const { deviceId, workerId } = socket.data.device;
    const joined = socket.join([deviceRoom(deviceId), workerDevicesRoom(workerId)]);
    void Promise.resolve(joined).then(() => this.recheckToken(socket));
    this.deps.bus.emit('deviceConnection', { workerId, connected: true, atMs: this.deps.nowMs() });
    socket.on('disconnect', () => {
      // Connected stays true while another socket of the same worker is still there.
      const stillConnected =
        (this.namespace?.adapter.rooms.get(workerDevicesRoom(workerId))?.size ?? 0) > 0;
      if (!stillConnected) {
        this.deps.bus.emit('deviceConnection', {
          workerId,
          connected: false,
          atMs: this.deps.nowMs(),
        });
      }
    });
    socket.on('fixes', (fixes, ack) => this.onFixes(socket, fixes, ack));
    socket.on('sos', (request, ack) => this.onSos(socket, request, ack));
  }

  /**
   * The handshake read the token before the socket was in its device's room: a revocation that
   * committed in between told the room without this socket (on PostgreSQL the read is a round
   * trip, on SQLite a turn of the event loop). Read again now that it is in the room: a later
   * revocation reaches it there, an earlier one is found here.
   */
  private recheckToken(socket: DeviceSocket): void {
    if (socket.disconnected) return;
    authenticateDeviceToken(this.deps.tracking, handshakeToken(socket)).then(
      (device) => {
        if (device?.deviceId === socket.data.device.deviceId || socket.disconnected) return;
        socket.emit('tokenRevoked');
        socket.disconnect(true);
      },
      (error: unknown) => this.report(error),
    );
  }

  private onFixes(socket: DeviceSocket, fixes: unknown, ack: unknown): void {
    const { deviceId, workerId } = socket.data.device;
    if (typeof ack !== 'function' || !isFixBatch(fixes)) {
      // A well-behaved device chunks its backlog; anything else is refused unread, and the
      // connection dropped so a broken client cannot keep the server busy parsing garbage.
      this.deps.writer.count(OVERSIZED_COUNTER);
      socket.disconnect(true);
      return;
    }
    const answer = ack as (result: FixBatchAck) => void;
    const nowMs = this.deps.nowMs();
    const verdict = this.deps.throttle.take(deviceId, fixes.length, nowMs);
    if (!verdict.ok) {
      this.deps.writer.count(THROTTLED_COUNTER);
      answer(unacknowledged(verdict.retryAfterMs));
      return;
    }
    this.deps.ingestor.ingest(workerId, fixes, nowMs).then(answer, (error: unknown) => {
      this.report(error);
      answer(unacknowledged(RETRY_AFTER_STORE_FAILURE_MS));
    });
  }

  private onSos(socket: DeviceSocket, request: unknown, ack: unknown): void {
    const answer =
      typeof ack === 'function' ? (ack as (result: { ok: boolean }) => void) : () => {};
    // A press from a clock far ahead would win over every later clear ("newest wins").
    if (!isSosRequest(request) || request.atMs > this.deps.nowMs() + MAX_FUTURE_SKEW_MS) {
      answer({ ok: false });
      return;
    }
    const { workerId } = socket.data.device;
    const { active, atMs } = request;
    this.deps.tracking.saveSos(workerId, active, atMs).then(
      () => {
        this.deps.bus.emit('sosChanged', { workerId, active, atMs });
        answer({ ok: true });
      },
      (error: unknown) => {
        this.report(error);
        answer({ ok: false });
      },
    );
  }

  private report(error: unknown): void {
    (this.deps.onError ?? console.error)(error);
  }
}
