import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { SqliteTrackingStore, sqliteTrackingRepository } from '../store/sqliteTrackingStore';
import { MS_PER_DAY, PURGE_INTERVAL_MS, RetentionPurge } from './retentionPurge';
import { PURGED_COUNTER } from './trackingCounters';

const NOW_MS = Date.UTC(2026, 10, 27, 3, 0, 0);
const RETENTION_DAYS = 30;

let rootDir: string;
let db: SqliteDatabase;
let store: SqliteTrackingStore;

function fixAgedDays(days: number, workerId = 1): Position {
  return {
    workerId,
    fixTimeMs: NOW_MS - days * MS_PER_DAY,
    lon: 119.29,
    lat: 26.08,
    accuracyM: 5,
    speedMps: null,
    headingDeg: null,
    receivedAtMs: NOW_MS,
  };
}

beforeEach(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-purge-'));
  db = openDatabase(join(rootDir, 'purge.sqlite'));
  store = new SqliteTrackingStore(db);
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
  rmSync(rootDir, { recursive: true, force: true });
});

describe('RetentionPurge', () => {
  it('deletes fixes older than the retention period only, and counts them', async () => {
    store.insertPositions([fixAgedDays(45), fixAgedDays(31, 2), fixAgedDays(29), fixAgedDays(0)]);
    const purge = new RetentionPurge(sqliteTrackingRepository(store), RETENTION_DAYS, () => NOW_MS);
    expect(await purge.purgeNow()).toBe(2);
    expect(store.trackOf(1, 0, NOW_MS).map((fix) => fix.fixTimeMs)).toEqual([
      fixAgedDays(29).fixTimeMs,
      NOW_MS,
    ]);
    expect(store.trackOf(2, 0, NOW_MS)).toEqual([]);
    expect(store.readCounters().get(PURGED_COUNTER)).toBe(2);
  });

  it('purges at start and every hour until stopped', async () => {
    vi.useFakeTimers();
    let nowMs = NOW_MS;
    store.insertPositions([fixAgedDays(31)]);
    const purge = new RetentionPurge(sqliteTrackingRepository(store), RETENTION_DAYS, () => nowMs);
    purge.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.trackOf(1, 0, NOW_MS)).toEqual([]);
    store.insertPositions([fixAgedDays(29.99)]);
    nowMs += PURGE_INTERVAL_MS;
    await vi.advanceTimersByTimeAsync(PURGE_INTERVAL_MS);
    expect(store.readCounters().get(PURGED_COUNTER)).toBe(2);
    await purge.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a retention period that is not positive', () => {
    expect(() => new RetentionPurge(sqliteTrackingRepository(store), 0, () => NOW_MS)).toThrow(
      RangeError,
    );
  });
});
