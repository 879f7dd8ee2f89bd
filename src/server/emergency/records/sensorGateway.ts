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

export function sensorRoom(sensorId: number): string {
  return `sensor:${sensorId}`;
}

export class SensorGateway {
  private namespace: SensorNamespace | null = null;

  constructor(
    private readonly deps: {
      sensors: Pick<SensorRepository, 'sensorIdByTokenHash'>;
      ingest: SensorIngest;
      onError: (error: unknown) => void;
    },
  ) {}

  attach(io: Server): void {
    const namespace = io.of(SENSOR_NAMESPACE) as SensorNamespace;
    this.namespace = namespace;
    namespace.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      const token =
        typeof auth === 'object' && auth !== null && 'deviceToken' in auth
          ? auth.deviceToken
          : null;
      const sensorId =
        typeof token === 'string' && token !== ''
          ? this.deps.sensors.sensorIdByTokenHash(hashDeviceToken(token))
          : null;
      if (sensorId === null) {
        next(new Error(SOCKET_UNAUTHORIZED));
        return;
      }
      socket.data.sensorId = sensorId;
      next();
    });
    namespace.on('connection', (socket) => this.onConnection(socket));
  }

  /** Tells a sensor's sockets their token was revoked, then drops them. */
  disconnectSensor(sensorId: number): void {
    this.namespace?.to(sensorRoom(sensorId)).emit('tokenRevoked');
    this.namespace?.in(sensorRoom(sensorId)).disconnectSockets(true);
  }

  private onConnection(socket: SensorSocket): void {
    void socket.join(sensorRoom(socket.data.sensorId));
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
      try {
        answer(this.deps.ingest.ingest(socket.data.sensorId, readings));
      } catch (error) {
        // Nothing acknowledged: the sensor keeps its outbox and sends again.
        this.deps.onError(error);
        answer({ acknowledgedAtMs: [], storedCount: 0, duplicateCount: 0, rejected: [] });
      }
    });
  }
}
