/**
 * The 3D view and the register agree: every feature of the built tileset, fetched from the real
 * server, carries a unit key that the API resolves to that same unit (building and floor).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDistrict } from '../district/generateDistrict';
import { buildTileset } from '../tiles/buildTileset';
import { decodeTile } from '../tiles/tileTestKit';
import { createServer, type RunningServer } from '../../src/server/createServer';
import { ensureDemoUsers } from '../../src/server/demoUsers';
import type { LoginResponse, UnitDetail } from '../../src/shared/api';
import { DEMO_TILESET_NAME } from '../../src/shared/tileset';

interface TileJsonNode {
  content?: { uri: string };
  children?: TileJsonNode[];
}

function contentUris(tile: TileJsonNode): string[] {
  return [
    ...(tile.content ? [tile.content.uri] : []),
    ...(tile.children ?? []).flatMap(contentUris),
  ];
}

describe('tileset unit keys resolve through the API', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'gcc-tilekeys-'));
  const dbPath = path.join(workDir, 'district.sqlite');
  const tilesetsDir = path.join(workDir, 'tilesets');
  const password = 'integration-test-password';
  let server: RunningServer;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    generateDistrict(dbPath, { seed: 7, buildingCount: 24, residentCount: 1200 });
    await buildTileset({ dbPath, outDir: path.join(tilesetsDir, DEMO_TILESET_NAME) });
    server = await createServer({ dbPath, staticDir: path.join(workDir, 'no-app'), tilesetsDir });
    await ensureDemoUsers(dbPath, password);
    baseUrl = await server.listen(0);
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    token = ((await login.json()) as LoginResponse).token;
  });

  afterAll(async () => {
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('serves one feature per unit, each resolving to its unit, building and floor', async () => {
    const tilesetUrl = `${baseUrl}/tilesets/${DEMO_TILESET_NAME}/`;
    const tileset = (await (await fetch(`${tilesetUrl}tileset.json`)).json()) as {
      root: TileJsonNode;
    };
    const features: Array<{ unitId: number; buildingId: number; floor: number }> = [];
    for (const uri of contentUris(tileset.root)) {
      const response = await fetch(new URL(uri, tilesetUrl));
      expect(response.status).toBe(200);
      const tile = await decodeTile(new Uint8Array(await response.arrayBuffer()));
      for (let feature = 0; feature < tile.featureCount; feature++) {
        features.push({
          unitId: tile.unitIds[feature]!,
          buildingId: tile.buildingIds[feature]!,
          floor: tile.floors[feature]!,
        });
      }
    }

    const db = new Database(dbPath, { readonly: true });
    const unitCount = (db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
    db.close();
    expect(features.length).toBe(unitCount);
    expect(new Set(features.map((feature) => feature.unitId)).size).toBe(unitCount);

    for (const feature of features) {
      const response = await fetch(`${baseUrl}/api/units/${feature.unitId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      const unit = (await response.json()) as UnitDetail;
      expect({ unitId: unit.id, buildingId: unit.buildingId, floor: unit.floor }).toEqual(feature);
    }
  });
});
