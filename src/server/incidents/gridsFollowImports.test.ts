/**
 * Incidents and emergency records are placed in the grids the register has now, on every node:
 * two nodes on one database joined by the test's own Redis; a grids import on one swaps two
 * sibling base grids' polygons, and a point that lay in the first then lies in the second, for
 * reports and records made on either node. On PostgreSQL both ask PostGIS; on SQLite each node
 * reads its grids again on the import's notice (local or relayed). Also: on PostgreSQL an
 * emergency record and an incident at one point name the grid the database has even when the
 * node's snapshot of the district is behind (a change it has not heard of).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridRecord, LonLat } from '../../domain/registry';
import { EMERGENCY_RECORDS_PATH, type EmergencyRecordView } from '../../shared/emergencyRecords';
import type { ImportJobWire, UploadPreviewWire } from '../../shared/imports';
import type { CreateIncidentResponse } from '../../shared/incidents';
import type { RunningServer } from '../createServer';
import { freePort, startTestRedis, type TestRedis } from '../testing/redisServer';
import { runTestSql } from '../testing/testSql';
import { startTestServer, TEST_ENGINE, type TestServer } from '../testing/testServer';

let dir: string;
let redis: TestRedis;
let server: TestServer;
let other: RunningServer;
let otherUrl: string;
let admin: string;
let first: GridRecord;
let second: GridRecord;
let recordCount = 0;

const BASE_GRID_LEVEL = 4;

async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      authorization: `Bearer ${admin}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function incidentGrid(baseUrl: string, point: LonLat): Promise<string> {
  const created = await call(baseUrl, 'POST', '/api/incidents', {
    categoryCode: 'street_order',
    ...point,
    description: 'grid follows imports',
  });
  expect(created.status).toBe(201);
  return (created.json as CreateIncidentResponse).incident.gridCode;
}

async function recordGrid(baseUrl: string, point: LonLat): Promise<string | null> {
  recordCount += 1;
  const created = await call(baseUrl, 'POST', EMERGENCY_RECORDS_PATH, {
    kind: 'resource',
    name: `网格随导入 ${recordCount}`,
    location: point,
    attributes: { resourceType: 'rescue_team', quantity: 3 },
  });
  expect(created.status).toBe(200);
  return (created.json as EmergencyRecordView).gridCode;
}

/** Where both nodes place a report and a record at `point`. */
async function placedBy(point: LonLat): Promise<Array<string | null>> {
  return [
    await incidentGrid(server.baseUrl, point),
    await recordGrid(server.baseUrl, point),
    await incidentGrid(otherUrl, point),
    await recordGrid(otherUrl, point),
  ];
}

function feature(grid: GridRecord, polygon: GridRecord['polygon']) {
  return {
    type: 'Feature',
    properties: { 网格编码: grid.code, 网格名称: grid.name, 层级: grid.level },
    geometry: polygon,
  };
}

async function importGrids(features: unknown[]): Promise<ImportJobWire> {
  const body = JSON.stringify({ type: 'FeatureCollection', features });
  const uploaded = await fetch(
    `${server.baseUrl}/api/imports/uploads?kind=grids&name=${encodeURIComponent('grids.geojson')}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
      body,
    },
  );
  expect(uploaded.status).toBe(201);
  const { uploadId } = (await uploaded.json()) as UploadPreviewWire;
  const started = await call(server.baseUrl, 'POST', '/api/imports/jobs', {
    uploadId,
    dryRun: false,
  });
  expect(started.status).toBe(202);
  const jobId = (started.json as ImportJobWire).id;
  for (let attempt = 0; attempt < 300; attempt++) {
    const job = (await call(server.baseUrl, 'GET', `/api/imports/jobs/${jobId}`))
      .json as ImportJobWire;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('import job did not finish');
}

/** Until `check` passes or `ms` ran out (a relayed notice takes a moment to arrive). */
async function eventually(check: () => Promise<void>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-grids-follow-'));
  redis = await startTestRedis(dir, await freePort());
  const cluster = (nodeId: string) => ({
    redisUrl: redis.url,
    nodeId,
    keyPrefix: `gcc-grids-follow-${process.pid}`,
  });
  server = await startTestServer(undefined, { cluster: cluster('node-a') });
  other = await server.startAnother({ cluster: cluster('node-b') });
  otherUrl = await other.listen(0);
  admin = await server.login('admin');
  // Two base grids of one parent: swapping their polygons keeps the hierarchy's checks happy.
  const base = server.server.stores.district
    .listGrids()
    .filter((grid) => grid.level === BASE_GRID_LEVEL);
  const pair = base.flatMap((grid) => {
    const sibling = base.find((g) => g.parentCode === grid.parentCode && g.code !== grid.code);
    return sibling === undefined ? [] : [[grid, sibling] as const];
  })[0];
  if (pair === undefined) throw new Error('no two sibling base grids in the test district');
  [first, second] = pair;
}, 60_000);

afterAll(async () => {
  await other?.close();
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('grids after an import', () => {
  it('place reports and records in the imported grids, on both nodes', async () => {
    const point = first.center;
    expect(await placedBy(point)).toEqual([first.code, first.code, first.code, first.code]);

    const swapped = await importGrids([
      feature(first, second.polygon),
      feature(second, first.polygon),
    ]);
    expect(swapped.state).toBe('done');
    expect(swapped.result?.changes.updated).toBe(2);
    await eventually(async () => {
      expect(await placedBy(point)).toEqual([second.code, second.code, second.code, second.code]);
    });

    const back = await importGrids([
      feature(first, first.polygon),
      feature(second, second.polygon),
    ]);
    expect(back.state).toBe('done');
    await eventually(async () => {
      expect(await placedBy(point)).toEqual([first.code, first.code, first.code, first.code]);
    });
  });

  it.runIf(TEST_ENGINE === 'postgres')(
    'on PostgreSQL, place a record where the database says even before the node hears of it',
    async () => {
      // Written behind the servers' backs: no notice, so the nodes' snapshots keep the old rows.
      await runTestSql(server, 'UPDATE grids SET polygon = ? WHERE code = ?', [
        JSON.stringify(second.polygon),
        first.code,
      ]);
      await runTestSql(server, 'UPDATE grids SET polygon = ? WHERE code = ?', [
        JSON.stringify(first.polygon),
        second.code,
      ]);
      const point = first.center;
      expect(await recordGrid(server.baseUrl, point)).toBe(
        await incidentGrid(server.baseUrl, point),
      );
      expect(await recordGrid(server.baseUrl, point)).toBe(second.code);
    },
  );
});
