/**
 * The history backfill on a real district file: real transitions with who and when in the past,
 * written through the server's use cases, visible through the API, and not written twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../../src/shared/api';
import type { IncidentDetail, IncidentListResponse } from '../../../src/shared/incidents';
import { startTestServer, type TestServer } from '../../../src/server/testing/testServer';
import { backfillIncidentHistory } from './incidentBackfill';
import type { IncidentPlace } from './incidentPlaces';

const DAY_MS = 24 * 60 * 60 * 1000;
const DAYS = 3;

let server: TestServer;
let admin: string;
let places: IncidentPlace[];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  const grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
  places = grids
    .filter((grid) => server.district.baseGridCodes.includes(grid.code))
    .map((grid, index) => ({
      id: `estate:${index}`,
      kind: 'old_estate' as const,
      name: `${grid.name}小区`,
      ...grid.center,
    }));
});

afterAll(async () => {
  await server?.close();
});

describe('backfillIncidentHistory', () => {
  it('writes past incidents with dated transitions once', async () => {
    const nowMs = Date.now();
    const workers = server.district.baseGridCodes.map((gridCode, index) => ({
      workerId: index + 1,
      gridCodes: [gridCode],
    }));
    const options = {
      dbPath: server.dbPath,
      places,
      workers,
      nowMs,
      seed: 7,
      days: DAYS,
      ratePerMinute: 0.05,
    };
    const first = await backfillIncidentHistory(options);
    expect(first.skipped).toBe(false);
    expect(first.incidents).toBeGreaterThan(50);
    expect(first.transitions).toBeGreaterThan(first.incidents * 3);

    const list = await server.request('GET', '/api/incidents?pageSize=100', { token: admin });
    const answer = list.json as IncidentListResponse;
    expect(answer.total).toBe(first.incidents);
    const archived = await server.request('GET', '/api/incidents?state=archived&pageSize=1', {
      token: admin,
    });
    const oldest = (archived.json as IncidentListResponse).items[0];
    expect(oldest).toBeDefined();
    expect(oldest!.reportedAtMs).toBeGreaterThanOrEqual(nowMs - DAYS * DAY_MS);
    const detail = (await server.request('GET', `/api/incidents/${oldest!.id}`, { token: admin }))
      .json as IncidentDetail;
    const times = detail.history.map((transition) => transition.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((atMs) => atMs <= nowMs && atMs >= nowMs - DAYS * DAY_MS)).toBe(true);
    expect(detail.history.at(-1)?.actor.username).toBe('admin');
    expect(detail.history.some((transition) => transition.actor.role === 'grid_worker')).toBe(true);
    // Some are still open: the live dispatcher picks them up.
    const open = await server.request('GET', '/api/incidents?openness=open&pageSize=1', {
      token: admin,
    });
    expect((open.json as IncidentListResponse).total).toBeGreaterThan(0);

    expect((await backfillIncidentHistory(options)).skipped).toBe(true);
    const again = await server.request('GET', '/api/incidents?pageSize=1', { token: admin });
    expect((again.json as IncidentListResponse).total).toBe(first.incidents);
  });
});
