/**
 * A worker's phone reporting a new incident: the duplicate check before sending sees open
 * incidents of the category near the point only inside the worker's own grids, and a report with
 * photos is created once however often it is resent, its photos on the report step for the
 * wall's drawer and stripped of their location.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../shared/api';
import type {
  CreateIncidentResponse,
  DeviceIncidentReport,
  DeviceIncidentResult,
  IncidentDetail,
  IncidentIntakeCheck,
  IncidentListResponse,
} from '../../../shared/incidents';
import type { IssuedDeviceToken } from '../../../shared/tracking';
import { DEVICE_NAMESPACE } from '../../../shared/trackingEvents';
import { JPEG_GPS_TEXT, JPEG_WITH_GPS } from '../../testing/jpegFixture';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;
let dispatcher: string;
let ownToken: string;
let otherToken: string;
let centre: { lon: number; lat: number };
let existingId: string;
const sockets: Socket[] = [];

async function deviceGet(path: string, token: string | null) {
  const answer = await fetch(`${server.baseUrl}${path}`, {
    headers: token === null ? {} : { authorization: `Device ${token}` },
  });
  return { status: answer.status, json: (await answer.json()) as unknown };
}

async function upload(token: string): Promise<string> {
  const answer = await fetch(`${server.baseUrl}/api/device/photos`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', authorization: `Device ${token}` },
    body: new Uint8Array(JPEG_WITH_GPS),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { photoId: string }).photoId;
}

async function connect(deviceToken: string): Promise<Socket> {
  const socket = io(`${server.baseUrl}${DEVICE_NAMESPACE}`, {
    auth: { deviceToken },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  await new Promise((resolve) => socket.on('connect', () => resolve(null)));
  return socket;
}

function report(socket: Socket, payload: DeviceIncidentReport): Promise<DeviceIncidentResult> {
  return new Promise((resolve) => socket.emit('reportIncident', payload, resolve));
}

const checkPath = (point: { lon: number; lat: number }) =>
  `/api/device/intake-check?categoryCode=street_order&lon=${point.lon}&lat=${point.lat}`;

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
  // Worker 1 works the first base grid, worker 3 the third.
  ownToken = await issue(server.district.workerIds[0]);
  otherToken = await issue(server.district.workerIds[2]);
  dispatcher = await server.login('dispatcher');
  const grids = (await server.request('GET', '/api/grids', { token: dispatcher }))
    .json as GridNode[];
  centre = grids.find((entry) => entry.code === server.district.baseGridCodes[0])!.center;
  const created = await server.request('POST', '/api/incidents', {
    token: dispatcher,
    body: { categoryCode: 'street_order', ...centre, description: '占道经营' },
  });
  existingId = (created.json as CreateIncidentResponse).incident.id;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

describe("the phone's duplicate check", () => {
  it("shows open incidents of the category nearby in the worker's own grids only", async () => {
    const near = { lon: centre.lon + 0.0002, lat: centre.lat };
    const own = await deviceGet(checkPath(near), ownToken);
    expect(own.status).toBe(200);
    const check = own.json as IncidentIntakeCheck;
    expect(check.gridCode).toBe(server.district.baseGridCodes[0]);
    expect(check.inScope).toBe(true);
    expect(check.possibleDuplicates.map((entry) => entry.incident.id)).toEqual([existingId]);
    expect(check.possibleDuplicates[0]!.distanceM).toBeGreaterThan(0);

    // Another grid's worker learns nothing of it, though the point is the same.
    const other = (await deviceGet(checkPath(near), otherToken)).json as IncidentIntakeCheck;
    expect(other.inScope).toBe(false);
    expect(other.possibleDuplicates).toEqual([]);

    const otherCategory = await deviceGet(
      checkPath(near).replace('street_order', 'city_appearance'),
      ownToken,
    );
    expect((otherCategory.json as IncidentIntakeCheck).possibleDuplicates).toEqual([]);
    expect((await deviceGet(checkPath(near), null)).status).toBe(401);
    expect((await deviceGet('/api/device/intake-check?lon=1&lat=2', ownToken)).status).toBe(400);
  });
});

describe("a phone's report with photos", () => {
  it('is created once however often it is resent, with its photos on the report step', async () => {
    const socket = await connect(ownToken);
    const photoIds = [await upload(ownToken), await upload(ownToken)];
    const payload: DeviceIncidentReport = {
      clientRef: 'report-with-photos-1',
      categoryCode: 'city_appearance',
      lon: centre.lon + 0.0003,
      lat: centre.lat - 0.0002,
      description: '井盖破损（附照片）',
      reportedAtMs: Date.now(),
      photoIds,
    };
    const first = await report(socket, payload);
    expect(first.ok).toBe(true);
    const again = await report(socket, payload);
    expect(again).toEqual(first);
    const id = (first as { incidentId: string }).incidentId;

    const list = (
      await server.request('GET', '/api/incidents?source=worker&pageSize=100', {
        token: dispatcher,
      })
    ).json as IncidentListResponse;
    expect(list.items.filter((item) => item.description === payload.description)).toHaveLength(1);

    const detail = (await server.request('GET', `/api/incidents/${id}`, { token: dispatcher }))
      .json as IncidentDetail;
    expect(detail.location).toEqual({ lon: payload.lon, lat: payload.lat });
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0]!.attachments.map((photo) => photo.url)).toEqual(
      photoIds.map((photoId) => `/api/photos/${photoId}`),
    );
    const served = await fetch(`${server.baseUrl}/api/photos/${photoIds[0]}`, {
      headers: { authorization: `Bearer ${dispatcher}` },
    });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).includes(Buffer.from(JPEG_GPS_TEXT))).toBe(
      false,
    );
  });

  it("attaches neither another worker's photos nor the photos of a refused report", async () => {
    const socket = await connect(ownToken);
    const othersPhoto = await upload(otherToken);
    const own = await upload(ownToken);
    const refused = await report(socket, {
      clientRef: 'report-refused',
      categoryCode: 'no_such_category',
      ...centre,
      description: '未知类别',
      reportedAtMs: Date.now(),
      photoIds: [own],
    });
    expect(refused.ok).toBe(false);
    const made = await report(socket, {
      clientRef: 'report-with-photos-2',
      categoryCode: 'city_appearance',
      ...centre,
      description: '路灯不亮',
      reportedAtMs: Date.now(),
      photoIds: [othersPhoto, own],
    });
    expect(made.ok).toBe(true);
    const detail = (
      await server.request('GET', `/api/incidents/${(made as { incidentId: string }).incidentId}`, {
        token: dispatcher,
      })
    ).json as IncidentDetail;
    // The refused report released its photo, so the next report could take it.
    expect(detail.history[0]!.attachments.map((photo) => photo.url)).toEqual([
      `/api/photos/${own}`,
    ]);
  });
});
