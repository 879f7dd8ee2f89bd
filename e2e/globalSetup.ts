/**
 * Brings up a small, complete command center for the browser tests: a generated district in a
 * temporary DATA_DIR, its tileset, the built app and the real server on a free port. Tests get
 * the base URL and the demo password through `inject`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { generateDistrict } from '../scripts/district/generateDistrict';
import { buildTileset } from '../scripts/tiles/buildTileset';
import { createServer } from '../src/server/createServer';
import { ensureDemoUsers } from '../src/server/demoUsers';
import { DEMO_TILESET_NAME } from '../src/shared/tileset';
import { buildAppForTests } from './buildAppForTests';

/** Small on purpose: WebGL runs on the CPU (SwiftShader) in these tests. */
const E2E_DISTRICT = { seed: 20240607, buildingCount: 60, residentCount: 3000 };
const PASSWORD_BYTES = 12;
/** Port 0: the system picks a free one, so parallel runs never collide. */
const ANY_FREE_PORT = 0;

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    password: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gcc-e2e-'));
  const dbPath = path.join(dataDir, 'district.sqlite');
  const tilesetsDir = path.join(dataDir, 'tilesets');
  mkdirSync(tilesetsDir, { recursive: true });

  generateDistrict(dbPath, E2E_DISTRICT);
  await buildTileset({ dbPath, outDir: path.join(tilesetsDir, DEMO_TILESET_NAME) });
  const staticDir = await buildAppForTests();

  const password = randomBytes(PASSWORD_BYTES).toString('base64url');
  await ensureDemoUsers(dbPath, password);
  const server = await createServer({ dbPath, staticDir, tilesetsDir });
  const baseUrl = await server.listen(ANY_FREE_PORT);

  project.provide('baseUrl', baseUrl);
  project.provide('password', password);

  return async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
