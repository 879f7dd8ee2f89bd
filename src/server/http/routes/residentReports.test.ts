/**
 * The resident page's creates against the real server: a proof of work bound to a device id,
 * taken once, limited per device; the public status of a report shows no contact of anybody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../shared/api';
import { formatProof, solveProof } from '../../../domain/incidents/residentProof';
import { RESIDENT_REPORTS_PER_DEVICE } from '../../incidents/residentReportGuard';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;
let site: { lon: number; lat: number };

beforeAll(async () => {
  server = await startTestServer(undefined, { open311RequireProof: true });
  const admin = await server.login('admin');
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0]);
  if (grid === undefined) throw new Error('no base grid');
  site = grid.center;
});

afterAll(async () => {
  await server?.close();
});

async function report(deviceId: string, extra: Record<string, unknown> = {}) {
  const proof = formatProof(await solveProof(deviceId, Date.now()));
  const body = {
    service_code: 'CM01',
    lat: site.lat,
    long: site.lon,
    description: '小区门口垃圾堆放多日，联系我 13812345678',
    device_id: deviceId,
    proof,
    ...extra,
  };
  return server.request('POST', '/open311/v2/requests.json', { body });
}

describe("the resident's reports through Open311", () => {
  it('refuses a citizen create without a proof when proofs are required', async () => {
    const answer = await server.request('POST', '/open311/v2/requests.json', {
      body: { service_code: 'CM01', lat: site.lat, long: site.lon, description: '无验证' },
    });
    expect(answer.status).toBe(400);
  });

  it("files a report with a proof, and shows its status without anybody's contact", async () => {
    const created = await report('resident-device-0001', {
      first_name: '小明',
      last_name: '王',
      phone: '13900001111',
      email: 'wang@example.com',
    });
    expect(created.status).toBe(201);
    const [receipt] = created.json as Array<{ service_request_id: string; token: string }>;
    expect(receipt?.token).not.toBe('');
    const status = await server.request(
      'GET',
      `/open311/v2/requests/${receipt!.service_request_id}.json`,
    );
    expect(status.status).toBe(200);
    const text = JSON.stringify(status.json);
    expect(text).toContain('"status":"open"');
    for (const personal of ['小明', '13900001111', 'wang@example.com', '13812345678']) {
      expect(text).not.toContain(personal);
    }
  });

  it('refuses a replayed proof and limits one device, not its neighbours', async () => {
    const deviceId = 'resident-device-0002';
    const proof = formatProof(await solveProof(deviceId, Date.now()));
    const body = {
      service_code: 'CM01',
      lat: site.lat,
      long: site.lon,
      device_id: deviceId,
      proof,
    };
    const first = await server.request('POST', '/open311/v2/requests.json', { body });
    expect(first.status).toBe(201);
    const replay = await server.request('POST', '/open311/v2/requests.json', { body });
    expect(replay.status).toBe(400);
    for (let made = 1; made < RESIDENT_REPORTS_PER_DEVICE; made += 1) {
      expect((await report(deviceId)).status).toBe(201);
    }
    const over = await report(deviceId);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await report('resident-device-0003')).status).toBe(201);
  });
});
