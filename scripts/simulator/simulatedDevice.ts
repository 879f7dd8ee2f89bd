/**
 * A simulated phone's upload loop: fixes go into the outbox, one batch (≤ MAX_FIXES_PER_BATCH) is
 * in flight at a time, acknowledged fixes leave the outbox and the rest are sent again; a
 * throttled answer (`retryAfterMs`) is honoured, a missing answer (timeout, lost connection) is
 * retried after a short delay or on reconnect. Injected faults decide when the phone is silent,
 * what goes on the wire and when the connection drops. A revoked or refused token ends the device.
 * The transport is an interface so the loop is tested without a server (deviceTransport.ts has
 * the socket.io one).
 */
import {
  MAX_FIXES_PER_BATCH,
  type DeviceFix,
  type FixBatchAck,
} from '../../src/shared/trackingEvents';
import { DeviceOutbox } from './deviceOutbox';
import type { FaultInjector, InjectedFaultCounts } from './faultInjector';

export interface DeviceTransportEvents {
  onConnect(): void;
  onDisconnect(reason: string): void;
  /** The server said the token was revoked. */
  onTokenRevoked(): void;
  /** The server refused the handshake (unknown or revoked token); no retry will follow. */
  onRefused(reason: string): void;
}

export interface DeviceTransport {
  connect(): void;
  disconnect(): void;
  isConnected(): boolean;
  /** Resolves with the acknowledgement; rejects when none comes in time or the link drops. */
  sendFixes(batch: DeviceFix[]): Promise<FixBatchAck>;
  sendSos(active: boolean, atMs: number): Promise<void>;
  /** Disconnects for good and drops every listener. */
  close(): void;
}

export type DeviceState = 'running' | 'revoked' | 'refused' | 'stopped';

export interface DeviceCounts {
  generatedFixes: number;
  sentFixes: number;
  batches: number;
  acknowledgedFixes: number;
  storedFixes: number;
  duplicateFixes: number;
  rejectedFixes: number;
  throttledBatches: number;
  unansweredBatches: number;
}

export const ZERO_DEVICE_COUNTS: Readonly<DeviceCounts> = {
  generatedFixes: 0,
  sentFixes: 0,
  batches: 0,
  acknowledgedFixes: 0,
  storedFixes: 0,
  duplicateFixes: 0,
  rejectedFixes: 0,
  throttledBatches: 0,
  unansweredBatches: 0,
};

/** After an unanswered batch, or one whose answer acknowledged nothing, wait this long. */
export const RESEND_DELAY_MS = 1_000;

export interface SimulatedDeviceOptions {
  workerId: number;
  createTransport: (events: DeviceTransportEvents) => DeviceTransport;
  faults: FaultInjector;
  maxBatchSize?: number;
  resendDelayMs?: number;
  log?: (line: string) => void;
}

export class SimulatedDevice {
  readonly outbox = new DeviceOutbox();
  readonly counts: DeviceCounts = { ...ZERO_DEVICE_COUNTS };
  readonly workerId: number;
  private currentState: DeviceState = 'running';
  private readonly transport: DeviceTransport;
  private readonly faults: FaultInjector;
  private readonly maxBatchSize: number;
  private readonly resendDelayMs: number;
  private readonly log: (line: string) => void;
  private inFlight = false;
  private notBeforeMs = 0;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: SimulatedDeviceOptions) {
    this.workerId = options.workerId;
    this.faults = options.faults;
    this.maxBatchSize = Math.min(options.maxBatchSize ?? MAX_FIXES_PER_BATCH, MAX_FIXES_PER_BATCH);
    this.resendDelayMs = options.resendDelayMs ?? RESEND_DELAY_MS;
    this.log = options.log ?? (() => undefined);
    this.transport = options.createTransport({
      onConnect: () => this.pump(),
      onDisconnect: () => undefined,
      onTokenRevoked: () => this.end('revoked', 'token revoked'),
      onRefused: (reason) => this.end('refused', `connection refused (${reason})`),
    });
  }

  get state(): DeviceState {
    return this.currentState;
  }

  get faultCounts(): Readonly<InjectedFaultCounts> {
    return this.faults.counts;
  }

  isConnected(): boolean {
    return this.currentState === 'running' && this.transport.isConnected();
  }

  start(): void {
    this.transport.connect();
  }

  /** New fixes from the receiver (in any order); they are sent as the link allows. */
  record(fixes: readonly DeviceFix[]): void {
    if (this.currentState !== 'running') return;
    this.counts.generatedFixes += fixes.length;
    this.outbox.add(fixes);
    this.pump();
  }

  /** Applies time-driven faults (reconnects, SOS) and sends what is due. */
  tick(nowMs: number): void {
    if (this.currentState !== 'running') return;
    if (this.faults.reconnectDue(nowMs) && this.transport.isConnected()) {
      this.transport.disconnect();
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (this.currentState === 'running') this.transport.connect();
      }, this.faults.reconnectDelayMs());
    }
    const sos = this.faults.sosChange(nowMs);
    if (sos !== null && this.transport.isConnected()) {
      this.transport.sendSos(sos, nowMs).catch(() => undefined);
    }
    this.pump();
  }

  stop(): void {
    this.end('stopped', null);
  }

  private end(state: DeviceState, reason: string | null): void {
    if (this.currentState !== 'running') return;
    this.currentState = state;
    if (reason !== null) this.log(`worker ${this.workerId}: ${reason}; device stopped`);
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.transport.close();
  }

  private wakeAt(atMs: number): void {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = null;
        this.pump();
      },
      Math.max(0, atMs - Date.now()),
    );
  }

  /** Sends the next batch when nothing is in flight and nothing holds the device back. */
  private pump(): void {
    if (this.inFlight || this.currentState !== 'running') return;
    if (!this.transport.isConnected() || this.outbox.size === 0) return;
    const nowMs = Date.now();
    if (nowMs < this.notBeforeMs) {
      this.wakeAt(this.notBeforeMs);
      return;
    }
    const silentUntilMs = this.faults.silentUntil(nowMs);
    if (silentUntilMs !== null) {
      this.wakeAt(silentUntilMs);
      return;
    }
    const skipCount =
      this.outbox.size > 1 && this.faults.delaysOlderPart()
        ? Math.min(this.maxBatchSize, Math.ceil(this.outbox.size / 2))
        : 0;
    const batch = this.faults.garble(
      this.outbox.peek(this.maxBatchSize, skipCount),
      this.maxBatchSize,
    );
    this.inFlight = true;
    this.counts.batches++;
    this.counts.sentFixes += batch.length;
    this.transport
      .sendFixes(batch)
      .then(
        (ack) => this.onAck(ack),
        () => {
          this.counts.unansweredBatches++;
          this.notBeforeMs = Date.now() + this.resendDelayMs;
        },
      )
      .finally(() => {
        this.inFlight = false;
        this.pump();
      });
  }

  private onAck(ack: FixBatchAck): void {
    const removed = this.outbox.acknowledge(ack.acknowledgedFixTimesMs);
    this.counts.acknowledgedFixes += removed;
    this.counts.storedFixes += ack.storedCount;
    this.counts.duplicateFixes += ack.duplicateCount;
    this.counts.rejectedFixes += ack.rejected.length;
    if (ack.retryAfterMs !== null && ack.retryAfterMs > 0) {
      this.counts.throttledBatches++;
      this.notBeforeMs = Date.now() + ack.retryAfterMs;
    } else if (removed === 0) {
      this.notBeforeMs = Date.now() + this.resendDelayMs;
    }
  }
}
