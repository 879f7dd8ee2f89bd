/**
 * Unknown paths under /api and /open311 answer 404 for every method, never the app's HTML:
 * /api with its JSON error, /open311 with the GeoReport error list in the path's format (XML
 * unless the path ends in .json). Known paths asked with a method they do not take too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_APP_HTML, type TestServer } from '../testing/testServer';
import { parseXml, recordOf } from './open311/open311Client.test-helper';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const API_PATHS = ['/api', '/api/', '/api/nope', '/api/v2/requests.json', '/api/incidents/x/y/z'];
const OPEN311_JSON_PATHS = [
  '/open311/v2/discovery.csv.json',
  '/open311/v2/nope.json',
  '/open311/v1/services.json',
  '/open311/v2/requests/INC1/notes.json',
];
const OPEN311_XML_PATHS = [
  '/open311',
  '/open311/',
  '/open311/v2',
  '/open311/v2/nope',
  '/open311/v2/nope.xml',
  '/open311/v2/services/CM01/extra',
];

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

async function ask(method: string, path: string) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    ...(method === 'POST' || method === 'PUT' || method === 'PATCH'
      ? { headers: { 'content-type': 'application/json' }, body: '{}' }
      : {}),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

describe('unknown paths', () => {
  it('still answers the app shell for the app’s own routes', async () => {
    expect((await ask('GET', '/incidents/INC1')).text).toBe(TEST_APP_HTML);
  });

  it.each(METHODS)('answers %s under /api with a JSON 404', async (method) => {
    for (const path of API_PATHS) {
      const answer = await ask(method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.text).not.toContain(TEST_APP_HTML);
      if (method === 'HEAD') continue;
      expect(JSON.parse(answer.text), `${method} ${path}`).toMatchObject({ statusCode: 404 });
    }
  });

  it.each(METHODS)('answers %s under /open311 with the GeoReport 404', async (method) => {
    for (const [paths, type] of [
      [OPEN311_JSON_PATHS, 'application/json'],
      [OPEN311_XML_PATHS, 'text/xml'],
    ] as const) {
      for (const path of paths) {
        const answer = await ask(method, path);
        const where = `${method} ${path}`;
        expect(answer.status, where).toBe(404);
        expect(answer.contentType.startsWith(type), `${where}: ${answer.contentType}`).toBe(true);
        if (method === 'HEAD') continue;
        const errors =
          type === 'text/xml'
            ? Array.from(parseXml(answer.text).children).map(recordOf)
            : (JSON.parse(answer.text) as Array<Record<string, unknown>>);
        expect(errors, where).toEqual([
          {
            code: type === 'text/xml' ? '404' : 404,
            description: expect.stringMatching(/无此接口/),
          },
        ]);
      }
    }
  });

  it('answers a known Open311 path asked with a method it does not take with a 404', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const answer = await ask(method, '/open311/v2/requests.json');
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toEqual([
        { code: 404, description: expect.stringContaining('requests.json') },
      ]);
    }
    expect((await ask('POST', '/open311/v2/services.xml')).status).toBe(404);
  });
});
