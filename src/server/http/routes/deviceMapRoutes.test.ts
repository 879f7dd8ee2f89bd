/**
 * The phone's map: the base map and the walking route to one of its own tasks, with the device
 * token; another worker's device gets the same 404 as an unknown task; no token, 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../shared/api';
import type { CreateIncidentResponse, DeviceWalk } from '../../../shared/incidents';
import type { IssuedDeviceToken } from '../../../shared/tracking';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;
let ownToken: string;
let otherToken: string;
let incidentId: string;
let site: { lon: number; lat: number };

async function deviceGet(path: string, token: string | null) {
  const answer = await fetch(`${server.baseUrl}${path}`, {
    headers: token === null ? {} : { authorization: `Device ${token}` },
  });
  return { status: answer.status, json: (await answer.json()) as unknown };
}

beforeAll(async () => {
  server = await startTestServer();
  const admin = await server.login('admin');
  const issue = async (workerId: number | undefined) =>
    (
      (
        await server.request('POST', '/api/devices', {
          token: admin,
          body: { workerId, label: 'phone' },
        })
      ).json as IssuedDeviceToken
    ).token;
  ownToken = await issue(server.district.workerIds[0]);
  otherToken = await issue(server.district.workerIds[2]);
  const dispatcher = await server.login('dispatcher');
  const grids = (await server.request('GET', '/api/grids', { token: dispatcher }))
    .json as GridNode[];
  const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0])!;
  site = grid.center;
  const created = await server.request('POST', '/api/incidents', {
    token: dispatcher,
    body: { categoryCode: 'street_order', ...site, description: '占道经营' },
  });
  incidentId = (created.json as CreateIncidentResponse).incident.id;
  for (const command of [
    { action: 'register' },
    {
      action: 'dispatch',
      assigneeUsername: `worker:${server.district.workerIds[0]}`,
      department: 'street office',
    },
  ]) {
    await server.request('POST', `/api/incidents/${incidentId}/transitions`, {
      token: dispatcher,
      body: { command },
    });
  }
});

afterAll(async () => {
  await server?.close();
});

describe("the phone's map", () => {
  it('walks from the phone to its own task', async () => {
    const from = { lon: site.lon + 0.003, lat: site.lat - 0.002 };
    const path = `/api/device/route?incidentId=${incidentId}&lon=${from.lon}&lat=${from.lat}`;
    const answer = await deviceGet(path, ownToken);
    expect(answer.status).toBe(200);
    const walk = answer.json as DeviceWalk;
    expect(walk.line[0]).toEqual([from.lon, from.lat]);
    expect(walk.line.at(-1)).toEqual([site.lon, site.lat]);
    expect(walk.distanceM).toBeGreaterThan(300);
    expect(walk.durationS).toBeGreaterThan(0);
    expect((await deviceGet(path, otherToken)).status).toBe(404);
    expect((await deviceGet(path, null)).status).toBe(401);
  });

  it('gives the base map to a device only', async () => {
    const answer = await deviceGet('/api/device/basemap', ownToken);
    expect(answer.status).toBe(200);
    expect((answer.json as { type: string }).type).toBe('FeatureCollection');
    expect((await deviceGet('/api/device/basemap', null)).status).toBe(401);
  });
});
