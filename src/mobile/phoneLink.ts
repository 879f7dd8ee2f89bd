/**
 * The phone's connection to /device, on the same protocol as the simulated phones: fixes go out
 * from the outbox oldest first, a batch at a time, and are forgotten when acknowledged (resent
 * otherwise, no sooner than the server asks when it throttles); reports and task steps go out from
 * the outbox and are forgotten once answered; tasks arrive as `task` events (again after every
 * reconnect until handled). A report's or feedback's photos are uploaded first (commandPhotos.ts).
 * Connection, tasks and counts are written to the phone store.
 */
import { io, type Socket } from 'socket.io-client';
import {
  DEVICE_PHOTOS_API_PATH,
  type DeviceIncidentResult,
  type DeviceTask,
} from '../shared/incidents';
import {
  DEVICE_NAMESPACE,
  MAX_FIXES_PER_BATCH,
  type DeviceClientToServerEvents,
  type DeviceServerToClientEvents,
  type FixBatchAck,
} from '../shared/trackingEvents';
import {
  DEVICE_REGISTER_REQUESTS_API_PATH,
  type RegisterRequestReceipt,
  type RegisterRequestSubmission,
} from '../shared/registerRequests';
import { uploadCommandPhotos, type PhotoUploadAnswer } from './commandPhotos';
import type { PendingCommand, PhoneOutbox } from './phoneOutbox';

type DeviceSocket = Socket<DeviceServerToClientEvents, DeviceClientToServerEvents>;

/** How long an unanswered emit waits before the outbox tries again. */
export const ACK_TIMEOUT_MS = 10_000;
/** After an unanswered or unacknowledged batch, wait this long before resending. */
const RESEND_DELAY_MS = 5_000;
const HTTP_SERVER_ERROR_MIN = 500;

export interface PhoneLinkEvents {
  connection(state: 'connecting' | 'online' | 'offline'): void;
  task(task: DeviceTask): void;
  /** A report or step the server answered (ok or refused for good). */
  answered(command: PendingCommand, result: DeviceIncidentResult): void;
  pending(counts: { fixes: number; commands: number }): void;
  revoked(): void;
}

export class PhoneLink {
  private socket: DeviceSocket | null = null;
  private deviceToken = '';
  private flushing = false;
  private notBeforeMs = 0;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly outbox: PhoneOutbox,
    private readonly events: PhoneLinkEvents,
    private readonly baseUrl = '',
  ) {}

  connect(deviceToken: string): void {
    this.close();
    this.deviceToken = deviceToken;
    this.events.connection('connecting');
    const socket: DeviceSocket = io(`${this.baseUrl}${DEVICE_NAMESPACE}`, {
      auth: { deviceToken },
      transports: ['websocket', 'polling'],
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.events.connection('online');
      this.notBeforeMs = 0;
      void this.flush();
    });
    socket.on('disconnect', () => this.events.connection('offline'));
    socket.on('connect_error', () => this.events.connection('offline'));
    socket.on('task', (task) => this.events.task(task));
    socket.on('tokenRevoked', () => {
      this.close();
      this.events.revoked();
    });
    // The phone says the network is gone: stop at once instead of waiting out a ping timeout
    // (work goes to the outbox meanwhile), and come back as soon as it returns.
    globalThis.addEventListener?.('offline', this.onOffline);
    globalThis.addEventListener?.('online', this.onOnline);
  }

  private readonly onOffline = (): void => {
    this.socket?.disconnect();
    this.events.connection('offline');
  };

  private readonly onOnline = (): void => {
    if (this.socket === null || this.socket.connected) return;
    this.events.connection('connecting');
    this.socket.connect();
  };

  /** Sends what the outbox holds now (call after adding to it). */
  async flush(): Promise<void> {
    const socket = this.socket;
    if (this.flushing) return;
    if (socket === null || !socket.connected) {
      // Nothing goes out now; the screen still shows what waits.
      await this.reportPending();
      return;
    }
    const waitMs = this.notBeforeMs - Date.now();
    if (waitMs > 0) {
      this.wakeIn(waitMs);
      return;
    }
    this.flushing = true;
    try {
      await this.sendCommands(socket);
      await this.sendFixes(socket);
    } finally {
      this.flushing = false;
      await this.reportPending();
    }
  }

  /** Raises or clears SOS; false when it could not reach the server (offline, no answer). */
  async sos(active: boolean, atMs: number): Promise<boolean> {
    const socket = this.socket;
    if (socket === null || !socket.connected) return false;
    const answer = await emitWithTimeout<{ ok: boolean }>(socket, (ack) =>
      socket.emit('sos', { active, atMs }, ack),
    );
    return answer?.ok === true;
  }

  close(): void {
    globalThis.removeEventListener?.('offline', this.onOffline);
    globalThis.removeEventListener?.('online', this.onOnline);
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.socket?.close();
    this.socket = null;
  }

  private wakeIn(delayMs: number): void {
    if (this.wakeTimer !== null) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      void this.flush();
    }, delayMs);
  }

  /** Tells the screen what waits in the outbox. */
  async reportPending(): Promise<void> {
    this.events.pending({
      fixes: await this.outbox.fixCount(),
      commands: await this.outbox.commandCount(),
    });
  }

  private async sendCommands(socket: DeviceSocket): Promise<void> {
    for (const waiting of await this.outbox.commands()) {
      const command = await uploadCommandPhotos(waiting, this.outbox, this.uploadPhoto);
      if (command === null) {
        this.backOff(RESEND_DELAY_MS);
        return;
      }
      const result =
        command.kind === 'register'
          ? await this.postCollection(command.submission)
          : await emitWithTimeout<DeviceIncidentResult>(socket, (ack) =>
              command.kind === 'report'
                ? socket.emit('reportIncident', command.report, ack)
                : socket.emit('taskCommand', command.command, ack),
            );
      if (result === null) {
        this.backOff(RESEND_DELAY_MS);
        return;
      }
      await this.outbox.removeCommand(command.clientRef);
      this.events.answered(command, result);
    }
  }

  /**
   * A visit log or change request over REST with the device token: the server stores a client id
   * once, so a resend after a lost answer is harmless. Null (try again later) when the network or
   * the server failed; a refusal (4xx) is final and reported.
   */
  private async postCollection(
    submission: RegisterRequestSubmission,
  ): Promise<DeviceIncidentResult | null> {
    try {
      const answer = await fetch(`${this.baseUrl}${DEVICE_REGISTER_REQUESTS_API_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Device ${this.deviceToken}`,
        },
        body: JSON.stringify(submission),
      });
      if (answer.ok) {
        const receipt = (await answer.json()) as RegisterRequestReceipt;
        return { ok: true, incidentId: String(receipt.id) };
      }
      if (answer.status === 401 || answer.status >= HTTP_SERVER_ERROR_MIN) return null;
      const body = (await answer.json().catch(() => ({}))) as { error?: string; message?: string };
      return { ok: false, error: body.error ?? String(answer.status), message: body.message ?? '' };
    } catch {
      return null;
    }
  }

  /** One photo to the server with the device token (see commandPhotos.ts). */
  private readonly uploadPhoto = async (photo: Blob): Promise<PhotoUploadAnswer> => {
    try {
      const answer = await fetch(`${this.baseUrl}${DEVICE_PHOTOS_API_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', authorization: `Device ${this.deviceToken}` },
        body: photo,
      });
      if (answer.status === 400 || answer.status === 413 || answer.status === 415) return 'refused';
      if (!answer.ok) return null;
      return (await answer.json()) as { photoId: string };
    } catch {
      return null;
    }
  };

  private async sendFixes(socket: DeviceSocket): Promise<void> {
    for (;;) {
      const batch = await this.outbox.oldestFixes(MAX_FIXES_PER_BATCH);
      if (batch.length === 0 || !socket.connected) return;
      const ack = await emitWithTimeout<FixBatchAck>(socket, (answer) =>
        socket.emit('fixes', batch, answer),
      );
      if (ack === null) {
        this.backOff(RESEND_DELAY_MS);
        return;
      }
      await this.outbox.acknowledgeFixes(ack.acknowledgedFixTimesMs);
      if (ack.retryAfterMs !== null && ack.retryAfterMs > 0) {
        this.backOff(ack.retryAfterMs);
        return;
      }
      if (ack.acknowledgedFixTimesMs.length === 0) {
        this.backOff(RESEND_DELAY_MS);
        return;
      }
    }
  }

  private backOff(delayMs: number): void {
    this.notBeforeMs = Date.now() + delayMs;
    this.wakeIn(delayMs);
  }
}

/**
 * An emit's answer, or null when none came within ACK_TIMEOUT_MS or the connection dropped first
 * (the outbox keeps the item; it goes out again after the reconnect).
 */
function emitWithTimeout<T>(
  socket: DeviceSocket,
  send: (ack: (answer: T) => void) => void,
): Promise<T | null> {
  return new Promise((resolve) => {
    const settle = (answer: T | null) => {
      clearTimeout(timer);
      socket.off('disconnect', dropped);
      resolve(answer);
    };
    const dropped = () => settle(null);
    const timer = setTimeout(dropped, ACK_TIMEOUT_MS);
    socket.once('disconnect', dropped);
    send((answer) => settle(answer));
  });
}
