/** Open311 GeoReport v2 at /open311/v2 against the real server: shapes, errors, privacy, limit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../shared/api';
import type { IncidentDetail } from '../../../shared/incidents';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { OPEN311_CREATES_PER_WINDOW } from './open311Routes';

let server: TestServer;
let admin: string;
let site: { lon: number; lat: number };
/** Creates made so far (the rate limit counts them per client address). */
let creates = 0;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0]);
  if (grid === undefined) throw new Error('no base grid');
  site = grid.center;
});

afterAll(async () => {
  await server?.close();
});

async function postForm(fields: Record<string, string>) {
  creates += 1;
  const response = await fetch(`${server.baseUrl}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

function expectGeoReportErrors(json: unknown, code: number): void {
  expect(Array.isArray(json)).toBe(true);
  const errors = json as Array<{ code: number; description: string }>;
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(Object.keys(error).sort()).toEqual(['code', 'description']);
    expect(error.code).toBe(code);
    expect(error.description).not.toBe('');
  }
}

describe('Open311 GeoReport v2', () => {
  it('lists services with the GeoReport fields, in Chinese unless asked', async () => {
    const zh = await server.request('GET', '/open311/v2/services.json');
    expect(zh.status).toBe(200);
    const services = zh.json as Array<Record<string, unknown>>;
    expect(services.length).toBeGreaterThan(5);
    expect(services[0]).toEqual({
      service_code: 'CM01',
      service_name: '市容环境',
      description: '市容环境',
      metadata: false,
      type: 'realtime',
      keywords: 'city_appearance',
      group: '城市管理',
    });
    const en = (await server.request('GET', '/open311/v2/services.json?locale=en')).json;
    expect((en as Array<{ service_name: string }>)[0]?.service_name).toBe('City appearance');
  });

  it('creates a citizen request from a form and answers it by id, without the contact', async () => {
    const created = await postForm({
      service_code: 'CM01',
      lat: String(site.lat),
      long: String(site.lon),
      description: '路边垃圾堆积',
      media_url: 'https://example.org/photo.jpg',
      first_name: '三',
      last_name: '张',
      phone: '13800001234',
      email: 'zhang@example.org',
    });
    expect(created.status).toBe(201);
    const [receipt] = created.json as Array<Record<string, unknown>>;
    expect(receipt).toEqual({
      service_request_id: expect.stringMatching(/^INC\d+$/),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      service_notice: '',
      account_id: null,
    });
    const id = String(receipt?.service_request_id);

    const one = await server.request('GET', `/open311/v2/requests/${id}.json`);
    expect(one.status).toBe(200);
    const [request] = one.json as Array<Record<string, unknown>>;
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '已受理，等待立案',
      service_code: 'CM01',
      description: '路边垃圾堆积',
      media_url: 'https://example.org/photo.jpg',
      expected_datetime: null,
      lat: site.lat,
      long: site.lon,
    });
    expect(String(request?.requested_datetime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(one.text).not.toContain('13800001234');
    expect(one.text).not.toContain('zhang@example.org');

    // Inside the app the contact is personal data: masked.
    const detail = (await server.request('GET', `/api/incidents/${id}`, { token: admin }))
      .json as IncidentDetail;
    expect(detail.source).toBe('citizen');
    expect(detail.history[0]?.actor).toEqual({ username: 'citizen:open311', role: 'citizen' });
    expect(detail.reporterContact).toEqual({
      nameMasked: '***',
      phoneMasked: '*******1234',
      emailMasked: '*************.org',
    });
  });

  it('takes JSON too, and maps our states to open/closed with notes and the deadline', async () => {
    creates += 1;
    const created = await server.request('POST', '/open311/v2/requests.json', {
      body: { service_code: 'SG01', lat: site.lat, long: site.lon, description: 'noise' },
    });
    expect(created.status).toBe(201);
    const id = String(
      (created.json as Array<{ service_request_id: string }>)[0]?.service_request_id,
    );
    const transition = (command: Record<string, unknown>) =>
      server.request('POST', `/api/incidents/${id}/transitions`, {
        token: admin,
        body: { command },
      });
    await transition({ action: 'register' });
    await transition({ action: 'dispatch', assigneeUsername: 'worker:1', department: '社区' });
    const dispatched = (
      (await server.request('GET', `/open311/v2/requests.json?service_request_id=${id}&locale=en`))
        .json as Array<Record<string, unknown>>
    )[0];
    expect(dispatched).toMatchObject({
      status: 'open',
      status_notes: 'Dispatched for handling',
      agency_responsible: '社区',
    });
    expect(String(dispatched?.expected_datetime)).toMatch(/\+08:00$/);

    const open = (
      await server.request('GET', '/open311/v2/requests.json?status=open&service_code=SG01')
    ).json as Array<{ service_request_id: string; status: string }>;
    expect(open.map((entry) => entry.service_request_id)).toContain(id);
    expect(open.every((entry) => entry.status === 'open')).toBe(true);
    const closed = (await server.request('GET', '/open311/v2/requests.json?status=closed'))
      .json as Array<{ service_request_id: string }>;
    expect(closed.map((entry) => entry.service_request_id)).not.toContain(id);
    const future = (
      await server.request('GET', '/open311/v2/requests.json?start_date=2100-01-01T00:00:00Z')
    ).json;
    expect(future).toEqual([]);
  });

  it('answers every error as a GeoReport list of {code, description}', async () => {
    const missing = await postForm({ description: 'no place' });
    expect(missing.status).toBe(400);
    expectGeoReportErrors(missing.json, 400);
    const outside = await postForm({ service_code: 'CM01', lat: '10', long: '10' });
    expect(outside.status).toBe(400);
    expectGeoReportErrors(outside.json, 400);
    // Refused before the handler: not counted by the limit.
    const badJson = await fetch(`${server.baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"service_code":',
    });
    expect(badJson.status).toBe(400);
    expectGeoReportErrors(await badJson.json(), 400);
    const unknown = await server.request('GET', '/open311/v2/requests/INC99999999.json');
    expect(unknown.status).toBe(404);
    expectGeoReportErrors(unknown.json, 404);
    const badStatus = await server.request('GET', '/open311/v2/requests.json?status=pending');
    expect(badStatus.status).toBe(400);
    expectGeoReportErrors(badStatus.json, 400);
    const badDate = await server.request('GET', '/open311/v2/requests.json?start_date=yesterday');
    expect(badDate.status).toBe(400);
    expectGeoReportErrors(badDate.json, 400);
  });

  it('refuses junk contacts and out-of-range points with a clear 400, creating nothing', async () => {
    const listed = async () =>
      ((await server.request('GET', '/open311/v2/requests.json')).json as unknown[]).length;
    const before = await listed();
    const place = { service_code: 'CM01', lat: String(site.lat), long: String(site.lon) };
    const badEmail = await postForm({ ...place, email: 'zhang-at-example' });
    expect(badEmail.status).toBe(400);
    expectGeoReportErrors(badEmail.json, 400);
    expect(JSON.stringify(badEmail.json)).toMatch(/email is not a valid e-mail address/);
    const badPhone = await postForm({ ...place, phone: 'call me maybe' });
    expect(badPhone.status).toBe(400);
    expect(JSON.stringify(badPhone.json)).toMatch(/phone must be/);
    const farNorth = await postForm({ ...place, lat: '91' });
    expect(farNorth.status).toBe(400);
    expect(JSON.stringify(farNorth.json)).toMatch(/lat is out of range/);
    expect(JSON.stringify(farNorth.json)).not.toMatch(/required/);
    expect(await listed()).toBe(before);
  });

  it('limits creates per client address', async () => {
    const statuses: number[] = [];
    while (creates < OPEN311_CREATES_PER_WINDOW) {
      statuses.push((await postForm({ description: 'filler' })).status);
    }
    expect(statuses.every((status) => status === 400)).toBe(true);
    const limited = await postForm({
      service_code: 'CM01',
      lat: String(site.lat),
      long: String(site.lon),
    });
    expect(limited.status).toBe(429);
    expectGeoReportErrors(limited.json, 429);
  });
});
