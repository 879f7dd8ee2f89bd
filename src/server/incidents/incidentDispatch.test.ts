/**
 * Dispatch against the real server: suggestions ranked by walking time on a known small street
 * network, the confirmed dispatch reaching the worker's connected device (and again after a
 * reconnect), device reports and task commands, and arrival on site by geofence.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ARRIVAL_DWELL_MS } from '../../domain/incidents/arrivalGeofence';
import { toLonLat } from '../../domain/geo/localFrame';
import type { LonLat } from '../../domain/registry';
import type { GridNode } from '../../shared/api';
import type {
  ConfirmDispatchResponse,
  CreateIncidentResponse,
  DeviceIncidentResult,
  DeviceTask,
  DispatchSuggestionsResponse,
  IncidentDetail,
} from '../../shared/incidents';
import type { IssuedDeviceToken } from '../../shared/tracking';
import { insertTestServerRoads } from '../testing/basemapFixtures';
import { startTestDevice, type TestDevice } from '../testing/testDevice';
import { waitFor } from '../testing/testScreen';
import { startTestServer, type TestServer } from '../testing/testServer';
import { WALKING_SPEED_MPS } from './streetNetwork';

const WAIT_MS = 5_000;

let server: TestServer;
let admin: string;
let dispatcher: string;
let site: LonLat;
const devices: TestDevice[] = [];

function at(eastM: number, northM: number): LonLat {
  return toLonLat(site, eastM, northM);
}

function line(...points: Array<[number, number]>): number[][] {
  return points.map(([eastM, northM]) => {
    const { lon, lat } = at(eastM, northM);
    return [lon, lat];
  });
}

async function issueToken(workerId: number): Promise<string> {
  const answer = await server.request('POST', '/api/devices', {
    token: admin,
    body: { workerId, label: `test phone ${workerId}` },
  });
  expect(answer.status).toBe(201);
  return (answer.json as IssuedDeviceToken).token;
}

function deviceWithTasks(token: string): { device: TestDevice; tasks: DeviceTask[] } {
  const device = startTestDevice(server.baseUrl, token);
  devices.push(device);
  const tasks: DeviceTask[] = [];
  device.socket.on('task', (task) => tasks.push(task));
  return { device, tasks };
}

async function placeWorker(token: string, place: LonLat): Promise<void> {
  const { device } = deviceWithTasks(token);
  device.enqueue([
    { fixTimeMs: Date.now(), ...place, accuracyM: 5, speedMps: 0, headingDeg: null },
  ]);
  await device.drained(WAIT_MS);
  device.close();
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  dispatcher = await server.login('dispatcher');
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0]);
  if (grid === undefined) throw new Error('no base grid');
  site = grid.center;
  // A street through the site (east–west), and a lane 150 m north of it that reaches the street
  // only by a side road 500 m east: close as the crow flies, far on foot.
  await insertTestServerRoads(server, [
    line([-600, 0], [600, 0]),
    line([0, 150], [500, 150]),
    line([500, 0], [500, 150]),
  ]);
});

afterAll(async () => {
  for (const device of devices) device.close();
  await server?.close();
});

async function registeredIncident(): Promise<string> {
  const created = await server.request('POST', '/api/incidents', {
    token: dispatcher,
    body: { categoryCode: 'street_order', ...site, description: 'stall on the crossing' },
  });
  expect(created.status).toBe(201);
  const { id } = (created.json as CreateIncidentResponse).incident;
  const registered = await server.request('POST', `/api/incidents/${id}/transitions`, {
    token: dispatcher,
    body: { command: { action: 'register' } },
  });
  expect(registered.status).toBe(200);
  return id;
}

describe('dispatch', () => {
  let incidentId = '';
  let workerOneToken = '';
  let workerTwoToken = '';

  it('suggests available workers by walking time along the streets', async () => {
    workerOneToken = await issueToken(1);
    workerTwoToken = await issueToken(2);
    await placeWorker(workerOneToken, at(300, 0));
    await placeWorker(workerTwoToken, at(0, 150));
    incidentId = await registeredIncident();

    const answer = await server.request(
      'GET',
      `/api/incidents/${incidentId}/dispatch-suggestions`,
      { token: dispatcher },
    );
    expect(answer.status).toBe(200);
    const { suggestions } = answer.json as DispatchSuggestionsResponse;
    expect(suggestions.map((entry) => entry.workerId)).toEqual([1, 2]);
    const [first, second] = suggestions;
    expect(first).toMatchObject({
      assigneeUsername: 'worker:1',
      displayName: '网格员1',
      status: 'online',
      routeKind: 'network',
      inIncidentGrid: true,
    });
    expect(first?.distanceM).toBeCloseTo(300, 0);
    expect(first?.durationS).toBeCloseTo(300 / WALKING_SPEED_MPS, 0);
    // The lane's worker is 150 m away in a straight line but 1,150 m on foot.
    expect(second?.distanceM).toBeCloseTo(500 + 150 + 500, 0);
    expect(second?.routeKind).toBe('network');
    expect(second?.inIncidentGrid).toBe(false);

    const viewer = await server.login('viewer');
    const refused = await server.request(
      'GET',
      `/api/incidents/${incidentId}/dispatch-suggestions`,
      { token: viewer },
    );
    expect(refused.status).toBe(403);
  });

  it('sends the confirmed task to the worker’s device, and again after a reconnect', async () => {
    const { tasks } = deviceWithTasks(workerOneToken);
    await waitFor(() => devices.at(-1)?.socket.connected === true, WAIT_MS, 'device connected');
    const confirmed = await server.request('POST', `/api/incidents/${incidentId}/dispatch`, {
      token: dispatcher,
      body: { workerId: 1, note: 'nearest on foot' },
    });
    expect(confirmed.status).toBe(200);
    const { incident, devicesNotified } = confirmed.json as ConfirmDispatchResponse;
    expect(devicesNotified).toBe(1);
    expect(incident).toMatchObject({ state: 'dispatched', assigneeUsername: 'worker:1' });
    expect(incident.department).toContain('网格工作站');
    await waitFor(() => tasks.length === 1, WAIT_MS, 'task on the device');
    expect(tasks[0]).toMatchObject({
      incidentId,
      categoryCode: 'street_order',
      dueAtMs: incident.dueAtMs,
      dispatchedAtMs: incident.dispatchedAtMs,
    });

    devices.at(-1)?.close();
    const again = deviceWithTasks(workerOneToken);
    await waitFor(() => again.tasks.length === 1, WAIT_MS, 'task again after reconnect');
    expect(again.tasks[0]?.incidentId).toBe(incidentId);

    // A dispatch through the transitions route reaches the device too.
    const other = await registeredIncident();
    const stepped = await server.request('POST', `/api/incidents/${other}/transitions`, {
      token: dispatcher,
      body: { command: { action: 'dispatch', assigneeUsername: 'worker:1', department: 'office' } },
    });
    expect(stepped.status).toBe(200);
    await waitFor(() => again.tasks.length === 2, WAIT_MS, 'task of a dispatch by transition');
    expect(again.tasks[1]?.incidentId).toBe(other);

    const twice = await server.request('POST', `/api/incidents/${incidentId}/dispatch`, {
      token: dispatcher,
      body: { workerId: 2 },
    });
    expect(twice.status).toBe(409);
  });

  it('takes the worker’s handle and feedback from the device, only from the assignee', async () => {
    const mine = devices.at(-1);
    const other = deviceWithTasks(workerTwoToken).device;
    await waitFor(() => other.socket.connected && mine?.socket.connected === true, WAIT_MS, 'both');
    const command = (action: 'handle' | 'feedback') => ({
      incidentId,
      action,
      note: 'on it',
      atMs: Date.now(),
    });
    const notMine = (await other.socket
      .timeout(WAIT_MS)
      .emitWithAck('taskCommand', command('handle'))) as DeviceIncidentResult;
    expect(notMine).toMatchObject({ ok: false, error: 'not_assignee' });
    const accepted = (await mine?.socket
      .timeout(WAIT_MS)
      .emitWithAck('taskCommand', command('handle'))) as DeviceIncidentResult;
    expect(accepted).toEqual({ ok: true, incidentId });
    const detail = (await server.request('GET', `/api/incidents/${incidentId}`, { token: admin }))
      .json as IncidentDetail;
    expect(detail.state).toBe('handling');
    expect(detail.history.at(-1)?.actor).toEqual({ username: 'worker:1', role: 'grid_worker' });
    const bad = (await mine?.socket
      .timeout(WAIT_MS)
      .emitWithAck('taskCommand', { incidentId } as never)) as DeviceIncidentResult;
    expect(bad).toMatchObject({ ok: false, error: 'invalid_payload' });
  });

  it('creates a device report once however often it is resent', async () => {
    const device = devices.at(-1);
    const report = {
      clientRef: 'phone-2-report-1',
      categoryCode: 'safety_hazard',
      ...at(20, 0),
      description: 'loose manhole cover',
      reportedAtMs: Date.now(),
    };
    const first = (await device?.socket
      .timeout(WAIT_MS)
      .emitWithAck('reportIncident', report)) as DeviceIncidentResult;
    const resent = (await device?.socket
      .timeout(WAIT_MS)
      .emitWithAck('reportIncident', report)) as DeviceIncidentResult;
    expect(first.ok).toBe(true);
    expect(resent).toEqual(first);
    if (!first.ok) return;
    const detail = (
      await server.request('GET', `/api/incidents/${first.incidentId}`, {
        token: admin,
      })
    ).json as IncidentDetail;
    expect(detail).toMatchObject({
      source: 'worker',
      gridCode: server.district.baseGridCodes[0],
      description: 'loose manhole cover',
    });
    expect(detail.history[0]?.actor).toEqual({ username: 'worker:2', role: 'grid_worker' });
    const outside = (await device?.socket.timeout(WAIT_MS).emitWithAck('reportIncident', {
      ...report,
      clientRef: 'far',
      lon: 10,
      lat: 10,
    })) as DeviceIncidentResult;
    expect(outside).toMatchObject({ ok: false, error: 'outside_district' });
  });

  it('records the assignee’s arrival on site once they stay inside the geofence', async () => {
    const before = (await server.request('GET', `/api/incidents/${incidentId}`, { token: admin }))
      .json as IncidentDetail;
    expect(before.arrivals).toEqual([]);
    const startMs = Math.max(Date.now(), before.dispatchedAtMs ?? 0) + 1_000;
    const stepMs = 10_000;
    const fixes = Array.from({ length: ARRIVAL_DWELL_MS / stepMs + 2 }, (_, index) => ({
      workerId: 1,
      fixTimeMs: startMs + index * stepMs,
      ...at(index === 0 ? 200 : 5, 0),
      accuracyM: 5,
      speedMps: null,
      headingDeg: null,
      receivedAtMs: startMs + index * stepMs,
    }));
    // Someone else standing there is not the assignee arriving.
    server.server.bus.emit(
      'positionsCommitted',
      fixes.map((fix) => ({ ...fix, workerId: 2 })),
    );
    server.server.bus.emit('positionsCommitted', fixes.slice(0, 3));
    server.server.bus.emit('positionsCommitted', fixes.slice(3));
    server.server.bus.emit('positionsCommitted', fixes.slice(3));
    // The checks run in the background, one after another (arrivalWatcher): on PostgreSQL the
    // answer may come before they are done.
    await vi.waitFor(async () => {
      const after = (await server.request('GET', `/api/incidents/${incidentId}`, { token: admin }))
        .json as IncidentDetail;
      expect(after.arrivals).toEqual([
        {
          incidentId,
          workerId: 1,
          assigneeUsername: 'worker:1',
          arrivedAtMs: startMs + stepMs,
          confirmedAtMs: startMs + stepMs + ARRIVAL_DWELL_MS,
        },
      ]);
    });
  });
});
