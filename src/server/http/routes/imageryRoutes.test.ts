import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/testServer';

/** A PNG signature and a few bytes: the route serves bytes, it does not decode them. */
const TILE = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('tile-1-1-0'),
]);

let dir: string;
let server: TestServer;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-imagery-'));
  const packagePath = join(dir, 'base.mbtiles');
  const pack = new Database(packagePath);
  pack.exec(`CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);`);
  pack.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', 'png');
  pack.prepare('INSERT INTO metadata VALUES (?, ?)').run('minzoom', '0');
  pack.prepare('INSERT INTO metadata VALUES (?, ?)').run('maxzoom', '1');
  // XYZ 1/1/0 is TMS row 1 at zoom 1.
  pack.prepare('INSERT INTO tiles VALUES (1, 1, 1, ?)').run(TILE);
  pack.close();
  server = await startTestServer(undefined, { imagery: { type: 'mbtiles', path: packagePath } });
  token = await server.login('viewer');
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/imagery (an MBTiles package)', () => {
  it('says the globe uses the package, with its format and levels', async () => {
    const answer = await server.request('GET', '/api/imagery', { token });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      type: 'package',
      format: 'png',
      minimumLevel: 0,
      maximumLevel: 1,
    });
  });

  it('serves a tile by XYZ numbering (the package stores TMS rows)', async () => {
    const response = await fetch(`${server.baseUrl}/api/imagery/1/1/0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(TILE)).toBe(true);
  });

  it('answers 404 where the package has no tile, and for numbers outside the zoom level', async () => {
    expect((await server.request('GET', '/api/imagery/1/0/0', { token })).status).toBe(404);
    expect((await server.request('GET', '/api/imagery/1/2/0', { token })).status).toBe(404);
  });

  it('needs a session', async () => {
    expect((await server.request('GET', '/api/imagery/1/1/0')).status).toBe(401);
    expect((await server.request('GET', '/api/imagery')).status).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const answer = await server.request('GET', '/api/openapi.json');
    const paths = Object.keys((answer.json as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/imagery', '/api/imagery/{z}/{x}/{y}']));
  });
});
