/**
 * Sensors over /sensor on the real server: device-token authentication, validation, dedupe by
 * (sensor, time), one incident per sustained exceedance, and the stale flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
  EMERGENCY_RECORDS_PATH,
  SENSOR_NAMESPACE,
  type EmergencyRecordView,
  type SensorClientToServerEvents,
  type SensorReadingInput,
  type SensorReadingsAck,
  type SensorServerToClientEvents,
} from '../../../shared/emergencyRecords';
import { SOCKET_PATH } from '../../socket/attachSocketGateway';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { runTestSql } from '../../testing/testSql';
import { flagStaleSensors } from './sensorStaleJob';

type SensorSocket = Socket<SensorServerToClientEvents, SensorClientToServerEvents>;

const MINUTE_MS = 60_000;
const THRESHOLD_PPM = 10;

let server: TestServer;
let sensor: EmergencyRecordView;
let token: string;
const sockets: SensorSocket[] = [];

function connect(deviceToken: string): SensorSocket {
  const socket: SensorSocket = io(server.baseUrl + SENSOR_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    auth: { deviceToken },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

function connected(socket: SensorSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function send(socket: SensorSocket, readings: unknown[]): Promise<SensorReadingsAck> {
  return new Promise((resolve) =>
    socket.emit('readings', readings as SensorReadingInput[], resolve),
  );
}

async function sensorIncidents(): Promise<
  Array<{ id: string; description: string; state: string }>
> {
  return (await runTestSql(
    server,
    "SELECT id, description, state FROM incidents WHERE source = 'sensor' ORDER BY seq",
  )) as Array<{ id: string; description: string; state: string }>;
}

beforeAll(async () => {
  server = await startTestServer();
  const [site] = await runTestSql(
    server,
    'SELECT origin_lon AS lon, origin_lat AS lat FROM buildings ORDER BY id LIMIT 1',
  );
  const admin = await server.login('admin');
  const created = await server.request('POST', EMERGENCY_RECORDS_PATH, {
    token: admin,
    body: {
      kind: 'sensor',
      name: '1号氯气探测器',
      location: site,
      attributes: {
        sensorType: 'toxic_gas',
        substance: 'chlorine',
        threshold: THRESHOLD_PPM,
        unit: 'ppm',
      },
    },
  });
  sensor = created.json as EmergencyRecordView;
  const issued = await server.request('POST', `${EMERGENCY_RECORDS_PATH}/${sensor.id}/token`, {
    token: admin,
  });
  token = (issued.json as { token: string }).token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

describe('sensor ingest', () => {
  it('refuses a connection without a live sensor token', async () => {
    await expect(connected(connect('not-a-token'))).rejects.toThrow('unauthorized');
    await expect(connected(connect(''))).rejects.toThrow('unauthorized');
  });

  it('stores valid readings once and names each refused one', async () => {
    const socket = connect(token);
    await connected(socket);
    const baseMs = Date.now() - 30 * MINUTE_MS;
    const first = await send(socket, [
      { atMs: baseMs, value: 1 },
      { atMs: baseMs, value: 1 },
      { atMs: baseMs + MINUTE_MS, value: -4 },
      { atMs: Date.now() + 10 * MINUTE_MS, value: 1 },
      { atMs: 'soon', value: 1 },
      'garbage',
    ]);
    expect(first.storedCount).toBe(1);
    expect(first.duplicateCount).toBe(1);
    expect(first.rejected.map((entry) => entry.reason)).toEqual([
      'value-out-of-range',
      'time-in-future',
      'time-invalid',
      'not-an-object',
    ]);
    const resent = await send(socket, [{ atMs: baseMs, value: 1 }]);
    expect(resent).toMatchObject({ storedCount: 0, duplicateCount: 1, acknowledgedAtMs: [baseMs] });
  });

  it('raises one incident for a sustained exceedance, none for a spike, none twice', async () => {
    const socket = connect(token);
    await connected(socket);
    const baseMs = Date.now() - 20 * MINUTE_MS;
    // A spike: one reading over, then back under.
    await send(socket, [
      { atMs: baseMs, value: 25 },
      { atMs: baseMs + MINUTE_MS, value: 2 },
    ]);
    expect(await sensorIncidents()).toHaveLength(0);
    // Over the threshold for three readings across two minutes: one incident.
    for (let step = 2; step <= 4; step++) {
      await send(socket, [{ atMs: baseMs + step * MINUTE_MS, value: 12 + step }]);
    }
    const raised = await sensorIncidents();
    expect(raised).toHaveLength(1);
    expect(raised[0]!.description).toContain('1号氯气探测器');
    expect(raised[0]!.description).toContain('16 ppm');
    // Still over for another five minutes, and a resent batch: no second incident.
    for (let step = 5; step <= 9; step++) {
      await send(socket, [{ atMs: baseMs + step * MINUTE_MS, value: 30 }]);
    }
    await send(socket, [{ atMs: baseMs + 9 * MINUTE_MS, value: 30 }]);
    expect(await sensorIncidents()).toHaveLength(1);

    const viewer = await server.login('viewer');
    const list = await server.request('GET', `${EMERGENCY_RECORDS_PATH}?kind=sensor`, {
      token: viewer,
    });
    const [view] = list.json as EmergencyRecordView[];
    expect(view!.sensor).toEqual({
      lastReadingAtMs: baseMs + 9 * MINUTE_MS,
      lastValue: 30,
      stale: false,
      alarmIncidentId: raised[0]!.id,
    });
  });

  it('raises a new incident for a later exceedance once the first is no longer open', async () => {
    const [first] = await sensorIncidents();
    const admin = await server.login('admin');
    const rejected = await server.request('POST', `/api/incidents/${first!.id}/transitions`, {
      token: admin,
      body: { command: { action: 'reject', note: '设备误报' } },
    });
    expect(rejected.status).toBe(200);
    const socket = connect(token);
    await connected(socket);
    const baseMs = Date.now() - 8 * MINUTE_MS;
    for (let step = 0; step <= 3; step++) {
      await send(socket, [{ atMs: baseMs + step * MINUTE_MS, value: 40 }]);
    }
    const raised = await sensorIncidents();
    expect(raised).toHaveLength(2);
    expect(raised[1]!.id).not.toBe(first!.id);
  });

  it('flags a silent sensor stale, once, and the next reading clears it', async () => {
    const store = server.server.stores.sensors;
    const last = (await store.sensorState(sensor.id))!;
    expect(await flagStaleSensors(store, last.lastReadingMs! + MINUTE_MS)).toEqual([]);
    expect(await flagStaleSensors(store, last.lastReadingMs! + 11 * MINUTE_MS)).toEqual([
      sensor.id,
    ]);
    expect(await flagStaleSensors(store, last.lastReadingMs! + 12 * MINUTE_MS)).toEqual([]);
    expect((await store.sensorState(sensor.id))!.stale).toBe(true);
    const socket = connect(token);
    await connected(socket);
    await send(socket, [{ atMs: Date.now() - 1_000, value: 1 }]);
    const viewer = await server.login('viewer');
    const list = await server.request('GET', `${EMERGENCY_RECORDS_PATH}?kind=sensor`, {
      token: viewer,
    });
    expect((list.json as EmergencyRecordView[])[0]!.sensor!.stale).toBe(false);
  });

  it('drops a sensor whose token is revoked and refuses the token afterwards', async () => {
    const socket = connect(token);
    await connected(socket);
    const revokedNotice = new Promise<void>((resolve) => socket.once('tokenRevoked', resolve));
    const admin = await server.login('admin');
    const viewer = await server.login('viewer');
    const refused = await server.request('DELETE', `${EMERGENCY_RECORDS_PATH}/${sensor.id}/token`, {
      token: viewer,
    });
    expect(refused.status).toBe(403);
    const revoked = await server.request('DELETE', `${EMERGENCY_RECORDS_PATH}/${sensor.id}/token`, {
      token: admin,
    });
    expect(revoked.json).toEqual({ revoked: 1 });
    await revokedNotice;
    await expect(connected(connect(token))).rejects.toThrow('unauthorized');
  });

  it('throttles a flooding sensor: nothing read, a time to retry after', async () => {
    const admin = await server.login('admin');
    const issued = await server.request('POST', `${EMERGENCY_RECORDS_PATH}/${sensor.id}/token`, {
      token: admin,
    });
    const socket = connect((issued.json as { token: string }).token);
    await connected(socket);
    const startMs = Date.now() - 3 * 24 * 3_600_000;
    const batch = (index: number) =>
      Array.from({ length: 500 }, (_, offset) => ({
        atMs: startMs + (index * 500 + offset) * 1_000,
        value: 1,
      }));
    expect((await send(socket, batch(0))).storedCount).toBe(500);
    expect((await send(socket, batch(1))).storedCount).toBe(500);
    const throttled = await send(socket, batch(2));
    expect(throttled.storedCount).toBe(0);
    expect(throttled.acknowledgedAtMs).toEqual([]);
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
  });
});
