/**
 * The simulated sensors (demo data): each demo sensor connects to /sensor with its own token,
 * uploads the past hour as a backlog, then sends one reading a minute; a reading stays in the
 * outbox until acknowledged (resent on the next tick), as a real sensor would keep it.
 */
import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '../../../src/server/socket/attachSocketGateway';
import {
  MAX_READINGS_PER_BATCH,
  SENSOR_NAMESPACE,
  type SensorClientToServerEvents,
  type SensorReadingInput,
  type SensorServerToClientEvents,
} from '../../../src/shared/emergencyRecords';
import type { DemoSensor } from '../../../src/server/emergency/records/demoSensorTokens';
import { createSensorReadingSource } from './sensorReadings';

export const SENSOR_INTERVAL_MS = 60_000;
/** Readings of the past hour at one a minute, uploaded at the start. */
const BACKLOG_READINGS = 60;
const ACK_TIMEOUT_MS = 10_000;
const SENSOR_SEED = 7;

export interface RunningSensorSimulator {
  stop(): void;
}

export function startSensorSimulator(options: {
  serverUrl: string;
  sensors: readonly DemoSensor[];
  nowMs?: () => number;
  intervalMs?: number;
}): RunningSensorSimulator {
  const nowMs = options.nowMs ?? Date.now;
  const intervalMs = options.intervalMs ?? SENSOR_INTERVAL_MS;
  const stops = options.sensors.map((sensor) => {
    const source = createSensorReadingSource(
      sensor.sensorId,
      sensor.sensorType,
      sensor.threshold,
      SENSOR_SEED,
    );
    const socket: Socket<SensorServerToClientEvents, SensorClientToServerEvents> = io(
      new URL(SENSOR_NAMESPACE, options.serverUrl).href,
      {
        path: SOCKET_PATH,
        transports: ['websocket'],
        auth: { deviceToken: sensor.token },
        forceNew: true,
      },
    );
    const startMs = Math.floor(nowMs() / intervalMs) * intervalMs;
    const outbox = new Map<number, SensorReadingInput>();
    for (let back = BACKLOG_READINGS; back >= 0; back--) {
      const atMs = startMs - back * intervalMs;
      outbox.set(atMs, { atMs, value: source.readingAt(atMs) });
    }
    let sending = false;
    const flush = () => {
      if (sending || !socket.connected || outbox.size === 0) return;
      sending = true;
      const batch = [...outbox.values()].slice(0, MAX_READINGS_PER_BATCH);
      socket.timeout(ACK_TIMEOUT_MS).emit('readings', batch, (error, ack) => {
        sending = false;
        if (error !== null) return;
        for (const atMs of ack.acknowledgedAtMs) outbox.delete(atMs);
        flush();
      });
    };
    socket.on('connect', flush);
    socket.on('tokenRevoked', () => socket.close());
    const timer = setInterval(() => {
      const atMs = Math.floor(nowMs() / intervalMs) * intervalMs;
      outbox.set(atMs, { atMs, value: source.readingAt(atMs) });
      flush();
    }, intervalMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      socket.close();
    };
  });
  return { stop: () => stops.forEach((stop) => stop()) };
}
