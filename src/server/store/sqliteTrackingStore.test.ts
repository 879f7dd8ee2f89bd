import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { SqliteTrackingStore } from './sqliteTrackingStore';

const START_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const SECOND_MS = 1000;

let rootDir: string;
let db: SqliteDatabase;
let store: SqliteTrackingStore;
let baseGridCodes: string[];

function position(workerId: number, second: number, overrides: Partial<Position> = {}): Position {
  return {
    workerId,
    fixTimeMs: START_MS + second * SECOND_MS,
    lon: 119.29 + second * 1e-5,
    lat: 26.08,
    accuracyM: 5,
    speedMps: second % 2 === 0 ? 1.2 : null,
    headingDeg: second % 3 === 0 ? null : 90,
    receivedAtMs: START_MS + 60 * SECOND_MS,
    ...overrides,
  };
}

beforeEach(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-tracking-store-'));
  const dbPath = join(rootDir, 'district.sqlite');
  baseGridCodes = writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE).baseGridCodes;
  db = openDatabase(dbPath);
  store = new SqliteTrackingStore(db);
});

afterEach(() => {
  db.close();
  rmSync(rootDir, { recursive: true, force: true });
});

describe('SqliteTrackingStore workers', () => {
  it('lists workers with their grids and finds one by id', () => {
    store.saveWorkers([
      {
        workerId: 1,
        name: '张伟',
        nameEn: 'Zhang Wei',
        phone: '15000000001',
        gridCodes: [baseGridCodes[1]!, baseGridCodes[0]!],
        synthetic: true,
      },
    ]);
    expect(store.workerById(1)).toEqual({
      workerId: 1,
      name: '张伟',
      nameEn: 'Zhang Wei',
      gridCodes: [baseGridCodes[0]!, baseGridCodes[1]!].sort(),
    });
    expect(store.workerById(999)).toBeNull();
    expect(store.listWorkers().map((worker) => worker.workerId)).toEqual([1, 2, 3, 4]);
  });
});

describe('SqliteTrackingStore device tokens', () => {
  const input = (tokenHash: string, demo = false) => ({
    tokenHash,
    workerId: 1,
    label: 'phone',
    createdAt: '2026-11-27T01:00:00.000Z',
    createdBy: 'admin',
    demo,
  });

  it('finds live tokens by hash only, and revokes them once', () => {
    const record = store.insertDeviceToken(input('hash-a'));
    expect(store.deviceTokenByHash('hash-a')).toEqual(record);
    expect(store.deviceTokenByHash('hash-b')).toBeNull();
    expect(store.revokeDeviceToken(record.deviceId, '2026-11-27T02:00:00.000Z')).toBe(true);
    expect(store.revokeDeviceToken(record.deviceId, '2026-11-27T03:00:00.000Z')).toBe(false);
    expect(store.deviceTokenByHash('hash-a')).toBeNull();
    expect(store.listDeviceTokens()).toEqual([
      { ...record, revokedAt: '2026-11-27T02:00:00.000Z' },
    ]);
  });

  it('revokes every live demo token and nothing else', () => {
    store.insertDeviceToken(input('demo-1', true));
    store.insertDeviceToken(input('demo-2', true));
    store.insertDeviceToken(input('real', false));
    expect(store.revokeDemoDeviceTokens('2026-11-27T02:00:00.000Z')).toBe(2);
    expect(store.revokeDemoDeviceTokens('2026-11-27T02:00:00.000Z')).toBe(0);
    expect(store.deviceTokenByHash('real')).not.toBeNull();
  });
});

describe('SqliteTrackingStore positions', () => {
  it('stores a resent fix once and says which ones were duplicates, in input order', () => {
    const first = store.insertPositions([position(1, 2), position(1, 0), position(2, 0)]);
    expect(first.stored).toHaveLength(3);
    expect(first.duplicates).toEqual([]);
    const resend = [position(1, 0, { lon: 120 }), position(1, 1), position(1, 1)];
    const second = store.insertPositions(resend);
    expect(second.stored).toEqual([resend[1]]);
    expect(second.duplicates).toEqual([resend[0], resend[2]]);
    // The first stored copy wins: a resend cannot rewrite history.
    expect(store.trackOf(1, START_MS, START_MS)[0]!.lon).toBe(119.29);
  });

  it('partitions a long batch with repeats inside and across it: the first occurrence is stored', () => {
    store.insertPositions([3, 150, 299].map((second) => position(1, second)));
    const batch = Array.from({ length: 300 }, (_, second) => position(1, second));
    // Repeats of stored fixes, repeats inside the batch, and another worker at the same times.
    batch.push(position(1, 10), position(1, 120), position(2, 10), position(2, 10));
    const result = store.insertPositions(batch);
    const keyOf = (fix: Position) => `${fix.workerId}:${fix.fixTimeMs}`;
    expect(result.duplicates.map(keyOf)).toEqual(
      [
        position(1, 3),
        position(1, 150),
        position(1, 299),
        position(1, 10),
        position(1, 120),
        position(2, 10),
      ].map(keyOf),
    );
    expect(result.stored).toHaveLength(batch.length - 6);
    expect(store.trackOf(1, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(300);
    expect(store.trackOf(2, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
  });

  it('returns a track ordered by fix time within an inclusive range, nulls kept', () => {
    store.insertPositions([5, 1, 4, 2, 3].map((second) => position(1, second)));
    store.insertPositions([position(2, 3)]);
    const track = store.trackOf(1, START_MS + 2 * SECOND_MS, START_MS + 4 * SECOND_MS);
    expect(track).toEqual([position(1, 2), position(1, 3), position(1, 4)]);
    expect(store.latestPositionsOf(1, 2)).toEqual([position(1, 4), position(1, 5)]);
    expect(store.newestPositions()).toEqual([position(1, 5), position(2, 3)]);
  });

  it('commits positions and counters together, or neither', () => {
    store.commitPositions([position(1, 0), position(1, 1)], new Map([['rejected:not_finite', 2]]));
    store.commitPositions([position(1, 1)], new Map());
    expect(Object.fromEntries(store.readCounters())).toEqual({
      stored: 2,
      duplicate: 1,
      'rejected:not_finite': 2,
    });
    const broken = position(1, 9, { lat: null as unknown as number });
    expect(() =>
      store.commitPositions([position(1, 8), broken], new Map([['throttled', 1]])),
    ).toThrow();
    expect(store.trackOf(1, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(2);
    expect(store.readCounters().get('throttled')).toBeUndefined();
  });

  it('purges fixes older than the cut-off only', () => {
    store.insertPositions([0, 1, 2, 3].map((second) => position(1, second)));
    expect(store.purgePositionsBefore(START_MS + 2 * SECOND_MS)).toBe(2);
    expect(store.trackOf(1, 0, Number.MAX_SAFE_INTEGER).map((fix) => fix.fixTimeMs)).toEqual([
      START_MS + 2 * SECOND_MS,
      START_MS + 3 * SECOND_MS,
    ]);
  });
});

describe('SqliteTrackingStore SOS', () => {
  it('keeps the newest press or clear per worker, whatever order they arrive in', () => {
    store.saveSos(1, true, 2_000);
    store.saveSos(1, false, 1_000);
    store.saveSos(2, true, 500);
    store.saveSos(2, false, 600);
    expect(store.activeSos()).toEqual([{ workerId: 1, atMs: 2_000 }]);
  });
});
