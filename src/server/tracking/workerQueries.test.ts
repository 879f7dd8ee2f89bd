/** The worker card's figures on a known track, with a controlled clock and a known street. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import { pointAt, rectangleRing } from '../../domain/tracking/trackFixtures';
import type { NewAuditRecord } from '../audit/auditRepository';
import type { GridRecord } from '../../domain/registry';
import type { BasemapRecord } from '../registry/registryRecords';
import { GridStreets } from './gridStreets';
import { districtDayStartMs } from '../../domain/districtTime';
import { getTracks, getWorkerToday, type WorkerQueryContext } from './workerQueries';
import type { WorkerRecord } from './trackingRepository';
import { NotFoundError } from '../registry/accessErrors';

const GRID = '350102001001001';
const OTHER_GRID = '350102002001001';
/** 08:30 China Standard Time on 27 November 2026. */
const NOW_MS = Date.UTC(2026, 10, 27, 0, 30, 0);
const STEP_MS = 10_000;
const STEP_M = 10;
const WALK_STEPS = 20;
const PAUSE_STEPS = 40;

const worker: WorkerRecord = { workerId: 7, name: '陈静', nameEn: 'Chen Jing', gridCodes: [GRID] };
const grid: GridRecord = {
  code: GRID,
  parentCode: null,
  level: 4,
  name: '一网格',
  nameEn: 'Grid 1',
  center: pointAt(200, 0),
  polygon: { type: 'Polygon', coordinates: [rectangleRing(0, -100, 400, 100)] },
};
/** A 400 m street along the grid's middle, continuing outside it. */
const street: BasemapRecord = {
  id: 1,
  kind: 'road',
  featureClass: 'secondary',
  name: '',
  nameEn: '',
  widthM: 10,
  geometry: {
    type: 'LineString',
    coordinates: [pointAt(0, 0), pointAt(600, 0)].map((point) => [point.lon, point.lat]),
  },
};

/** Yesterday evening (must not count), then today: 200 m east, a 400 s pause, nothing more. */
function knownTrack(): Position[] {
  const dayStartMs = districtDayStartMs(NOW_MS);
  const fixAt = (eastM: number, fixTimeMs: number): Position => ({
    workerId: worker.workerId,
    ...pointAt(eastM, 0),
    fixTimeMs,
    accuracyM: 5,
    speedMps: null,
    headingDeg: null,
    receivedAtMs: fixTimeMs,
  });
  const track = [fixAt(390, dayStartMs - 60_000)];
  const startMs = dayStartMs + 60 * 60 * 1000;
  for (let step = 0; step <= WALK_STEPS; step++)
    track.push(fixAt(step * STEP_M, startMs + step * STEP_MS));
  for (let step = 1; step <= PAUSE_STEPS; step++) {
    track.push(fixAt(WALK_STEPS * STEP_M, startMs + (WALK_STEPS + step) * STEP_MS));
  }
  return track;
}

function contextWith(track: Position[], audits: NewAuditRecord[]): WorkerQueryContext {
  return {
    tracking: {
      listWorkers: async () => [worker],
      workerById: async (workerId) => (workerId === worker.workerId ? worker : null),
      trackOf: async (_workerId, fromMs, toMs) =>
        track.filter((position) => position.fixTimeMs >= fromMs && position.fixTimeMs <= toMs),
    },
    grids: new GridStreets({ listGrids: () => [grid], listBasemap: () => [street] }),
    audit: {
      recordAudit: async (record) => {
        audits.push(record);
        return audits.length;
      },
    },
    statusOf: () => 'idle',
    newestPositionOf: () => track.at(-1),
    nowMs: () => NOW_MS,
  };
}

const dispatcher = {
  username: 'd',
  role: 'dispatcher' as const,
  scopes: ['350102001'],
  canReveal: true,
};

describe('worker card', () => {
  it('counts today only: distance, half the grid street covered, one stop', async () => {
    const audits: NewAuditRecord[] = [];
    const today = await getWorkerToday(
      contextWith(knownTrack(), audits),
      dispatcher,
      worker.workerId,
    );
    expect(today.dayStartMs).toBe(Date.UTC(2026, 10, 26, 16, 0, 0));
    expect(today.fixCount).toBe(WALK_STEPS + 1 + PAUSE_STEPS);
    expect(today.distanceWalkedM).toBeCloseTo(WALK_STEPS * STEP_M, -1);
    expect(today.gridStreetM).toBeCloseTo(400, -1);
    // 0–200 m walked plus the coverage buffer beyond its end, of 400 m.
    expect(today.patrolCoverage).toBeGreaterThan(0.5);
    expect(today.patrolCoverage).toBeLessThan(0.6);
    expect(today.stops).toHaveLength(1);
    expect(today.worker.displayName).toBe('陈静');
    expect(audits).toHaveLength(1);
  });

  it('masks the name and answers a worker outside the scope as not found', async () => {
    const context = contextWith(knownTrack(), []);
    const viewer = { ...dispatcher, role: 'viewer' as const, canReveal: false };
    expect((await getWorkerToday(context, viewer, worker.workerId)).worker.displayName).toBe('陈*');
    await expect(
      getWorkerToday(context, { ...dispatcher, scopes: [OTHER_GRID] }, worker.workerId),
    ).rejects.toThrow(NotFoundError);
  });

  it('keeps stops from the full track when a replay is downsampled', async () => {
    const audits: NewAuditRecord[] = [];
    const track = knownTrack();
    const answer = await getTracks(contextWith(track, audits), dispatcher, {
      workerIds: [worker.workerId, worker.workerId],
      fromMs: track[0]!.fixTimeMs,
      toMs: NOW_MS,
      maxPoints: 5,
    });
    expect(answer.tracks).toHaveLength(1);
    const [replay] = answer.tracks;
    expect(replay!.points.length).toBeLessThanOrEqual(5);
    expect(replay!.storedCount).toBe(track.length);
    expect(replay!.stops).toHaveLength(1);
    expect(audits).toHaveLength(1);
  });

  it('leaves imprecise fixes out of the replay line but counts them as stored', async () => {
    const track = knownTrack();
    const outlier = {
      ...track[5]!,
      fixTimeMs: track[5]!.fixTimeMs + 1,
      lon: track[5]!.lon + 0.002,
      accuracyM: 300,
    };
    const withOutlier = [...track.slice(0, 6), outlier, ...track.slice(6)];
    const answer = await getTracks(contextWith(withOutlier, []), dispatcher, {
      workerIds: [worker.workerId],
      fromMs: track[0]!.fixTimeMs,
      toMs: NOW_MS,
    });
    const [replay] = answer.tracks;
    expect(replay!.storedCount).toBe(withOutlier.length);
    expect(replay!.points.some((point) => point.fixTimeMs === outlier.fixTimeMs)).toBe(false);
    expect(replay!.points.some((point) => point.fixTimeMs === track[5]!.fixTimeMs)).toBe(true);
  });
});
