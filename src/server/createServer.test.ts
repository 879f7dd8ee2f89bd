/**
 * Masking over everything: an admin crawl of every GET route must not contain one full ID
 * number or phone (checked against the fixture's known values and by pattern); only the reveal
 * answer holds them. Also: OpenAPI, static app and tilesets, headers, unknown routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdentifier } from '../domain/idNumber';
import type {
  BuildingDetail,
  BuildingListItem,
  GridNode,
  Page,
  PersonView,
  UnitDetail,
} from '../shared/api';
import { createServer } from './createServer';
import { syntheticPerson } from './testing/syntheticDistrict';
import { startTestServer, TEST_APP_HTML, type TestServer } from './testing/testServer';

const FULL_ID_PATTERN = /\d{17}[\dX]/;
const FULL_PHONE_PATTERN = /(?<!\d)1\d{10}(?!\d)/;

let server: TestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer();
  adminToken = await server.login('admin');
});

afterAll(async () => {
  await server?.close();
});

/** Every string value inside a JSON document (numbers such as coordinates are not scanned). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

async function crawlAsAdmin(): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const get = async (path: string): Promise<unknown> => {
    const answer = await server.request('GET', path, { token: adminToken });
    expect(answer.status, path).toBe(200);
    bodies.set(path, answer.text);
    return answer.json;
  };
  for (const path of [
    '/api/health',
    '/api/auth/me',
    '/api/config',
    '/api/basemap',
    '/api/themes/units',
    '/api/audit',
    '/api/openapi.json',
  ]) {
    await get(path);
  }
  const grids = (await get('/api/grids')) as GridNode[];
  for (const grid of grids) {
    await get(`/api/grids/${grid.code}`);
    await get(`/api/grids/${grid.code}/buildings?pageSize=100`);
  }
  const buildings = (await get(
    `/api/grids/${server.district.districtCode}/buildings?pageSize=100`,
  )) as Page<BuildingListItem>;
  for (const listed of buildings.items) {
    const building = (await get(`/api/buildings/${listed.id}`)) as BuildingDetail;
    for (const unitSummary of building.units) {
      const unit = (await get(`/api/units/${unitSummary.id}`)) as UnitDetail;
      for (const member of unit.households.flatMap((household) => household.members)) {
        await get(`/api/persons/${member.id}`);
      }
    }
  }
  for (const query of ['幸福路', '0018', '0001', '王芳', 'Building', '1号楼']) {
    await get(`/api/search?q=${encodeURIComponent(query)}&pageSize=100`);
  }
  return bodies;
}

describe('masking', () => {
  it('no full ID number or phone appears in any GET answer, and masks keep the last 4 only', async () => {
    const bodies = await crawlAsAdmin();
    expect(bodies.size).toBeGreaterThan(server.district.personCount);
    const fullValues: string[] = [];
    for (let personId = 1; personId <= server.district.personCount; personId++) {
      const person = syntheticPerson(personId);
      fullValues.push(person.idNumber);
      if (person.phone !== null) fullValues.push(person.phone);
    }
    for (const [path, body] of bodies) {
      for (const value of fullValues)
        expect(body.includes(value), `${path} leaks ${maskIdentifier(value)}`).toBe(false);
      for (const text of stringsOf(JSON.parse(body))) {
        expect(FULL_ID_PATTERN.test(text), `${path}: ${text}`).toBe(false);
        expect(FULL_PHONE_PATTERN.test(text), `${path}: ${text}`).toBe(false);
      }
    }
    const person = JSON.parse(bodies.get('/api/persons/1')!) as PersonView;
    const known = syntheticPerson(1);
    expect(person.idNumberMasked).toBe('*'.repeat(14) + known.idNumber.slice(-4));
    expect(person.phoneMasked).toBe('*'.repeat(7) + known.phone!.slice(-4));
  });

  it('the reveal answer holds exactly the full values, and the audit log then does not', async () => {
    const known = syntheticPerson(2);
    const answer = await server.request('POST', '/api/persons/2/reveal', {
      token: adminToken,
      body: { purpose: 'identity_check', reason: 'identity check at the door' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      personId: 2,
      idNumber: known.idNumber,
      phone: known.phone,
      auditId: expect.any(Number),
    });
    const audit = await server.request('GET', '/api/audit', { token: adminToken });
    expect(audit.text).not.toContain(known.idNumber);
    expect(audit.text).toContain('identity check at the door');
  });
});

describe('OpenAPI', () => {
  it('is an OpenAPI 3 document listing every route with a summary and bearer security', async () => {
    const answer = await server.request('GET', '/api/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.json as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            summary?: string;
            responses?: Record<string, unknown>;
            requestBody?: unknown;
            parameters?: { in: string; name: string; required?: boolean }[];
          }
        >
      >;
      components: { securitySchemes: Record<string, { scheme?: string }> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearerAuth?.scheme).toBe('bearer');
    for (const path of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/config',
      '/api/grids',
      '/api/grids/{code}',
      '/api/grids/{code}/buildings',
      '/api/buildings/{id}',
      '/api/units/{id}',
      '/api/persons/{id}',
      '/api/persons/{id}/reveal',
      '/api/search',
      '/api/audit',
      '/api/basemap',
      '/api/themes/units',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const operation of Object.values(operations)) {
        expect(operation.summary, path).toBeTruthy();
        expect(
          Object.keys(operation.responses ?? {}).some((status) => status.startsWith('2')),
          path,
        ).toBe(true);
        const declared = (operation.parameters ?? []).filter(
          (parameter) => parameter.in === 'path',
        );
        expect(declared.map((parameter) => parameter.name).sort(), path).toEqual(
          [...pathParameters].sort(),
        );
        for (const parameter of declared) expect(parameter.required, path).toBe(true);
      }
    }
    expect(document.paths['/api/persons/{id}/reveal']?.post?.requestBody).toBeDefined();
  });
});

describe('static files and headers', () => {
  it('serves tiles with glTF and JSON content types', async () => {
    const glb = await server.request('GET', '/tilesets/district/tile.glb');
    expect(glb.status).toBe(200);
    expect(glb.headers.get('content-type')).toBe('model/gltf-binary');
    const tileset = await server.request('GET', '/tilesets/district/tileset.json');
    expect(tileset.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('compresses tiles and large API answers for clients that accept gzip', async () => {
    const gzip = { 'accept-encoding': 'gzip' };
    const glb = await server.request('GET', '/tilesets/district/tile.glb', { headers: gzip });
    expect(glb.headers.get('content-encoding')).toBe('gzip');
    const grids = await server.request('GET', '/api/grids', { token: adminToken, headers: gzip });
    expect(grids.headers.get('content-encoding')).toBe('gzip');
    expect((grids.json as unknown[]).length).toBeGreaterThan(0);
  });

  it('falls back to the app shell for client routes but not for API, tileset or Cesium paths', async () => {
    const shell = await server.request('GET', '/buildings/12/floor/3');
    expect(shell.status).toBe(200);
    expect(shell.text).toBe(TEST_APP_HTML);
    for (const path of [
      '/api/nope',
      '/tilesets/district/missing.glb',
      '/cesium/Workers/missing.js',
    ]) {
      const answer = await server.request('GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.json, path).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    expect((await server.request('GET', '/api/nope', { token: adminToken })).status).toBe(404);
  });

  it('sends security headers and keeps API answers out of caches', async () => {
    const answer = await server.request('GET', '/api/config', { token: adminToken });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('says to build the app when there is no build', async () => {
    const bare = await createServer({
      dbPath: server.dbPath,
      staticDir: '/nonexistent/dist',
      tilesetsDir: '/nonexistent/tiles',
      searchWorkers: 0,
    });
    try {
      const url = await bare.listen(0);
      const answer = await fetch(`${url}/`);
      expect(await answer.text()).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});
