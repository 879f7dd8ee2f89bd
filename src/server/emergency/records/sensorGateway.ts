/**
 * The /sensor namespace: gas detectors and PM2.5 monitors, admitted like phones on /device — a
 * live device token of their own (sha-256 stored, decision 0004), the sensor's id taken from the
 * token, never from the payload. A batch that is not an array of at most MAX_READINGS_PER_BATCH
 * entries, or comes without an ack, is a protocol violation and the socket is dropped.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import {
  MAX_READINGS_PER_BATCH,
  SENSOR_NAMESPACE,
  type SensorClientToServerEvents,
  type SensorReadingsAck,
  type SensorServerToClientEvents,
} from '../../../shared/emergencyRecords';
import { SOCKET_UNAUTHORIZED } from '../../socket/attachSocketGateway';
import { DeviceThrottle } from '../../tracking/deviceThrottle';
import { hashDeviceToken } from '../../tracking/deviceTokens';
import type { SensorRepository } from './emergencyRecordRepository';
import type { SensorIngest } from './sensorIngest';

interface SensorSocketData {
  sensorId: number;
}

type SensorNamespace = Namespace<
  SensorClientToServerEvents,
  SensorServerToClientEvents,
  Record<string, never>,
  SensorSocketData
>;
type SensorSocket = Socket<
  SensorClientToServerEvents,
  SensorServerToClientEvents,
  Record<string, never>,
  SensorSocketData
>;

/**
 * A sensor's bucket: a day of one-a-minute readings (a long outage's backlog) at once, then ten
 * a second. The same token bucket as the phones' (decision 0004), sized for sensors.
 */
export const SENSOR_BURST_READINGS = 1_440;
export const SENSOR_REFILL_READINGS_PER_S = 10;

const NOTHING_READ = { acknowledgedAtMs: [], storedCount: 0, duplicateCount: 0, rejected: [] };

export function sensorRoom(sensorId: number): string {
  return `sensor:${sensorId}`;
}

export class SensorGateway {
  private namespace: SensorNamespace | null = null;
  private readonly throttle = new DeviceThrottle({
    burstFixes: SENSOR_BURST_READINGS,
    refillFixesPerS: SENSOR_REFILL_READINGS_PER_S,
  });

  constructor(
    private readonly deps: {
      sensors: Pick<SensorRepository, 'sensorIdByTokenHash'>;
      ingest: SensorIngest;
      nowMs: () => number;
      onError: (error: unknown) => void;
    },
  ) {}

  attach(io: Server): void {
    const namespace = io.of(SENSOR_NAMESPACE) as SensorNamespace;
    this.namespace = namespace;
    namespace.use((socket, next) => {
      this.sensorOf(socket.handshake.auth).then(
        (sensorId) => {
          if (sensorId === null) {
            next(new Error(SOCKET_UNAUTHORIZED));
            return;
          }
          socket.data.sensorId = sensorId;
          next();
        },
        (error: unknown) => {
          this.deps.onError(error);
          next(new Error(SOCKET_UNAUTHORIZED));
        },
      );
    });
    namespace.on('connection', (socket) => this.onConnection(socket));
  }

  /** Tells a sensor's sockets their token was revoked, then drops them. */
  disconnectSensor(sensorId: number): void {
    this.namespace?.to(sensorRoom(sensorId)).emit('tokenRevoked');
    this.namespace?.in(sensorRoom(sensorId)).disconnectSockets(true);
  }

  private async sensorOf(auth: unknown): Promise<number | null> {
    const token =
      typeof auth === 'object' && auth !== null && 'deviceToken' in auth ? auth.deviceToken : null;
    if (typeof token !== 'string' || token === '') return null;
    return this.deps.sensors.sensorIdByTokenHash(hashDeviceToken(token));
  }

  private onConnection(socket: SensorSocket): void {
    const sensorId = socket.data.sensorId;
    // The token was read before the socket joined its room: one revoked meanwhile (its
    // disconnect went to the room before this socket was in it) is caught by reading it again
    // once joined. Readings wait for that answer; the handler is there from the start, so a
    // batch sent at once is not lost.
    const admitted = Promise.resolve(socket.join(sensorRoom(sensorId)))
      .then(() => this.sensorOf(socket.handshake.auth))
      .then(
        (stillLive) => stillLive === sensorId,
        (error: unknown) => {
          this.deps.onError(error);
          return false;
        },
      );
    void admitted.then((live) => {
      if (live) return;
      socket.emit('tokenRevoked');
      socket.disconnect(true);
    });
    socket.on('readings', (readings: unknown, ack: unknown) => {
      if (
        typeof ack !== 'function' ||
        !Array.isArray(readings) ||
        readings.length > MAX_READINGS_PER_BATCH
      ) {
        socket.disconnect(true);
        return;
      }
      const answer = ack as (result: SensorReadingsAck) => void;
      void admitted.then((live) => {
        if (live) this.take(sensorId, readings, answer);
      });
    });
  }

  private take(
    sensorId: number,
    readings: unknown[],
    answer: (result: SensorReadingsAck) => void,
  ): void {
    const verdict = this.throttle.take(sensorId, readings.length, this.deps.nowMs());
    if (!verdict.ok) {
      answer({ ...NOTHING_READ, retryAfterMs: verdict.retryAfterMs });
      return;
    }
    this.deps.ingest.ingest(sensorId, readings).then(answer, (error: unknown) => {
      // Nothing acknowledged: the sensor keeps its outbox and sends again.
      this.deps.onError(error);
      answer(NOTHING_READ);
    });
  }
}
