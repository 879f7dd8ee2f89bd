/**
 * The incident simulator against the real server: a worker's phone reports on /device, the
 * simulated dispatcher registers it, dispatches it to the nearest worker (whose phone receives the
 * task over the socket), the phone handles and feeds back, and the dispatcher closes, evaluates
 * and archives it — every step through the server's interfaces, with accelerated delays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../src/shared/api';
import type { DeviceTask, IncidentDetail } from '../../../src/shared/incidents';
import type { IssuedDeviceToken } from '../../../src/shared/tracking';
import { startTestDevice } from '../../../src/server/testing/testDevice';
import { startTestServer, type TestServer } from '../../../src/server/testing/testServer';
import type { IncidentPlace } from './incidentPlaces';
import { createSocketTaskDeviceLink } from './socketTaskDeviceLink';
import { startIncidentSimulator, type RunningIncidentSimulator } from './startIncidentSimulator';

const WORKER_ID = 1;
const STEP_WAIT_MS = 5_000;
const POLL_MS = 50;
/** Accelerated: seconds' worth of walking and handling become a few hundred milliseconds. */
const TIMING = { travelMs: () => 100, handlingMs: () => 300 };
/** Long enough that the timer never fires: the test drives the rounds. */
const NO_TIMER_MS = 60 * 60 * 1000;

let server: TestServer;
let admin: string;
let simulator: RunningIncidentSimulator | null = null;
let site: IncidentPlace;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0]);
  if (grid === undefined) throw new Error('no base grid');
  site = { id: 'market:test', kind: 'market', name: '测试菜市场', ...grid.center };
});

afterAll(async () => {
  await simulator?.stop();
  await server?.close();
});

async function detailOf(incidentId: string): Promise<IncidentDetail> {
  const answer = await server.request('GET', `/api/incidents/${incidentId}`, { token: admin });
  expect(answer.status).toBe(200);
  return answer.json as IncidentDetail;
}

async function until<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
  const deadlineMs = Date.now() + STEP_WAIT_MS;
  while (Date.now() < deadlineMs) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('startIncidentSimulator against the real server', () => {
  it('carries a worker-reported incident through the whole loop to archived', async () => {
    const issued = await server.request('POST', '/api/devices', {
      token: admin,
      body: { workerId: WORKER_ID, label: 'simulated phone' },
    });
    expect(issued.status).toBe(201);
    const { token } = issued.json as IssuedDeviceToken;
    // The worker is online and near the site, so dispatch suggests them.
    const gps = startTestDevice(server.baseUrl, token);
    gps.enqueue([{ fixTimeMs: Date.now(), ...site, accuracyM: 5, speedMps: 0, headingDeg: null }]);
    await gps.drained(STEP_WAIT_MS);
    gps.close();

    const tasks: DeviceTask[] = [];
    simulator = await startIncidentSimulator({
      serverUrl: server.baseUrl,
      username: 'admin',
      password: server.password,
      devices: [{ workerId: WORKER_ID, token }],
      places: [site],
      ratePerMinute: 0,
      roundMs: NO_TIMER_MS,
      stepDelayMs: 0,
      timing: TIMING,
      createLink: (device) => {
        const link = createSocketTaskDeviceLink(server.baseUrl, device.token);
        return {
          ...link,
          onTask: (handler) =>
            link.onTask((task) => {
              tasks.push(task);
              handler(task);
            }),
        };
      },
    });
    await until(
      async () => (simulator?.stats().connectedPhones === 1 ? true : null),
      'the phone to connect',
    );

    await simulator.sendReport({
      key: 'test:1',
      atMs: Date.now(),
      place: site,
      categoryCode: 'street_order',
      description: '测试菜市场门口摊贩占道经营',
      source: 'worker',
      lon: site.lon,
      lat: site.lat,
    });
    expect(simulator.stats().reportsSent.worker).toBe(1);
    const list = await server.request('GET', '/api/incidents?state=reported', { token: admin });
    const reported = (list.json as { items: Array<{ id: string; source: string }> }).items;
    expect(reported).toHaveLength(1);
    expect(reported[0]?.source).toBe('worker');
    const incidentId = reported[0]!.id;

    // Register, then dispatch to the suggested worker; the phone gets the task and moves it on.
    await simulator.runRound();
    expect((await detailOf(incidentId)).state).toBe('registered');
    await simulator.runRound();
    await until(
      async () => (tasks.some((task) => task.incidentId === incidentId) ? true : null),
      'the task',
    );
    expect((await detailOf(incidentId)).assigneeUsername).toBe(`worker:${WORKER_ID}`);
    // Verify (or return for rework, after which the phone feeds back again), evaluate, archive.
    for (let round = 0; round < 8; round += 1) {
      const state = await until(async () => {
        const { state } = await detailOf(incidentId);
        return state === 'dispatched' || state === 'handling' ? null : state;
      }, 'the phone to feed back');
      if (state === 'archived') break;
      await simulator.runRound();
    }

    const done = await detailOf(incidentId);
    expect(done.state).toBe('archived');
    const actions = done.history.map((transition) => transition.action);
    expect(actions.slice(0, 5)).toEqual(['report', 'register', 'dispatch', 'accept', 'feed_back']);
    expect(actions.slice(-3)).toEqual(['verify', 'evaluate', 'archive']);
    expect(done.evaluationScore).toBeGreaterThanOrEqual(1);
    const actors = new Set(done.history.map((transition) => transition.actor.username));
    expect(actors).toEqual(new Set([`worker:${WORKER_ID}`, 'admin']));
  });

  it('sends citizens’ reports through Open311 in a resident’s words, with an address', async () => {
    if (simulator === null) throw new Error('the first test starts the simulator');
    const report = {
      atMs: Date.now(),
      categoryCode: 'city_appearance',
      description: '测试菜市场后巷垃圾堆放未及时清运',
      source: 'citizen' as const,
      lon: site.lon,
      lat: site.lat,
    };
    await simulator.sendReport({
      ...report,
      key: 'test:typed',
      place: { ...site, address: '测试路8号' },
    });
    await simulator.sendReport({ ...report, key: 'test:untyped', place: site });
    expect(simulator.stats().reportsSent.citizen).toBe(2);
    const answer = await server.request('GET', '/open311/v2/requests.json?service_code=CM01');
    const requests = answer.json as Array<{ description: string; address: string }>;
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request.description).toContain('测试菜市场后巷垃圾堆放未及时清运');
      expect(request.address).not.toBe('');
    }
    expect(requests.map((request) => request.address)).toContain('测试路8号');
  });

  it('sends a report that jittered out of the district again at its place', async () => {
    if (simulator === null) throw new Error('the first test starts the simulator');
    const before = simulator.stats();
    await simulator.sendReport({
      atMs: Date.now(),
      categoryCode: 'city_appearance',
      description: '测试菜市场门口垃圾满溢',
      source: 'citizen',
      // Half a degree east: outside every base grid, as a point jittered past the edge can be.
      lon: site.lon + 0.5,
      lat: site.lat,
      key: 'test:outside',
      place: site,
    });
    expect(simulator.stats().reportsSent.citizen).toBe(before.reportsSent.citizen + 1);
    expect(simulator.stats().reportsFailed).toBe(before.reportsFailed);
    const answer = await server.request('GET', '/open311/v2/requests.json?service_code=CM01');
    const requests = answer.json as Array<{ description: string; long: number; lat: number }>;
    const resent = requests.find((request) => request.description.includes('门口垃圾满溢'));
    expect(resent).toMatchObject({ long: site.lon, lat: site.lat });
  });
});
