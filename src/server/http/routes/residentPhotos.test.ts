/**
 * A resident's photo of their own report against the real server: only with the create's token
 * and the device id, a JPEG by its bytes (a lying header is refused), without its metadata, at
 * most a few per report and only shortly after the create, limited per device; public through
 * GeoReport's media_url and listed on the report's step for the wall's drawer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../shared/api';
import type { IncidentDetail } from '../../../shared/incidents';
import { formatProof, solveProof } from '../../../domain/incidents/residentProof';
import { MAX_PHOTO_BYTES } from '../../incidents/photos/photoStore';
import {
  MAX_PHOTOS_PER_REPORT,
  RESIDENT_PHOTO_WINDOW_MS,
} from '../../incidents/photos/residentPhotos';
import { RESIDENT_PHOTOS_PER_DEVICE } from '../../incidents/residentReportGuard';
import { startTestServer, type TestServer } from '../../testing/testServer';

const GPS_TEXT = 'GPSLatitude 26.0800 N';

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([head, body]);
}

/** A small JPEG with an EXIF segment naming where it was taken. */
const PHOTO = Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
  segment(0xe1, Buffer.from(`Exif\0\0${GPS_TEXT}`, 'latin1')),
  segment(0xdb, Buffer.alloc(65, 1)),
  segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
  Buffer.from([0x12, 0x34, 0xff, 0xd9]),
]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let server: TestServer;
let site: { lon: number; lat: number };
let clockOffsetMs = 0;

interface Receipt {
  service_request_id: string;
  token: string;
}

async function report(deviceId: string): Promise<Receipt> {
  const proof = formatProof(await solveProof(deviceId, Date.now() + clockOffsetMs));
  const answer = await server.request('POST', '/open311/v2/requests.json', {
    body: {
      service_code: 'CM01',
      lat: site.lat,
      long: site.lon,
      description: '楼道堆放杂物',
      device_id: deviceId,
      proof,
    },
  });
  expect(answer.status).toBe(201);
  return (answer.json as Receipt[])[0]!;
}

async function upload(
  id: string,
  body: Buffer,
  headers: { token?: string; deviceId?: string; type?: string } = {},
) {
  const answer = await fetch(`${server.baseUrl}/open311/v2/requests/${id}/media.json`, {
    method: 'POST',
    headers: {
      'content-type': headers.type ?? 'image/jpeg',
      ...(headers.token === undefined ? {} : { 'x-open311-token': headers.token }),
      ...(headers.deviceId === undefined ? {} : { 'x-device-id': headers.deviceId }),
    },
    body: new Uint8Array(body),
  });
  return {
    status: answer.status,
    headers: answer.headers,
    json: (await answer.json()) as Array<{ media_url?: string; media_id?: string; code?: number }>,
  };
}

beforeAll(async () => {
  server = await startTestServer(undefined, {
    open311RequireProof: true,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  const admin = await server.login('admin');
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0]);
  if (grid === undefined) throw new Error('no base grid');
  site = grid.center;
});

afterAll(async () => {
  await server?.close();
});

describe("a resident's photo of their report", () => {
  it('is stored without its metadata, public at media_url and on the report step', async () => {
    const deviceId = 'photo-device-0001';
    const created = await report(deviceId);
    const id = created.service_request_id;
    const added = await upload(id, PHOTO, { token: created.token, deviceId });
    expect(added.status).toBe(201);
    const mediaUrl = added.json[0]!.media_url!;
    expect(mediaUrl).toBe(`${server.baseUrl}/open311/v2/media/${added.json[0]!.media_id}.jpg`);

    const served = await fetch(mediaUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(bytes.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false);

    const status = await server.request('GET', `/open311/v2/requests/${id}.json`);
    expect((status.json as Array<{ media_url: string }>)[0]!.media_url).toBe(mediaUrl);

    const admin = await server.login('admin');
    const detail = (await server.request('GET', `/api/incidents/${id}`, { token: admin }))
      .json as IncidentDetail;
    const photos = detail.history[0]!.attachments;
    expect(photos).toEqual([
      {
        name: `${added.json[0]!.media_id}.jpg`,
        mime: 'image/jpeg',
        url: `/api/photos/${added.json[0]!.media_id}`,
      },
    ]);
    const walls = await server.request('GET', photos[0]!.url, { token: admin });
    expect(walls.status).toBe(200);
  });

  it("refuses an upload without the report's own token or without a device id", async () => {
    const deviceId = 'photo-device-0002';
    const mine = await report(deviceId);
    const other = await report('photo-device-0003');
    const id = mine.service_request_id;
    expect((await upload(id, PHOTO, { deviceId })).status).toBe(403);
    expect((await upload(id, PHOTO, { token: other.token, deviceId })).status).toBe(403);
    expect((await upload(id, PHOTO, { token: mine.token })).status).toBe(400);
    expect((await upload('INC-none', PHOTO, { token: mine.token, deviceId })).status).toBe(404);
    const status = await server.request('GET', `/open311/v2/requests/${id}.json`);
    expect((status.json as Array<{ media_url: string }>)[0]!.media_url).toBe('');
  });

  it('refuses a photo too big, and anything not a JPEG whatever its header says', async () => {
    const deviceId = 'photo-device-0004';
    const created = await report(deviceId);
    const id = created.service_request_id;
    const big = Buffer.concat([PHOTO, Buffer.alloc(MAX_PHOTO_BYTES)]);
    const auth = { token: created.token, deviceId };
    const tooBig = await upload(id, big, auth);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json[0]!.code).toBe(413);
    expect((await upload(id, PNG, auth)).status).toBe(415);
    expect((await upload(id, PNG, { ...auth, type: 'image/png' })).status).toBe(415);
    expect((await upload(id, Buffer.from('<svg onload=alert(1)>'), auth)).status).toBe(415);
  });

  it('takes a few photos per report, then refuses more', async () => {
    const deviceId = 'photo-device-0005';
    const created = await report(deviceId);
    const auth = { token: created.token, deviceId };
    for (let count = 0; count < MAX_PHOTOS_PER_REPORT; count++) {
      expect((await upload(created.service_request_id, PHOTO, auth)).status).toBe(201);
    }
    expect((await upload(created.service_request_id, PHOTO, auth)).status).toBe(409);
  });

  it('limits the uploads of one device, before looking at them', async () => {
    const deviceId = 'photo-device-0006';
    const created = await report(deviceId);
    const auth = { token: 'wrong-token', deviceId };
    for (let count = 0; count < RESIDENT_PHOTOS_PER_DEVICE; count++) {
      expect((await upload(created.service_request_id, PHOTO, auth)).status).toBe(403);
    }
    const limited = await upload(created.service_request_id, PHOTO, auth);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another phone is not limited by this one.
    const neighbour = await report('photo-device-0007');
    const added = await upload(neighbour.service_request_id, PHOTO, {
      token: neighbour.token,
      deviceId: 'photo-device-0007',
    });
    expect(added.status).toBe(201);
  });

  it('serves only residents’ photos publicly, and takes none long after the report', async () => {
    expect(
      (await fetch(`${server.baseUrl}/open311/v2/media/00000000-0000-4000-8000-000000000000.jpg`))
        .status,
    ).toBe(404);
    const deviceId = 'photo-device-0008';
    const created = await report(deviceId);
    clockOffsetMs += RESIDENT_PHOTO_WINDOW_MS + 60_000;
    const late = await upload(created.service_request_id, PHOTO, {
      token: created.token,
      deviceId,
    });
    expect(late.status).toBe(409);
  });
});
