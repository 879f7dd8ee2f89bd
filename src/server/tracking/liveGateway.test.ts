/** The /live fan-out against the real server: real socket.io screens, every frame decoded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import { POSITION_TICK_MS } from '../../shared/trackingEvents';
import { DEVICES_API_PATH, USERS_API_PATH, type IssuedDeviceToken } from '../../shared/tracking';
import { startTestDevice } from '../testing/testDevice';
import { startTestServer, type TestServer } from '../testing/testServer';
import { STATUS_SWEEP_MS } from './liveHub';
import { connectTestScreen, waitFor, type TestScreen } from '../testing/testScreen';

const WAIT_MS = 5_000;
/** Long enough for several ticks: a frame that was going to come would have come. */
const QUIET_MS = POSITION_TICK_MS * 3;

let server: TestServer;
let streetA: string;
let streetB: string;
let workersA: number[];
let workersB: number[];
let clockMs = Date.now();
const screens: TestScreen[] = [];

function positionOf(workerId: number, fixTimeMs: number): Position {
  return {
    workerId,
    fixTimeMs,
    lon: 119.26 + workerId * 0.001,
    lat: 26.05 + (fixTimeMs % 1000) * 1e-7,
    accuracyM: 5,
    speedMps: 1.2,
    headingDeg: 90,
    receivedAtMs: fixTimeMs,
  };
}

/** One committed batch with a new fix for every worker (as the ingest does after a commit). */
function commitFixes(workerIds: readonly number[]): number {
  clockMs += 1000;
  server.server.bus.emit(
    'positionsCommitted',
    workerIds.map((workerId) => positionOf(workerId, clockMs)),
  );
  return clockMs;
}

async function screenOf(username: string): Promise<TestScreen> {
  const screen = connectTestScreen(server.baseUrl, await server.login(username));
  screens.push(screen);
  await screen.connected();
  return screen;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startTestServer();
  [streetA, streetB] = server.district.streetCodes as [string, string];
  const half = server.district.baseGridCodes.length / 2;
  workersA = server.district.workerIds.slice(0, half);
  workersB = server.district.workerIds.slice(half);
});

afterAll(async () => {
  for (const screen of screens) screen.close();
  await server.close();
});

describe('/live fan-out', () => {
  it('accepts subscriptions inside the scope and refuses the rest as a whole', async () => {
    const screen = await screenOf('dispatcher');
    expect(await screen.subscribe([streetA, streetB])).toEqual({
      ok: false,
      error: 'out_of_scope',
      refusedGridCodes: [streetB],
    });
    expect(await screen.subscribe(['350102999'])).toMatchObject({
      ok: false,
      error: 'invalid_grid_code',
    });
    const accepted = await screen.subscribe([streetA]);
    expect(accepted.ok).toBe(true);
    if (accepted.ok) {
      expect(accepted.workers.map((worker) => worker.workerId)).toEqual(workersA);
      expect(accepted.workers[0]!.displayName).toBe('网格员1');
    }
    const viewer = await screenOf('viewer');
    const masked = await viewer.subscribe([server.district.districtCode]);
    expect(masked.ok && masked.workers.map((worker) => worker.displayName)).toEqual(
      server.district.workerIds.map(() => '网***'),
    );
  });

  it('never sends a street-A screen a street-B position, before or after a reconnect', async () => {
    const screen = await screenOf('dispatcher');
    screen.socket.on('connect', () => void screen.subscribe([streetA]));
    await screen.subscribe([streetA]);
    const beforeMs = commitFixes([...workersA, ...workersB]);
    await waitFor(
      () => screen.frames.some((frame) => frame.positions.some((p) => p.fixTimeMs === beforeMs)),
      WAIT_MS,
      'a frame before the reconnect',
    );

    screen.socket.io.engine.close(); // the network drops; socket.io reconnects by itself
    await waitFor(() => !screen.socket.connected, WAIT_MS, 'the drop');
    const duringMs = commitFixes([...workersA, ...workersB]);
    await waitFor(() => screen.socket.connected, WAIT_MS, 'the reconnect');
    // The resubscribe brings the newest position of the outage at once.
    await waitFor(
      () => screen.frames.some((frame) => frame.positions.some((p) => p.fixTimeMs === duringMs)),
      WAIT_MS,
      'the newest position after the reconnect',
    );
    const afterMs = commitFixes([...workersA, ...workersB]);
    await waitFor(
      () => screen.frames.some((frame) => frame.positions.some((p) => p.fixTimeMs === afterMs)),
      WAIT_MS,
      'positions continuing after the reconnect',
    );
    expect([...screen.seenWorkerIds()].sort()).toEqual(workersA);
  });

  it('resyncs the directory on reconnect: the answer replaces the set', async () => {
    const screen = await screenOf('admin');
    const first = await screen.subscribe([server.district.districtCode]);
    expect(first.ok && first.workers.length).toBe(server.district.workerIds.length);
    screen.socket.disconnect();
    screen.frames.length = 0;
    screen.socket.connect();
    await screen.connected();
    const again = await screen.subscribe([streetB]);
    expect(again.ok && again.workers.map((worker) => worker.workerId)).toEqual(workersB);
    commitFixes(server.district.workerIds);
    await waitFor(() => screen.frames.length > 0, WAIT_MS, 'a frame');
    await sleep(QUIET_MS);
    expect(screen.seenWorkerIds()).toEqual(new Set(workersB));
  });

  it('sends a slow screen nothing until it acknowledges, then the newest position per worker', async () => {
    const screen = await screenOf('admin');
    screen.holdAcks = true;
    await screen.subscribe([streetA]);
    commitFixes(workersA);
    await waitFor(() => screen.frames.length === 1, WAIT_MS, 'the first frame');
    let newestMs = 0;
    for (let batch = 0; batch < 3; batch++) {
      newestMs = commitFixes(workersA);
      await sleep(POSITION_TICK_MS);
    }
    expect(screen.frames).toHaveLength(1);
    screen.holdAcks = false;
    screen.heldAcks.shift()!();
    await waitFor(() => screen.frames.length === 2, WAIT_MS, 'the catch-up frame');
    expect(screen.frames[1]!.positions.map((p) => [p.workerId, p.fixTimeMs]).sort()).toEqual(
      workersA.map((workerId) => [workerId, newestMs]),
    );
  });

  it('stops the flow at once when a scope is revoked, and refuses it on reconnect', async () => {
    const screen = await screenOf('dispatcher');
    screen.socket.on('connect', () => void screen.subscribe([streetA]));
    await screen.subscribe([streetA]);
    const admin = await server.login('admin');
    const answer = await server.request('PUT', `${USERS_API_PATH}/dispatcher/scopes`, {
      token: admin,
      body: { scopes: [streetB] },
    });
    expect(answer.status).toBe(200);
    await waitFor(() => screen.revoked.length === 1, WAIT_MS, 'scopeRevoked');
    expect(screen.revoked[0]).toEqual([streetA]);
    const framesAtRevoke = screen.frames.length;
    commitFixes(workersA);
    await sleep(QUIET_MS);
    expect(screen.frames).toHaveLength(framesAtRevoke);

    screen.socket.disconnect();
    screen.socket.connect();
    await screen.connected();
    expect(await screen.subscribe([streetA])).toMatchObject({
      ok: false,
      error: 'out_of_scope',
    });
    await server.request('PUT', `${USERS_API_PATH}/dispatcher/scopes`, {
      token: admin,
      body: { scopes: [streetA] },
    });
  });

  it('refuses a scope change by anyone but an admin, and unknown grid codes', async () => {
    const dispatcher = await server.login('dispatcher');
    const admin = await server.login('admin');
    expect(
      (
        await server.request('PUT', `${USERS_API_PATH}/viewer/scopes`, {
          token: dispatcher,
          body: { scopes: [streetA] },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await server.request('PUT', `${USERS_API_PATH}/viewer/scopes`, {
          token: admin,
          body: { scopes: ['350102999'] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await server.request('PUT', `${USERS_API_PATH}/nobody/scopes`, {
          token: admin,
          body: { scopes: [streetA] },
        })
      ).status,
    ).toBe(404);
  });

  it('ends the feed of a session that logged out', async () => {
    const token = await server.login('viewer');
    const screen = connectTestScreen(server.baseUrl, token);
    screens.push(screen);
    await screen.connected();
    await server.request('POST', '/api/auth/logout', { token });
    // The status sweep re-checks every screen's session against the store.
    await waitFor(() => !screen.socket.connected, STATUS_SWEEP_MS * 2, 'the disconnect');
  });

  it('tells subscribers when a worker turns SOS', async () => {
    const screen = await screenOf('admin');
    await screen.subscribe([streetA]);
    server.server.bus.emit('sosChanged', {
      workerId: workersA[0]!,
      active: true,
      atMs: Date.now(),
    });
    await waitFor(() => screen.statuses.some((change) => change.status === 'sos'), WAIT_MS, 'SOS');
    expect(screen.statuses.find((change) => change.status === 'sos')!.workerId).toBe(workersA[0]);
  });

  it("carries a device's fixes through ingest to a subscribed screen", async () => {
    const admin = await server.login('admin');
    const workerId = workersB[1]!;
    const issued = await server.request('POST', DEVICES_API_PATH, {
      token: admin,
      body: { workerId, label: 'fan-out test phone' },
    });
    expect(issued.status).toBe(201);
    const screen = await screenOf('admin');
    await screen.subscribe([streetB]);
    const device = startTestDevice(server.baseUrl, (issued.json as IssuedDeviceToken).token);
    try {
      const fixTimeMs = Date.now() - 1000;
      device.enqueue([
        { fixTimeMs, lon: 119.3, lat: 26.08, accuracyM: 6, speedMps: 1, headingDeg: 45 },
      ]);
      await waitFor(
        () =>
          screen.frames.some((frame) =>
            frame.positions.some((p) => p.workerId === workerId && p.fixTimeMs === fixTimeMs),
          ),
        WAIT_MS,
        'the device fix on the screen',
      );
    } finally {
      device.close();
    }
  });
});
