/**
 * A district made only from the sample files (no generator), the way `npm run sample:district`
 * and `DISTRICT_CONFIG=samples/district.config.json npm start` make and serve it: grids,
 * footprints, the XLSX register (its mistakes refused) and the workers' roster imported; tiles
 * built from the imported buildings; the real server then answers with that district — its
 * name, not demo — and units open to their imported households; a roster worker's phone streams
 * fixes that show on the wall's feed, and an incident in his grid is dispatched to him.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { GridNode, UnitDetail } from '../../src/shared/api';
import type { CreateIncidentResponse, IncidentDetail } from '../../src/shared/incidents';
import { DEMO_TILESET_NAME, TILESET_ROUTE } from '../../src/shared/tileset';
import type { WorkerSummary } from '../../src/shared/tracking';
import { parseDistrictConfig, type DistrictConfig } from '../../src/server/config/districtConfig';
import { createServer, type RunningServer } from '../../src/server/createServer';
import { ensureDemoUsers } from '../../src/server/demoUsers';
import type { ImportResult } from '../../src/server/imports/runImport';
import { startTestDevice } from '../../src/server/testing/testDevice';
import { connectTestScreen, waitFor } from '../../src/server/testing/testScreen';
import { buildTileset } from '../tiles/buildTileset';
import { SAMPLE_DISTRICT_CONFIG } from './generateSamples';
import { buildSampleDistrict, SAMPLES_DIR, SampleDistrictExists } from './sampleDistrictBuild';

const PASSWORD = 'sample-district-test';
const FIRST_WORKER_ID = 1001;
const WAIT_MS = 10_000;
let dir: string;
let config: DistrictConfig;
let results: ImportResult[];
let tiles: { tileCount: number; featureCount: number };
let server: RunningServer;
let baseUrl: string;
let admin: string;

async function login(username: string): Promise<string> {
  const answer = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { token: string }).token;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const answer = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${admin}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-sample-district-'));
  config = parseDistrictConfig(
    { ...SAMPLE_DISTRICT_CONFIG, dataDir: join(dir, 'data'), tilesetsDir: join(dir, 'tilesets') },
    join(SAMPLES_DIR, 'district.config.json'),
  );
  results = await buildSampleDistrict(config);
  tiles = await buildTileset({
    dbPath: config.dbPath,
    outDir: join(config.tilesetsDir, DEMO_TILESET_NAME),
  });
  await ensureDemoUsers(config.dbPath, PASSWORD);
  server = await createServer({
    dbPath: config.dbPath,
    tilesetsDir: config.tilesetsDir,
    imagery: config.imagery,
  });
  baseUrl = await server.listen(0, '127.0.0.1');
  admin = await login('admin');
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a district made only from the sample files', () => {
  it('imports every sample file, refusing exactly the register rows made wrong on purpose', () => {
    const byKind = Object.fromEntries(results.map((result) => [result.kind, result]));
    expect(byKind.grids).toMatchObject({ rows: 10, accepted: 10, rejected: 0 });
    expect(byKind.buildings).toMatchObject({ rows: 20, accepted: 20, rejected: 0 });
    expect(byKind.workers).toMatchObject({ rows: 6, accepted: 6, rejected: 0 });
    const register = byKind.registers!;
    // Each mistake row says what it is in its 备注 column; the tag row is only a warning.
    expect(register.rows).toBe(21);
    expect(register.rejected).toBe(9);
    expect(register.problems.map((problem) => problem.code).sort()).toEqual(
      [
        'address-unknown',
        'category-invalid',
        'duplicate-in-file',
        'id-check-digit',
        'id-date',
        'id-old-15',
        'phone-invalid',
        'room-unknown',
        'sex-mismatch',
        'tag-unknown',
      ].sort(),
    );
    expect(readFileSync(register.errorFile!, 'utf8')).toContain('是否为');
  });

  it('will not import twice into a register that already holds buildings', async () => {
    await expect(buildSampleDistrict(config)).rejects.toBeInstanceOf(SampleDistrictExists);
  });

  it('serves its own identity, its grids and the tiles of its imported buildings', async () => {
    expect((await call('GET', '/api/config')).json).toMatchObject({
      districtCode: '350102',
      districtName: SAMPLE_DISTRICT_CONFIG.name.zh,
      demoData: false,
    });
    expect((await call('GET', '/api/grids')).json as GridNode[]).toHaveLength(10);
    expect((await call('GET', '/api/imagery')).json).toEqual({ type: 'bundled' });
    const db = new Database(config.dbPath, { readonly: true });
    const units = (db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
    db.close();
    expect(tiles.featureCount).toBe(units);
    const tileset = await fetch(`${baseUrl}${TILESET_ROUTE}/${DEMO_TILESET_NAME}/tileset.json`);
    expect(tileset.status).toBe(200);
    expect(((await tileset.json()) as { asset: { version: string } }).asset.version).toBe('1.1');
  });

  it('opens a unit to its imported household, identifiers masked for a viewer', async () => {
    const db = new Database(config.dbPath, { readonly: true });
    const { unit_id: unitId } = db
      .prepare(
        'SELECT h.unit_id FROM households h JOIN persons p ON p.household_id = h.id ' +
          'GROUP BY h.unit_id ORDER BY count(*) DESC, h.unit_id LIMIT 1',
      )
      .get() as { unit_id: number };
    db.close();
    const unit = (await call('GET', `/api/units/${unitId}`)).json as UnitDetail;
    const members = unit.households.flatMap((household) => household.members);
    expect(members.length).toBeGreaterThanOrEqual(2);
    const viewer = await login('viewer');
    const asViewer = await fetch(`${baseUrl}/api/units/${unitId}`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    const viewed = (await asViewer.json()) as UnitDetail;
    const seen = viewed.households.flatMap((household) => household.members);
    expect(seen.map((member) => member.name).sort()).toEqual(
      members.map((member) => member.name).sort(),
    );
    for (const member of seen) {
      expect(member.idNumberMasked).toMatch(/^\*+.{4}$/);
      expect(JSON.stringify(member)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('shows a roster worker streaming from his phone and dispatches an incident in his grid to him', async () => {
    const workers = (await call('GET', '/api/workers')).json as WorkerSummary[];
    const worker = workers.find((entry) => entry.workerId === FIRST_WORKER_ID)!;
    expect(worker.gridCodes).toEqual(['350102901001001']);
    const grids = (await call('GET', '/api/grids')).json as GridNode[];
    const grid = grids.find((entry) => entry.code === worker.gridCodes[0])!;

    const issued = await call('POST', '/api/devices', {
      workerId: FIRST_WORKER_ID,
      label: 'sample phone',
    });
    expect(issued.status).toBe(201);
    const screen = connectTestScreen(baseUrl, admin);
    const device = startTestDevice(baseUrl, (issued.json as { token: string }).token);
    try {
      await screen.connected();
      await screen.subscribe([grid.code]);
      const now = Date.now();
      device.enqueue(
        [0, 1, 2].map((step) => ({
          fixTimeMs: now - 2_000 + step * 1_000,
          lon: grid.center.lon + step * 0.00002,
          lat: grid.center.lat,
          accuracyM: 5,
          speedMps: 1.2,
          headingDeg: 90,
        })),
      );
      await device.drained(WAIT_MS);
      await waitFor(() => screen.seenWorkerIds().has(FIRST_WORKER_ID), WAIT_MS, 'a frame');

      const created = await call('POST', '/api/incidents', {
        categoryCode: 'street_order',
        ...grid.center,
        description: '示范小区门口堆物（演示）',
      });
      expect(created.status).toBe(201);
      const { incident } = created.json as CreateIncidentResponse;
      expect(incident.gridCode).toBe(grid.code);
      expect(
        (
          await call('POST', `/api/incidents/${incident.id}/transitions`, {
            command: { action: 'register' },
          })
        ).status,
      ).toBe(200);
      const dispatched = await call('POST', `/api/incidents/${incident.id}/dispatch`, {
        workerId: FIRST_WORKER_ID,
      });
      expect(dispatched.status).toBe(200);
      const detail = (await call('GET', `/api/incidents/${incident.id}`)).json as IncidentDetail;
      expect(detail.state).toBe('dispatched');
      expect(detail.assigneeUsername).toBe(`worker:${FIRST_WORKER_ID}`);
      const seen = (await call('GET', '/api/workers')).json as WorkerSummary[];
      expect(seen.find((entry) => entry.workerId === FIRST_WORKER_ID)!.lastFix).not.toBeNull();
    } finally {
      device.close();
      screen.close();
    }
  });
});
