/** @isolated: bounds a device's acknowledgement in wall-clock time (vitest.config.ts). */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  DEVICES_API_PATH,
  TRACKING_STATS_API_PATH,
  type IssuedDeviceToken,
  type TrackingStats,
} from '../../shared/tracking';
import {
  DEVICE_NAMESPACE,
  MAX_FIXES_PER_BATCH,
  type DeviceFix,
  type FixBatchAck,
} from '../../shared/trackingEvents';
import { SOCKET_MAX_MESSAGE_BYTES } from '../socket/attachSocketGateway';
import {
  connectDeviceSocket,
  startTestDevice,
  walkingFixes,
  type DeviceSocket,
} from '../testing/testDevice';
import { startTestServer, type TestServer } from '../testing/testServer';

const CONNECT_TIMEOUT_MS = 5_000;
const MINUTE_MS = 60_000;
const FLOOD_INTERVAL_MS = 5;
const CALM_FIXES = 20;
const CALM_INTERVAL_MS = 50;
const CALM_ACK_BOUND_MS = 500;

let server: TestServer;
let adminToken: string;

async function issueToken(workerId: number): Promise<IssuedDeviceToken> {
  const answer = await server.request('POST', DEVICES_API_PATH, {
    token: adminToken,
    body: { workerId, label: `test phone of ${workerId}` },
  });
  expect(answer.status).toBe(201);
  return answer.json as IssuedDeviceToken;
}

function connected(socket: DeviceSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function sendFixes(socket: DeviceSocket, fixes: unknown): Promise<FixBatchAck> {
  return socket.timeout(CONNECT_TIMEOUT_MS).emitWithAck('fixes', fixes as DeviceFix[]);
}

async function stats(): Promise<TrackingStats> {
  const answer = await server.request('GET', TRACKING_STATS_API_PATH, { token: adminToken });
  expect(answer.status).toBe(200);
  return answer.json as TrackingStats;
}

async function storedTrack(workerId: number): Promise<number[]> {
  const track = await server.server.stores.tracking.trackOf(workerId, 0, Number.MAX_SAFE_INTEGER);
  return track.map((position) => position.fixTimeMs);
}

beforeAll(async () => {
  server = await startTestServer();
  adminToken = await server.login('admin');
});

afterAll(async () => {
  await server?.close();
});

describe('/device authentication', () => {
  it('refuses a connection without a token, with an unknown one, and with a revoked one', async () => {
    for (const token of ['', 'not-a-token']) {
      const socket = connectDeviceSocket(server.baseUrl, token);
      await expect(connected(socket)).rejects.toThrow('unauthorized');
      socket.close();
    }
    const issued = await issueToken(server.district.workerIds[0]!);
    const revoke = await server.request('DELETE', `${DEVICES_API_PATH}/${issued.deviceId}`, {
      token: adminToken,
    });
    expect(revoke.status).toBe(204);
    const socket = connectDeviceSocket(server.baseUrl, issued.token);
    await expect(connected(socket)).rejects.toThrow('unauthorized');
    socket.close();
  });

  it('tells a connected device its token was revoked and disconnects it at once', async () => {
    const issued = await issueToken(server.district.workerIds[0]!);
    const socket = connectDeviceSocket(server.baseUrl, issued.token);
    await connected(socket);
    const revoked = new Promise<void>((resolve) => socket.once('tokenRevoked', resolve));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const answer = await server.request('DELETE', `${DEVICES_API_PATH}/${issued.deviceId}`, {
      token: adminToken,
    });
    expect(answer.status).toBe(204);
    await revoked;
    expect(await disconnected).toBe('io server disconnect');
    const again = await server.request('DELETE', `${DEVICES_API_PATH}/${issued.deviceId}`, {
      token: adminToken,
    });
    expect(again.status).toBe(404);
  });

  it('lets only an administrator manage devices and read the counters', async () => {
    const viewer = await server.login('viewer');
    expect((await server.request('GET', DEVICES_API_PATH, { token: viewer })).status).toBe(403);
    expect((await server.request('GET', TRACKING_STATS_API_PATH, { token: viewer })).status).toBe(
      403,
    );
    const post = await server.request('POST', DEVICES_API_PATH, {
      token: viewer,
      body: { workerId: 1, label: 'x' },
    });
    expect(post.status).toBe(403);
    const list = await server.request('GET', DEVICES_API_PATH, { token: adminToken });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('token"');
    const unknownWorker = await server.request('POST', DEVICES_API_PATH, {
      token: adminToken,
      body: { workerId: 9999, label: 'phone' },
    });
    expect(unknownWorker.status).toBe(404);
  });
});

describe('/device fixes', () => {
  it('stores out-of-order fixes in fix-time order, once each, and counts resends as duplicates', async () => {
    const workerId = server.district.workerIds[1]!;
    const issued = await issueToken(workerId);
    const socket = connectDeviceSocket(server.baseUrl, issued.token);
    await connected(socket);
    const before = await stats();
    const fixes = walkingFixes({ startMs: Date.now() - 10 * MINUTE_MS, count: 20 });
    const shuffled = [...fixes.slice(10), ...fixes.slice(0, 10).reverse()];
    const first = await sendFixes(socket, shuffled);
    expect(first.storedCount).toBe(20);
    expect(first.duplicateCount).toBe(0);
    expect([...first.acknowledgedFixTimesMs].sort()).toEqual(
      fixes.map((fix) => fix.fixTimeMs).sort(),
    );
    // A resend (lost ack) and a repeat inside one batch: acknowledged, stored once, not rejections.
    const resend = await sendFixes(socket, [...fixes.slice(0, 5), fixes[0]!]);
    expect(resend.storedCount).toBe(0);
    expect(resend.duplicateCount).toBe(6);
    expect(resend.rejected).toEqual([]);
    expect(await storedTrack(workerId)).toEqual(fixes.map((fix) => fix.fixTimeMs));
    const after = await stats();
    expect(after.storedFixes - before.storedFixes).toBe(20);
    expect(after.duplicateFixes - before.duplicateFixes).toBe(6);
    socket.close();
  });

  it('rejects future, NaN, out-of-range and impossible-jump fixes, acknowledged and counted per reason', async () => {
    const workerId = server.district.workerIds[2]!;
    const issued = await issueToken(workerId);
    const socket = connectDeviceSocket(server.baseUrl, issued.token);
    await connected(socket);
    const before = await stats();
    const nowMs = Date.now();
    const [good] = walkingFixes({ startMs: nowMs - MINUTE_MS, count: 1 });
    const bad: DeviceFix[] = [
      { ...good!, fixTimeMs: nowMs + 10 * MINUTE_MS },
      { ...good!, fixTimeMs: nowMs - 50 * MINUTE_MS, lon: Number.NaN },
      { ...good!, fixTimeMs: nowMs - 51 * MINUTE_MS, lat: 91 },
      { ...good!, fixTimeMs: nowMs - 52 * MINUTE_MS, lon: 181 },
      // 0.1° east one second later: kilometres in a second.
      { ...good!, fixTimeMs: good!.fixTimeMs + 1_000, lon: good!.lon + 0.1 },
    ];
    const ack = await sendFixes(socket, [good, ...bad]);
    expect(ack.storedCount).toBe(1);
    expect(ack.acknowledgedFixTimesMs).toHaveLength(6);
    expect(ack.rejected.map((rejection) => rejection.reason)).toEqual([
      'fix_time_in_future',
      'not_finite',
      'lat_out_of_range',
      'lon_out_of_range',
      'impossible_jump',
    ]);
    const after = await stats();
    for (const reason of [
      'fix_time_in_future',
      'not_finite',
      'lat_out_of_range',
      'lon_out_of_range',
      'impossible_jump',
    ] as const) {
      expect(after.rejectedByReason[reason] - before.rejectedByReason[reason]).toBe(1);
    }
    expect(await storedTrack(workerId)).toEqual([good!.fixTimeMs]);
    socket.close();
  });

  it('refuses an oversized or malformed batch unread and drops the connection', async () => {
    const workerId = server.district.workerIds[3]!;
    const issued = await issueToken(workerId);
    const before = await stats();
    for (const payload of [
      walkingFixes({ startMs: Date.now() - 20 * MINUTE_MS, count: MAX_FIXES_PER_BATCH + 1 }),
      'not a batch',
    ]) {
      const socket = connectDeviceSocket(server.baseUrl, issued.token);
      await connected(socket);
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      socket.emit('fixes', payload as DeviceFix[], () => {});
      expect(await disconnected).toBe('io server disconnect');
      socket.close();
    }
    // Counts join the next commit (one tick later).
    await expect.poll(async () => (await stats()).oversizedFrames - before.oversizedFrames).toBe(2);
    expect(await storedTrack(workerId)).toEqual([]);
  });

  it('throttles a flooding device while another device is still acknowledged promptly', async () => {
    const [floodWorker, calmWorker] = [
      server.district.workerIds[0]!,
      server.district.workerIds[3]!,
    ];
    // Both tokens first: a socket that connects while the next token is issued would connect
    // before `connected` listens.
    const [floodToken, calmToken] = [await issueToken(floodWorker), await issueToken(calmWorker)];
    const flood = connectDeviceSocket(server.baseUrl, floodToken.token);
    const calm = startTestDevice(server.baseUrl, calmToken.token);
    // Closed however the test ends: left open, they would count in the next test's devices.
    onTestFinished(() => {
      flood.close();
      calm.close();
    });
    await Promise.all([connected(flood), connected(calm.socket)]);
    const before = await stats();
    const startMs = Date.now() - 40 * 60 * MINUTE_MS;
    // About 100,000 fixes a second from one device for as long as the calm device is measured.
    const floodAcks: Array<Promise<FixBatchAck>> = [];
    const floodTimer = setInterval(() => {
      const fixes = walkingFixes({
        startMs,
        count: MAX_FIXES_PER_BATCH,
        firstIndex: floodAcks.length * MAX_FIXES_PER_BATCH,
        intervalMs: 100,
        stepM: 0.1,
      });
      floodAcks.push(sendFixes(flood, fixes));
    }, FLOOD_INTERVAL_MS);
    const calmLatenciesMs: number[] = [];
    const calmStartMs = Date.now() - MINUTE_MS;
    for (let index = 0; index < CALM_FIXES; index++) {
      await new Promise((resolve) => setTimeout(resolve, CALM_INTERVAL_MS));
      const sentAtMs = Date.now();
      calm.enqueue(walkingFixes({ startMs: calmStartMs, count: 1, firstIndex: index }));
      await calm.drained(CONNECT_TIMEOUT_MS);
      calmLatenciesMs.push(Date.now() - sentAtMs);
    }
    clearInterval(floodTimer);
    const floodBatches = floodAcks.length;
    const answers = await Promise.all(floodAcks);
    const throttled = answers.filter((answer) => answer.retryAfterMs !== null);
    expect(throttled.length).toBeGreaterThan(floodBatches / 2);
    expect(throttled.every((answer) => answer.acknowledgedFixTimesMs.length === 0)).toBe(true);
    expect(Math.max(...calmLatenciesMs)).toBeLessThan(CALM_ACK_BOUND_MS);
    await expect
      .poll(async () => (await stats()).throttledBatches - before.throttledBatches)
      .toBe(throttled.length);
    expect(await storedTrack(calmWorker)).toEqual(
      walkingFixes({ startMs: calmStartMs, count: CALM_FIXES }).map((fix) => fix.fixTimeMs),
    );
  });

  it('drops a frame larger than the socket limit before parsing it, and keeps serving', async () => {
    const issued = await issueToken(server.district.workerIds[3]!);
    const socket = connectDeviceSocket(server.baseUrl, issued.token);
    socket.io.reconnection(false);
    await connected(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const [fix] = walkingFixes({ startMs: Date.now() - MINUTE_MS, count: 1 });
    const giant = [{ ...fix!, padding: 'x'.repeat(SOCKET_MAX_MESSAGE_BYTES) }];
    socket.emit('fixes', giant, () => {});
    expect(await disconnected).toBe('transport close');
    socket.close();
    const again = connectDeviceSocket(server.baseUrl, issued.token);
    await connected(again);
    expect((await sendFixes(again, [fix])).acknowledgedFixTimesMs).toEqual([fix!.fixTimeMs]);
    again.close();
  });

  it("publishes a worker's connection, and its disconnection only when no device of it is left", async () => {
    const workerId = server.district.workerIds[2]!;
    const token = (await issueToken(workerId)).token;
    const changes: boolean[] = [];
    const stop = server.server.bus.on('deviceConnection', (change) => {
      if (change.workerId === workerId) changes.push(change.connected);
    });
    const phone = connectDeviceSocket(server.baseUrl, token);
    const tablet = connectDeviceSocket(server.baseUrl, token);
    await Promise.all([connected(phone), connected(tablet)]);
    expect(changes).toEqual([true, true]);
    expect((await stats()).connectedDevices).toBe(
      server.server.io.of(DEVICE_NAMESPACE).sockets.size,
    );
    expect((await stats()).connectedDevices).toBeGreaterThanOrEqual(2);
    phone.close();
    await expect.poll(() => server.server.io.of(DEVICE_NAMESPACE).sockets.size).toBe(1);
    expect(changes).toEqual([true, true]);
    tablet.close();
    await expect.poll(() => changes).toEqual([true, true, false]);
    stop();
  });

  it('persists SOS and publishes it on the bus', async () => {
    const workerId = server.district.workerIds[0]!;
    const socket = connectDeviceSocket(server.baseUrl, (await issueToken(workerId)).token);
    await connected(socket);
    const changes: Array<{ workerId: number; active: boolean }> = [];
    const stop = server.server.bus.on('sosChanged', (change) => changes.push(change));
    const atMs = Date.now();
    expect(
      await socket.timeout(CONNECT_TIMEOUT_MS).emitWithAck('sos', { active: true, atMs }),
    ).toEqual({ ok: true });
    expect(changes).toEqual([{ workerId, active: true, atMs }]);
    for (const invalid of [
      { active: 'yes', atMs },
      { active: false, atMs: atMs + 10 * MINUTE_MS },
    ]) {
      const answer = await socket
        .timeout(CONNECT_TIMEOUT_MS)
        .emitWithAck('sos', invalid as { active: boolean; atMs: number });
      expect(answer).toEqual({ ok: false });
    }
    expect(changes).toHaveLength(1);
    expect(await server.server.stores.tracking.activeSos()).toEqual([{ workerId, atMs }]);
    stop();
    socket.close();
  });
});
