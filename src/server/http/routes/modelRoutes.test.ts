/** Unit volumes and the district's own model on the real server: scope, box, bad input, files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveUnitAt, type UnitVolume } from '../../../domain/geo/unitVolumes';
import { startTestServer, TEST_DISTRICT_SIZE, type TestServer } from '../../testing/testServer';

let server: TestServer;
const modelDir = mkdtempSync(join(tmpdir(), 'model-'));
const previousSetting = process.env.PHOTOGRAMMETRY_TILESET;

beforeAll(async () => {
  writeFileSync(
    join(modelDir, 'tileset.json'),
    JSON.stringify({ asset: { version: '1.0' }, geometricError: 10 }),
  );
  process.env.PHOTOGRAMMETRY_TILESET = join(modelDir, 'tileset.json');
  process.env.PHOTOGRAMMETRY_OFFSET = '1,-2,3.5';
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
  if (previousSetting === undefined) delete process.env.PHOTOGRAMMETRY_TILESET;
  else process.env.PHOTOGRAMMETRY_TILESET = previousSetting;
  delete process.env.PHOTOGRAMMETRY_OFFSET;
});

type Volumes = { volumes: UnitVolume[]; truncated: boolean };

describe('unit volumes route', () => {
  it('needs a session', async () => {
    const answer = await server.request(
      'GET',
      `/api/volumes?gridCode=${server.district.districtCode}`,
    );
    expect(answer.status).toBe(401);
  });

  it('gives every unit of a grid as a volume that resolves back to itself', async () => {
    const token = await server.login('admin');
    const grid = server.district.baseGridCodes[0]!;
    const answer = await server.request('GET', `/api/volumes?gridCode=${grid}`, { token });
    expect(answer.status).toBe(200);
    const { volumes, truncated } = answer.json as Volumes;
    const size = TEST_DISTRICT_SIZE;
    expect(truncated).toBe(false);
    expect(volumes).toHaveLength(size.buildingsPerGrid * size.floors * size.unitsPerFloor);
    for (const volume of volumes) {
      const outer = volume.rings[0]!;
      const lon = outer.reduce((sum, point) => sum + point[0], 0) / outer.length;
      const lat = outer.reduce((sum, point) => sum + point[1], 0) / outer.length;
      // The synthetic test buildings stand 10 m apart and overlap, so resolve within one building.
      const sameBuilding = volumes.filter((other) => other.buildingId === volume.buildingId);
      const hit = resolveUnitAt(
        { lon, lat, heightM: (volume.bottomM + volume.topM) / 2 },
        sameBuilding,
      );
      expect(hit?.unitId).toBe(volume.unitId);
    }
  });

  it('answers a box, and only what the caller scope holds', async () => {
    const admin = await server.login('admin');
    const dispatcher = await server.login('dispatcher');
    const all = (
      await server.request('GET', '/api/volumes?west=-180&south=-90&east=180&north=90', {
        token: admin,
      })
    ).json as Volumes;
    const scoped = (
      await server.request('GET', '/api/volumes?west=-180&south=-90&east=180&north=90', {
        token: dispatcher,
      })
    ).json as Volumes;
    expect(all.volumes.length).toBeGreaterThan(scoped.volumes.length);
    expect(scoped.volumes.length).toBeGreaterThan(0);
    const empty = (
      await server.request('GET', '/api/volumes?west=0&south=0&east=1&north=1', { token: admin })
    ).json as Volumes;
    expect(empty.volumes).toEqual([]);
  });

  it('refuses half a box or no area, in Chinese and English', async () => {
    const token = await server.login('admin');
    for (const query of ['west=1&south=2', '', 'west=2&south=0&east=1&north=1']) {
      const answer = await server.request('GET', `/api/volumes?${query}`, { token });
      expect(answer.status, query).toBe(400);
      expect((answer.json as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('photogrammetry route', () => {
  it('says where the configured model is, with its offset, and serves a local one', async () => {
    const token = await server.login('viewer');
    const answer = await server.request('GET', '/api/photogrammetry', { token });
    expect(answer.json).toEqual({
      configured: true,
      url: '/photogrammetry/tileset.json',
      offset: { eastM: 1, northM: -2, upM: 3.5 },
    });
    const file = await server.request('GET', '/photogrammetry/tileset.json');
    expect(file.status).toBe(200);
    expect(file.json).toMatchObject({ asset: { version: '1.0' } });
    const missing = await server.request('GET', '/photogrammetry/nothing.b3dm');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ statusCode: 404 });
  });

  it('is in the OpenAPI document', async () => {
    const answer = await server.request('GET', '/api/openapi.json');
    const paths = Object.keys((answer.json as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/volumes', '/api/photogrammetry']));
  });
});
