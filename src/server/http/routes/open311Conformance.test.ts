/**
 * GeoReport v2 conformance, endpoint by endpoint as the specification lists them, in both
 * formats (and XML when the path has no extension): discovery, services, service definitions,
 * create, query with each filter, one request, tokens, and the errors of each. Against the real
 * server. Most creates come from a partner key: citizens' creates are rate-limited per address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../shared/api';
import type { IncidentDetail } from '../../../shared/incidents';
import type { TestServer } from '../../testing/testServer';
import {
  callOpen311,
  EVERY_FORMAT,
  expectErrors,
  expectFormat,
  listOf,
  PARTNER_KEY,
  recordOf,
  startOpen311TestServer,
  type Fields,
  type Format,
} from '../open311/open311Client.test-helper';

let server: TestServer;
let admin: string;
let place: Fields;

beforeAll(async () => {
  ({ server, admin } = await startOpen311TestServer());
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0]);
  if (grid === undefined) throw new Error('no base grid');
  place = { lat: String(grid.center.lat), long: String(grid.center.lon) };
});

afterAll(async () => {
  await server?.close();
});

/** A partner's create (not rate-limited); answers the new request's id and token. */
async function createAsPartner(fields: Fields, format: Format = 'json'): Promise<Fields> {
  const created = await callOpen311(server, 'POST', '/requests', format, {
    api_key: PARTNER_KEY,
    ...place,
    ...fields,
  });
  expect(created.status, created.text).toBe(201);
  const [receipt] = listOf(created, 'service_requests', 'request');
  return receipt ?? {};
}

describe('GeoReport v2 discovery', () => {
  it.each(EVERY_FORMAT)('describes the endpoint and its formats (%s)', async (format) => {
    const answer = await callOpen311(server, 'GET', '/discovery', format);
    expect(answer.status).toBe(200);
    expectFormat(answer, format);
    const endpoint =
      answer.xml === null
        ? (answer.json as { endpoints: Array<Record<string, unknown>> }).endpoints[0]
        : recordOf(answer.xml.querySelector('endpoints > endpoint') as Element);
    expect(endpoint).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${server.baseUrl}/open311/v2`,
      type: 'production',
    });
    if (answer.xml !== null) {
      const formats = Array.from(answer.xml.querySelectorAll('formats > format'));
      expect(formats.map((entry) => entry.textContent)).toEqual(['text/xml', 'application/json']);
      expect(recordOf(answer.xml).key_service).toMatch(/api_key/);
    }
  });
});

describe('GeoReport v2 services', () => {
  it.each(EVERY_FORMAT)('lists the same services in every format (%s)', async (format) => {
    const answer = await callOpen311(server, 'GET', '/services?locale=en', format);
    expect(answer.status).toBe(200);
    expectFormat(answer, format);
    const services = listOf(answer, 'services', 'service');
    expect(services.length).toBeGreaterThan(5);
    expect(services[0]).toEqual({
      service_code: 'CM01',
      service_name: 'City appearance',
      description: 'City appearance',
      metadata: 'false',
      type: 'realtime',
      keywords: 'city_appearance',
      group: 'City management',
    });
    expect(services.find((service) => service.service_code === 'SG02')?.metadata).toBe('true');
  });

  it.each(EVERY_FORMAT)('defines the attributes a hazard asks (%s)', async (format) => {
    const answer = await callOpen311(server, 'GET', '/services/SG02', format);
    expect(answer.status).toBe(200);
    expectFormat(answer, format);
    if (answer.xml !== null) {
      expect(answer.xml.tagName).toBe('service_definition');
      const attribute = answer.xml.querySelector('attributes > attribute') as Element;
      expect(recordOf(attribute)).toMatchObject({
        variable: 'true',
        code: 'hazard_type',
        datatype: 'singlevaluelist',
        required: 'true',
        order: '1',
        description: '隐患类型',
      });
      const values = Array.from(attribute.querySelectorAll('values > value')).map(recordOf);
      expect(values).toContainEqual({ key: 'gas', name: '燃气泄漏' });
    } else {
      const definition = answer.json as { service_code: string; attributes: unknown[] };
      expect(definition.service_code).toBe('SG02');
      expect(definition.attributes[0]).toMatchObject({ code: 'hazard_type', required: true });
    }
    const plain = await callOpen311(server, 'GET', '/services/CM01', format);
    expect(plain.status).toBe(200);
    expect(plain.text).not.toContain('<attribute>');
  });

  it.each(EVERY_FORMAT)('answers an unknown service code with a 404 (%s)', async (format) => {
    expectErrors(await callOpen311(server, 'GET', '/services/XX99', format), format, 404);
  });
});

describe('GeoReport v2 create', () => {
  it.each(EVERY_FORMAT)('creates from a form and answers id and token (%s)', async (format) => {
    const created = await callOpen311(server, 'POST', '/requests', format, {
      api_key: PARTNER_KEY,
      service_code: 'SG02',
      'attribute[hazard_type]': 'gas',
      ...place,
      description: '楼道里有燃气味',
      media_url: 'https://example.org/gas.jpg',
      // Not a create parameter: ignored, as other GeoReport servers do.
      zipcode: '100010',
    });
    expect(created.status, created.text).toBe(201);
    expectFormat(created, format);
    const [receipt] = listOf(created, 'service_requests', 'request');
    expect(receipt).toEqual({
      service_request_id: expect.stringMatching(/^INC\d+$/),
      token: expect.stringMatching(/^[\w-]{16}$/),
      service_notice: '',
      account_id: '',
    });
    const detail = (
      await server.request('GET', `/api/incidents/${receipt?.service_request_id}`, {
        token: admin,
      })
    ).json as IncidentDetail;
    // A partner platform's case is a hotline case; the attribute is the dispatcher's note.
    expect(detail.source).toBe('hotline');
    expect(detail.history[0]?.actor.username).toBe('partner:12345');
    expect(detail.history[0]?.note).toBe('隐患类型：燃气泄漏 (hazard_type=gas)');
  });

  it.each(EVERY_FORMAT)('refuses a wrong api_key with a 403 (%s)', async (format) => {
    const refused = await callOpen311(server, 'POST', '/requests', format, {
      api_key: 'not-a-key-we-issued',
      service_code: 'CM01',
      ...place,
    });
    expect(expectErrors(refused, format, 403)[0]?.description).toMatch(/api_key/);
  });

  it.each(EVERY_FORMAT)('refuses missing or wrong attributes with a 400 (%s)', async (format) => {
    const fields = { api_key: PARTNER_KEY, service_code: 'SG02', ...place };
    const missing = await callOpen311(server, 'POST', '/requests', format, fields);
    expect(expectErrors(missing, format, 400)[0]?.description).toMatch(/hazard_type.*required/);
    const wrong = await callOpen311(server, 'POST', '/requests', format, {
      ...fields,
      'attribute[hazard_type]': 'dragon',
    });
    expect(expectErrors(wrong, format, 400)[0]?.description).toMatch(/must be one of/);
  });

  it.each(EVERY_FORMAT)('serves the district as its jurisdiction only (%s)', async (format) => {
    const fields = { api_key: PARTNER_KEY, service_code: 'CM01', ...place };
    const elsewhere = await callOpen311(server, 'POST', '/requests', format, {
      ...fields,
      jurisdiction_id: 'other.city.example',
    });
    expectErrors(elsewhere, format, 404);
    const ours = await callOpen311(server, 'POST', '/requests', format, {
      ...fields,
      jurisdiction_id: server.district.districtCode,
    });
    expect(ours.status, ours.text).toBe(201);
    const listed = await callOpen311(server, 'GET', '/services?jurisdiction_id=x', format);
    expectErrors(listed, format, 404);
  });

  it.each(EVERY_FORMAT)('refuses a request without a place with a 400 (%s)', async (format) => {
    const answer = await callOpen311(server, 'POST', '/requests', format, {
      api_key: PARTNER_KEY,
      service_code: 'CM01',
    });
    expect(expectErrors(answer, format, 400)[0]?.description).toMatch(/lat and long/);
  });
});

describe('GeoReport v2 query, one request and tokens', () => {
  let first: Fields;
  let second: Fields;

  beforeAll(async () => {
    first = await createAsPartner({ service_code: 'CM05', description: 'first' });
    second = await createAsPartner({ service_code: 'CM06', description: 'second' }, 'xml');
  });

  it.each(EVERY_FORMAT)('finds requests by a list of ids (%s)', async (format) => {
    const ids = [first.service_request_id, 'INC99999999', second.service_request_id];
    const answer = await callOpen311(
      server,
      'GET',
      `/requests?service_request_id=${ids.join(',')}&status=closed`,
      format,
    );
    expect(answer.status).toBe(200);
    // With ids, every other filter is ignored.
    const found = listOf(answer, 'service_requests', 'request');
    expect(found.map((request) => request.service_request_id)).toEqual([
      first.service_request_id,
      second.service_request_id,
    ]);
    expect(found[0]).toMatchObject({ status: 'open', service_code: 'CM05', expected_datetime: '' });
  });

  it.each(EVERY_FORMAT)('filters by service_code, status and dates (%s)', async (format) => {
    const ids = async (query: string) =>
      listOf(
        await callOpen311(server, 'GET', `/requests?${query}`, format),
        'service_requests',
        'request',
      ).map((request) => request.service_request_id);
    expect(await ids('service_code=CM05')).toContain(first.service_request_id);
    expect(await ids('service_code=CM05')).not.toContain(second.service_request_id);
    expect(await ids('service_code=CM05,CM06&status=open')).toEqual(
      expect.arrayContaining([first.service_request_id, second.service_request_id]),
    );
    expect(await ids('status=closed')).not.toContain(first.service_request_id);
    expect(await ids('start_date=2100-01-01T00:00:00Z')).toEqual([]);
    expect(await ids('end_date=2000-01-01T00:00:00Z&start_date=1999-12-01T00:00:00Z')).toEqual([]);
    const now = Date.now();
    const window = `start_date=${new Date(now - 3_600_000).toISOString()}&end_date=${new Date(now + 60_000).toISOString()}`;
    expect(await ids(window)).toContain(first.service_request_id);
  });

  it.each(EVERY_FORMAT)('answers bad filters with a 400 (%s)', async (format) => {
    for (const query of [
      'status=pending',
      'start_date=yesterday',
      'service_code=XX99',
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
    ]) {
      expectErrors(await callOpen311(server, 'GET', `/requests?${query}`, format), format, 400);
    }
  });

  it.each(EVERY_FORMAT)('answers one request, or a 404 (%s)', async (format) => {
    const answer = await callOpen311(
      server,
      'GET',
      `/requests/${first.service_request_id}`,
      format,
    );
    expect(answer.status).toBe(200);
    expectFormat(answer, format);
    const [request] = listOf(answer, 'service_requests', 'request');
    expect(request).toMatchObject({
      service_request_id: first.service_request_id,
      status: 'open',
      status_notes: '已受理，等待立案',
      service_name: '街面秩序',
    });
    expect(Number(request?.lat)).toBeCloseTo(Number(place.lat), 9);
    expect(request?.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expectErrors(await callOpen311(server, 'GET', '/requests/INC99999999', format), format, 404);
  });

  it('follows a request to closed, with its notes, in both formats', async () => {
    const { service_request_id: id } = await createAsPartner({ service_code: 'CM02' });
    const rejected = await server.request('POST', `/api/incidents/${id}/transitions`, {
      token: admin,
      body: { command: { action: 'reject', note: '重复上报' } },
    });
    expect(rejected.status).toBe(200);
    for (const format of EVERY_FORMAT) {
      const answer = await callOpen311(server, 'GET', `/requests/${id}?locale=en`, format);
      expect(listOf(answer, 'service_requests', 'request')[0]).toMatchObject({
        status: 'closed',
        // The answer to the partner's caller: the state's words, then the closing note.
        status_notes: 'Not accepted as a case: 重复上报',
        expected_datetime: '',
      });
      const closed = await callOpen311(server, 'GET', '/requests?status=closed', format);
      const ids = listOf(closed, 'service_requests', 'request').map(
        (entry) => entry.service_request_id,
      );
      expect(ids).toContain(id);
    }
  });

  it.each(EVERY_FORMAT)(
    'finds the request a token was given for, or a 404 (%s)',
    async (format) => {
      const answer = await callOpen311(server, 'GET', `/tokens/${second.token}`, format);
      expect(answer.status).toBe(200);
      expect(listOf(answer, 'service_requests', 'request')).toEqual([
        { service_request_id: second.service_request_id, token: second.token },
      ]);
      expectErrors(await callOpen311(server, 'GET', '/tokens/no-such-token', format), format, 404);
    },
  );
});

describe('GeoReport v2 in the OpenAPI document', () => {
  it('names the media type each suffix answers', async () => {
    const doc = (await server.request('GET', '/api/openapi.json')).json as {
      paths: Record<string, { get?: { responses: Record<string, { content: object }> } }>;
    };
    const mediaTypesOf = (path: string) =>
      Object.keys(doc.paths[`/open311/v2${path}`]?.get?.responses['200']?.content ?? {});
    expect(mediaTypesOf('/services/{service_code}')).toEqual(['text/xml']);
    expect(mediaTypesOf('/services/{service_code}.xml')).toEqual(['text/xml']);
    expect(mediaTypesOf('/services/{service_code}.json')).toEqual(['application/json']);
    expect(mediaTypesOf('/discovery')).toEqual(['text/xml']);
  });
});
