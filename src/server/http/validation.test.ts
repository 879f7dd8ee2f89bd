/** Bad input is a 400 whose message names the field, is never coerced into good input, and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, BuildingListItem, Page } from '../../shared/api';
import { startTestServer, type TestServer } from '../testing/testServer';

let server: TestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer();
  adminToken = await server.login('admin');
});

afterAll(async () => {
  await server?.close();
});

async function expectBadRequest(
  method: string,
  path: string,
  field: RegExp,
  body?: unknown,
): Promise<void> {
  const answer = await server.request(method, path, { token: adminToken, body });
  expect(answer.status, `${method} ${path}`).toBe(400);
  expect(answer.json).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  expect((answer.json as { message: string }).message).toMatch(field);
}

describe('400 on bad input', () => {
  it.each([
    ['/api/units/abc', /^params\/id /],
    ['/api/units/0', /^params\/id must be >= 1/],
    ['/api/units/1.5', /^params\/id must be a decimal integer/],
    ['/api/buildings/-3', /^params\/id /],
    ['/api/persons/12abc', /^params\/id /],
    ['/api/grids/12345/buildings', /^params\/code /],
    ['/api/grids/350102x', /^params\/code /],
    ['/api/grids/350102/buildings?pageSize=101', /^querystring\/pageSize must be <= 100/],
    ['/api/grids/350102/buildings?pageSize=0', /^querystring\/pageSize must be >= 1/],
    [
      '/api/grids/350102/buildings?pageSize=ten',
      /^querystring\/pageSize must be a decimal integer/,
    ],
    ['/api/grids/350102/buildings?page=0', /^querystring\/page must be >= 1/],
    ['/api/audit?pageSize=1000', /^querystring\/pageSize /],
    ['/api/search?q=a', /^querystring\/q must NOT have fewer than 2 characters/],
    ['/api/search?q=%20%20%20', /^querystring\/q must match pattern/],
    ['/api/search', /^querystring\/q is required/],
    [`/api/search?q=${'x'.repeat(65)}`, /^querystring\/q must NOT have more than 64 characters/],
    ['/api/search?q=abc&pageSize=101', /^querystring\/pageSize /],
    ['/api/themes/units?gridCode=12', /^querystring\/gridCode /],
  ])('GET %s', async (path, field) => {
    await expectBadRequest('GET', path, field);
  });

  it.each([
    [{ reason: 'a good reason for it' }, /^body\/purpose is required/],
    [{ purpose: 'home_visit' }, /^body\/reason is required/],
    [{ purpose: 'home_visit', reason: 1234 }, /^body\/reason must be string/],
    [{ purpose: 'curiosity', reason: 'a good reason for it' }, /^body\/purpose must/],
    [
      { purpose: 'home_visit', reason: 'x'.repeat(201) },
      /^body\/reason must NOT have more than 200 characters/,
    ],
    [
      { purpose: 'home_visit', reason: 'a good reason for it', fields: ['id_number'] },
      /^body must NOT have additional property 'fields'/,
    ],
    [['a good reason'], /^body must be object/],
    // The domain's reason rules: ten visible characters, not one character repeated.
    [{ purpose: 'home_visit', reason: 'aaaa' }, /visible characters/],
    [{ purpose: 'home_visit', reason: '\u200b'.repeat(12) }, /visible characters/],
    [{ purpose: 'home_visit', reason: 'aaaaaaaaaa' }, /one character repeated/],
  ])('POST reveal with %j', async (body, field) => {
    const before = (
      (await server.request('GET', '/api/audit', { token: adminToken })).json as Page<AuditEntry>
    ).total;
    await expectBadRequest('POST', '/api/persons/1/reveal', field, body);
    const after = (
      (await server.request('GET', '/api/audit', { token: adminToken })).json as Page<AuditEntry>
    ).total;
    expect(after).toBe(before);
  });

  it('rejects malformed JSON and login bodies with extra or missing fields', async () => {
    const malformed = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": "admin",',
    });
    expect(malformed.status).toBe(400);
    await expectBadRequest('POST', '/api/auth/login', /^body\/password is required/, {
      username: 'admin',
    });
    await expectBadRequest(
      'POST',
      '/api/auth/login',
      /^body must NOT have additional property 'role'/,
      {
        username: 'admin',
        password: server.password,
        role: 'admin',
      },
    );
    await expectBadRequest('POST', '/api/auth/login', /^body\/password must be string/, {
      username: 'admin',
      password: 12345678,
    });
  });
});

describe('page limits', () => {
  it('pages through all buildings without overlap and honours the maximum page size', async () => {
    const seen = new Set<number>();
    const pageSize = 3;
    const total = server.district.buildingCount;
    for (let page = 1; page <= Math.ceil(total / pageSize) + 1; page++) {
      const answer = (
        await server.request(
          'GET',
          `/api/grids/350102/buildings?page=${page}&pageSize=${pageSize}`,
          {
            token: adminToken,
          },
        )
      ).json as Page<BuildingListItem>;
      expect(answer).toMatchObject({ page, pageSize, total });
      expect(answer.items.length).toBe(
        Math.max(0, Math.min(pageSize, total - (page - 1) * pageSize)),
      );
      for (const item of answer.items) seen.add(item.id);
    }
    expect(seen.size).toBe(total);
    const maximal = (
      await server.request('GET', '/api/search?q=%E5%B9%B8%E7%A6%8F&pageSize=100', {
        token: adminToken,
      })
    ).json as Page<unknown>;
    expect(maximal.pageSize).toBe(100);
    expect(maximal.total).toBe(server.district.personCount);
    expect(maximal.items.length).toBe(100);
    const defaults = (
      await server.request('GET', '/api/search?q=%E5%B9%B8%E7%A6%8F', { token: adminToken })
    ).json as Page<unknown>;
    expect(defaults).toMatchObject({ page: 1, pageSize: 20 });
    expect(defaults.items.length).toBe(20);
  });
});
