/** Worker routes against the real server: scope, masking, replay downsampling and its audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position } from '../../../domain/tracking/fix';
import type { AuditEntry } from '../../../shared/api';
import {
  MAX_REPLAY_WORKERS,
  TRACKS_API_PATH,
  WORKERS_API_PATH,
  type TracksResponse,
  type WorkerSummary,
  type WorkerToday,
} from '../../../shared/tracking';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { districtDayStartMs } from '../../../domain/districtTime';
import { AUDIT_ACTION_READ_TRACKS } from '../../tracking/workerQueries';

let server: TestServer;
let workersA: number[];
let workersB: number[];
const REPLAY_FIX_COUNT = 3_000;
const REPLAY_START_MS = Date.UTC(2026, 10, 20, 1, 0, 0);
const TODAY_FIX_COUNT = 30;
let todayFixTimesMs: number[];

/** A zigzag walk at 1 Hz: every corner matters, so downsampling has real work to do. */
function replayFix(workerId: number, index: number): Position {
  const fixTimeMs = REPLAY_START_MS + index * 1000;
  return {
    workerId,
    fixTimeMs,
    lon: 119.26 + index * 1e-5,
    lat: 26.05 + (index % 20 < 10 ? index % 10 : 10 - (index % 10)) * 1e-5,
    accuracyM: 5,
    speedMps: 1.2,
    headingDeg: null,
    receivedAtMs: fixTimeMs,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  const half = server.district.workerIds.length / 2;
  workersA = server.district.workerIds.slice(0, half);
  workersB = server.district.workerIds.slice(half);
  const nowMs = Date.now();
  todayFixTimesMs = Array.from(
    { length: TODAY_FIX_COUNT },
    (_, index) => nowMs - (TODAY_FIX_COUNT - index) * 2000,
  );
  const store = server.server.stores.tracking;
  await store.insertPositions(
    Array.from({ length: REPLAY_FIX_COUNT }, (_, index) => replayFix(workersA[0]!, index)),
  );
  await store.insertPositions(
    todayFixTimesMs.map((fixTimeMs, index) => ({
      ...replayFix(workersA[1]!, index),
      fixTimeMs,
      receivedAtMs: fixTimeMs,
    })),
  );
});

afterAll(async () => {
  await server.close();
});

describe('worker routes', () => {
  it('lists the workers in scope, names masked for a viewer', async () => {
    const dispatcher = await server.request('GET', WORKERS_API_PATH, {
      token: await server.login('dispatcher'),
    });
    expect(dispatcher.status).toBe(200);
    const dispatcherWorkers = dispatcher.json as WorkerSummary[];
    expect(dispatcherWorkers.map((worker) => worker.workerId)).toEqual(workersA);
    expect(dispatcherWorkers[0]!.displayName).toBe('网格员1');
    expect(dispatcherWorkers[0]!.gridNames).toHaveLength(1);
    expect(dispatcher.text).not.toMatch(/130{6,}\d/); // workers' phones never go out

    const viewer = await server.request('GET', WORKERS_API_PATH, {
      token: await server.login('viewer'),
    });
    const viewerWorkers = viewer.json as WorkerSummary[];
    expect(viewerWorkers).toHaveLength(server.district.workerIds.length);
    expect(new Set(viewerWorkers.map((worker) => worker.displayName))).toEqual(new Set(['网***']));
  });

  it('answers 403 for a foreign grid, 404 alike for a foreign or unknown worker', async () => {
    const token = await server.login('dispatcher');
    const [streetA, streetB] = server.district.streetCodes as [string, string];
    expect(
      (await server.request('GET', `${WORKERS_API_PATH}?grid=${streetB}`, { token })).status,
    ).toBe(403);
    expect(
      (await server.request('GET', `${WORKERS_API_PATH}?grid=${streetA}`, { token })).status,
    ).toBe(200);
    const foreign = await server.request('GET', `${WORKERS_API_PATH}/${workersB[0]}/today`, {
      token,
    });
    const unknown = await server.request('GET', `${WORKERS_API_PATH}/9999/today`, { token });
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(unknown.text);
    const mixed = await server.request(
      'GET',
      `${TRACKS_API_PATH}?workerIds=${workersA[0]},${workersB[0]}&fromMs=0&toMs=1000`,
      { token },
    );
    expect(mixed.status).toBe(404);
  });

  it('counts the district day on the worker card', async () => {
    const answer = await server.request('GET', `${WORKERS_API_PATH}/${workersA[1]}/today`, {
      token: await server.login('dispatcher'),
    });
    expect(answer.status).toBe(200);
    const today = answer.json as WorkerToday;
    const dayStartMs = districtDayStartMs(Date.now());
    expect(today.dayStartMs).toBeLessThanOrEqual(Date.now());
    expect(today.fixCount).toBe(todayFixTimesMs.filter((timeMs) => timeMs >= dayStartMs).length);
    expect(today.distanceWalkedM).toBeGreaterThan(0);
    expect(today.worker.workerId).toBe(workersA[1]);
  });

  it('downsamples a long replay, keeps its ends, and writes one audit row', async () => {
    const token = await server.login('dispatcher');
    const maxPoints = 500;
    const toMs = REPLAY_START_MS + REPLAY_FIX_COUNT * 1000;
    const answer = await server.request(
      'GET',
      `${TRACKS_API_PATH}?workerIds=${workersA[0]},${workersA[1]}&fromMs=${REPLAY_START_MS}&toMs=${toMs}&maxPoints=${maxPoints}`,
      { token },
    );
    expect(answer.status).toBe(200);
    const { tracks } = answer.json as TracksResponse;
    const track = tracks.find((candidate) => candidate.workerId === workersA[0])!;
    expect(track.storedCount).toBe(REPLAY_FIX_COUNT);
    expect(track.downsampled).toBe(true);
    expect(track.points.length).toBeLessThanOrEqual(maxPoints);
    expect(track.points.length).toBeGreaterThan(maxPoints / 2);
    expect(track.points[0]!.fixTimeMs).toBe(REPLAY_START_MS);
    expect(track.points.at(-1)!.fixTimeMs).toBe(REPLAY_START_MS + (REPLAY_FIX_COUNT - 1) * 1000);

    const audit = await server.request('GET', '/api/audit?pageSize=100', {
      token: await server.login('admin'),
    });
    const rows = (audit.json as { items: AuditEntry[] }).items.filter(
      (row) => row.action === AUDIT_ACTION_READ_TRACKS,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      username: 'dispatcher',
      targetType: 'worker',
      targetId: `${workersA[0]},${workersA[1]}`,
    });
  });

  it('refuses a range longer than a replay may be', async () => {
    const answer = await server.request(
      'GET',
      `${TRACKS_API_PATH}?workerIds=${workersA[0]}&fromMs=0&toMs=${30 * 24 * 3600 * 1000}`,
      { token: await server.login('dispatcher') },
    );
    expect(answer.status).toBe(400);
    const beyondDates = await server.request(
      'GET',
      `${TRACKS_API_PATH}?workerIds=${workersA[0]}&fromMs=9000000000000000&toMs=9000000000000001`,
      { token: await server.login('dispatcher') },
    );
    expect(beyondDates.status).toBe(400);
  });

  it('refuses more workers in one replay than the wall offers', async () => {
    const token = await server.login('dispatcher');
    const ids = (count: number) => Array.from({ length: count }, () => workersA[0]).join(',');
    const toMs = REPLAY_START_MS + 1000;
    const at = (count: number) =>
      `${TRACKS_API_PATH}?workerIds=${ids(count)}&fromMs=${REPLAY_START_MS}&toMs=${toMs}`;
    expect((await server.request('GET', at(MAX_REPLAY_WORKERS), { token })).status).toBe(200);
    expect((await server.request('GET', at(MAX_REPLAY_WORKERS + 1), { token })).status).toBe(400);
  });

  it('documents the worker routes in the OpenAPI document', async () => {
    const answer = await server.request('GET', '/api/openapi.json');
    const paths = Object.keys((answer.json as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        WORKERS_API_PATH,
        `${WORKERS_API_PATH}/{workerId}/today`,
        TRACKS_API_PATH,
        '/api/users/{username}/scopes',
      ]),
    );
  });
});
