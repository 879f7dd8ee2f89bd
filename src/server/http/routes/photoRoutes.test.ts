/**
 * Feedback photos from a worker's phone: uploaded with the device token (JPEG only, metadata
 * stripped, size-limited), attached to the feedback step when the phone reports back with them,
 * and served to users who see the incident — the same 404 for anyone else and for unknown ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { GridNode } from '../../../shared/api';
import type {
  CreateIncidentResponse,
  DeviceIncidentResult,
  DeviceTaskCommand,
  IncidentDetail,
} from '../../../shared/incidents';
import type { IssuedDeviceToken } from '../../../shared/tracking';
import { DEVICE_NAMESPACE } from '../../../shared/trackingEvents';
import { MAX_PHOTO_BYTES } from '../../incidents/photos/photoStore';
import { JPEG_GPS_TEXT, JPEG_WITH_GPS } from '../../testing/jpegFixture';
import { startTestServer, type TestServer } from '../../testing/testServer';

const GPS_TEXT = JPEG_GPS_TEXT;
const PHOTO = JPEG_WITH_GPS;

let server: TestServer;
let deviceToken: string;
let socket: Socket;

async function upload(body: Buffer, token: string | null, type = 'image/jpeg') {
  const answer = await fetch(`${server.baseUrl}/api/device/photos`, {
    method: 'POST',
    headers: {
      'content-type': type,
      ...(token === null ? {} : { authorization: `Device ${token}` }),
    },
    body: new Uint8Array(body),
  });
  return { status: answer.status, json: (await answer.json()) as { photoId?: string } };
}

function command(payload: DeviceTaskCommand): Promise<DeviceIncidentResult> {
  return new Promise((resolve) => socket.emit('taskCommand', payload, resolve));
}

beforeAll(async () => {
  server = await startTestServer();
  const admin = await server.login('admin');
  const issued = await server.request('POST', '/api/devices', {
    token: admin,
    body: { workerId: server.district.workerIds[0], label: 'phone with camera' },
  });
  deviceToken = (issued.json as IssuedDeviceToken).token;
  socket = io(`${server.baseUrl}${DEVICE_NAMESPACE}`, {
    auth: { deviceToken },
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise((resolve) => socket.on('connect', () => resolve(null)));
});

afterAll(async () => {
  socket?.close();
  await server?.close();
});

describe('feedback photos', () => {
  it('takes a JPEG from a device only, stripped of its metadata, and refuses anything else', async () => {
    expect((await upload(PHOTO, null)).status).toBe(401);
    expect((await upload(PHOTO, 'not-a-token')).status).toBe(401);
    expect((await upload(Buffer.from('\x89PNG\r\n\x1a\n0000'), deviceToken)).status).toBe(400);
    expect((await upload(PHOTO, deviceToken, 'image/png')).status).toBe(415);
    expect((await upload(Buffer.alloc(MAX_PHOTO_BYTES + 1, 0xff), deviceToken)).status).toBe(413);
    const stored = await upload(PHOTO, deviceToken);
    expect(stored.status).toBe(201);
    expect(stored.json.photoId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('attaches the photos to the feedback and shows them to those who see the incident', async () => {
    const dispatcher = await server.login('dispatcher');
    const grids = (await server.request('GET', '/api/grids', { token: dispatcher }))
      .json as GridNode[];
    const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0])!;
    const created = await server.request('POST', '/api/incidents', {
      token: dispatcher,
      body: { categoryCode: 'street_order', ...grid.center, description: '占道经营' },
    });
    const id = (created.json as CreateIncidentResponse).incident.id;
    for (const step of [
      { action: 'register' },
      {
        action: 'dispatch',
        assigneeUsername: `worker:${server.district.workerIds[0]}`,
        department: 'street office',
      },
    ]) {
      const answer = await server.request('POST', `/api/incidents/${id}/transitions`, {
        token: dispatcher,
        body: { command: step },
      });
      expect(answer.status).toBe(200);
    }
    const photoId = (await upload(PHOTO, deviceToken)).json.photoId!;
    expect(await command({ incidentId: id, action: 'handle', note: '', atMs: Date.now() })).toEqual(
      { ok: true, incidentId: id },
    );
    const fedBack = await command({
      incidentId: id,
      action: 'feedback',
      note: '已劝离',
      atMs: Date.now(),
      photoIds: [photoId, '00000000-0000-4000-8000-000000000000'],
    });
    expect(fedBack).toEqual({ ok: true, incidentId: id });
    const detail = (await server.request('GET', `/api/incidents/${id}`, { token: dispatcher }))
      .json as IncidentDetail;
    expect(detail.history.at(-1)?.attachments).toEqual([
      { name: `${photoId}.jpg`, mime: 'image/jpeg', url: `/api/photos/${photoId}` },
    ]);

    const seen = await fetch(`${server.baseUrl}/api/photos/${photoId}`, {
      headers: { authorization: `Bearer ${dispatcher}` },
    });
    expect(seen.status).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await seen.arrayBuffer());
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(bytes.includes(Buffer.from(GPS_TEXT))).toBe(false);

    const handler = await server.login('handler01');
    const hidden = await fetch(`${server.baseUrl}/api/photos/${photoId}`, {
      headers: { authorization: `Bearer ${handler}` },
    });
    const unknown = await fetch(
      `${server.baseUrl}/api/photos/00000000-0000-4000-8000-000000000000`,
      { headers: { authorization: `Bearer ${dispatcher}` } },
    );
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
  });
});
