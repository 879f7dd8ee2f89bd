/**
 * GeoReport v2 addresses and personal data against the real server: a position-only report gets
 * the register's address, an `address_id` places a report at a building, a typed address is
 * served masked, and the reporter's contact leaves in no format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildingListItem, Page } from '../../../shared/api';
import type { TestServer } from '../../testing/testServer';
import {
  callOpen311,
  EVERY_FORMAT,
  expectErrors,
  FORMATS,
  listOf,
  PARTNER_KEY,
  startOpen311TestServer,
  type Fields,
  type Format,
} from '../open311/open311Client.test-helper';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  ({ server, admin } = await startOpen311TestServer());
});

afterAll(async () => {
  await server?.close();
});

async function buildingsOf(gridIndex: number): Promise<BuildingListItem[]> {
  const gridCode = server.district.baseGridCodes[gridIndex];
  const answer = await server.request('GET', `/api/grids/${gridCode}/buildings?pageSize=100`, {
    token: admin,
  });
  const buildings = (answer.json as Page<BuildingListItem>).items;
  if (buildings.length === 0) throw new Error(`no building in grid ${gridCode}`);
  return buildings;
}

/** Creates (201 expected), then reads the request back as each of `formats` serves it. */
async function createThenRead(
  fields: Fields,
  formats: ReadonlyArray<Format | undefined>,
  createFormat: Format = 'json',
): Promise<Array<{ text: string; request: Fields }>> {
  const created = await callOpen311(server, 'POST', '/requests', createFormat, fields);
  expect(created.status, created.text).toBe(201);
  const id = listOf(created, 'service_requests', 'request')[0]?.service_request_id;
  const answers = [];
  for (const format of formats) {
    const answer = await callOpen311(server, 'GET', `/requests?service_request_id=${id}`, format);
    const [request] = listOf(answer, 'service_requests', 'request');
    answers.push({ text: answer.text, request: request ?? {} });
  }
  return answers;
}

describe('GeoReport v2 addresses and personal data', () => {
  it('fills the address of a position-only report from the register', async () => {
    const buildings = await buildingsOf(0);
    const [building] = buildings;
    const answers = await createThenRead(
      {
        service_code: 'CM01',
        lat: String(building?.center.lat),
        long: String(building?.center.lon),
        description: '楼下垃圾桶满溢',
      },
      FORMATS,
    );
    for (const { request } of answers) {
      expect(buildings.map((entry) => entry.address)).toContain(request.address);
      expect(request.description).toBe('楼下垃圾桶满溢');
    }
  });

  it.each(EVERY_FORMAT)(
    'places a request by an address_id of the register (%s)',
    async (format) => {
      const [building] = await buildingsOf(1);
      const fields = { api_key: PARTNER_KEY, service_code: 'CM01' };
      const [answer] = await createThenRead(
        { ...fields, address_id: String(building?.id) },
        [format],
        format ?? 'xml',
      );
      expect(answer?.request.address).toBe(building?.address);
      const unknown = await callOpen311(server, 'POST', '/requests', format, {
        ...fields,
        address_id: '999999999',
      });
      expect(expectErrors(unknown, format, 400)[0]?.description).toMatch(/address_id/);
    },
  );

  it('serves a typed address masked, and the contact in no format', async () => {
    const [building] = await buildingsOf(0);
    const answers = await createThenRead(
      {
        service_code: 'CM01',
        lat: String(building?.center.lat),
        long: String(building?.center.lon),
        address_string: '解放路12号 电话13800001234',
        description: '有事请联系 zhang@example.org',
        phone: '13912345678',
        email: 'li@example.org',
        first_name: '四',
        last_name: '李',
      },
      EVERY_FORMAT,
      'xml',
    );
    for (const { text, request } of answers) {
      expect(request.address).toBe('解放路12号 电话*******1234');
      for (const secret of ['13800001234', 'zhang@example.org', '13912345678', 'li@example.org']) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toContain('李');
    }
  });
});
