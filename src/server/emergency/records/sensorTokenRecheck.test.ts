/**
 * A sensor token revoked while the socket's handshake is reading it: the revocation tells the
 * sensor's room before the socket is in it, so the gateway reads the token again once it is, and
 * the socket's readings wait for that answer.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SENSOR_NAMESPACE,
  type SensorClientToServerEvents,
  type SensorReadingsAck,
  type SensorServerToClientEvents,
} from '../../../shared/emergencyRecords';
import { SOCKET_PATH } from '../../socket/attachSocketGateway';
import type { SensorRepository } from './emergencyRecordRepository';
import { SensorGateway } from './sensorGateway';
import type { SensorIngest } from './sensorIngest';

const SENSOR_ID = 7;
const WAIT_MS = 3_000;

let httpServer: HttpServer | null = null;
let io: Server | null = null;

afterEach(async () => {
  io?.disconnectSockets(true);
  io?.engine.close();
  await new Promise((resolve) => (httpServer === null ? resolve(null) : httpServer.close(resolve)));
  httpServer = null;
  io = null;
});

/** A gateway whose first token read (the handshake's) answers only when `releaseFirstRead`. */
async function startGateway(isRevoked: () => boolean) {
  let reads = 0;
  let ingested = 0;
  let releaseFirstRead: () => void = () => {};
  const firstReadReleased = new Promise<void>((resolve) => (releaseFirstRead = resolve));
  let firstReadStarted: () => void = () => {};
  const firstRead = new Promise<void>((resolve) => (firstReadStarted = resolve));
  const sensors: Pick<SensorRepository, 'sensorIdByTokenHash'> = {
    async sensorIdByTokenHash() {
      reads += 1;
      if (reads === 1) {
        firstReadStarted();
        await firstReadReleased;
        return SENSOR_ID;
      }
      return isRevoked() ? null : SENSOR_ID;
    },
  };
  const ingest = {
    ingest: async (): Promise<SensorReadingsAck> => {
      ingested += 1;
      return { acknowledgedAtMs: [1], storedCount: 1, duplicateCount: 0, rejected: [] };
    },
  } as unknown as SensorIngest;
  const gateway = new SensorGateway({
    sensors,
    ingest,
    nowMs: () => Date.now(),
    onError: (error) => {
      throw error;
    },
  });
  httpServer = createServer();
  io = new Server(httpServer, { path: SOCKET_PATH });
  gateway.attach(io);
  await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const socket: Socket<SensorServerToClientEvents, SensorClientToServerEvents> = connect(
    `http://127.0.0.1:${port}${SENSOR_NAMESPACE}`,
    {
      path: SOCKET_PATH,
      transports: ['websocket'],
      auth: { deviceToken: 'a-sensor-token' },
      reconnection: false,
      forceNew: true,
    },
  );
  return {
    gateway,
    socket,
    firstRead,
    releaseFirstRead,
    reads: () => reads,
    ingested: () => ingested,
  };
}

const timeout = <T>(value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), WAIT_MS));

describe('SensorGateway', () => {
  it('disconnects a sensor whose token was revoked while its handshake read it', async () => {
    let revoked = false;
    const started = await startGateway(() => revoked);
    const { socket } = started;
    try {
      const told = new Promise<void>((resolve) => socket.once('tokenRevoked', resolve));
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await started.firstRead;
      // The revocation commits and tells the sensor's room, which the socket has not joined.
      revoked = true;
      started.gateway.disconnectSensor(SENSOR_ID);
      started.releaseFirstRead();
      const outcome = await Promise.race([
        Promise.all([told, disconnected]).then(([, reason]) => reason),
        timeout('still connected'),
      ]);
      expect(outcome).toBe('io server disconnect');
      expect(started.reads()).toBe(2);
      expect(started.ingested()).toBe(0);
    } finally {
      socket.close();
    }
  });

  it('answers readings sent the moment a live sensor connects', async () => {
    const started = await startGateway(() => false);
    const { socket } = started;
    try {
      started.releaseFirstRead();
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      const ack = await Promise.race([
        new Promise<SensorReadingsAck>((resolve) =>
          socket.emit('readings', [{ atMs: 1, value: 2 }], resolve),
        ),
        timeout(null),
      ]);
      expect(ack?.storedCount).toBe(1);
      expect(started.reads()).toBe(2);
    } finally {
      socket.close();
    }
  });
});
