import { describe, expect, it } from 'vitest';
import type { Fix } from './fix';
import { pointAt, TEST_START_MS } from './trackFixtures';
import {
  deriveWorkerStatus,
  IDLE_AFTER_MS,
  isMovingFix,
  OFFLINE_AFTER_MS,
  updateWorkerActivity,
  type WorkerActivity,
} from './workerStatus';

const MINUTE_MS = 60_000;

function fixAt(eastM: number, fixTimeMs: number, speedMps: number | null): Fix {
  return { workerId: 7, fixTimeMs, ...pointAt(eastM, 0), accuracyM: 5, speedMps, headingDeg: null };
}

describe('isMovingFix', () => {
  it('trusts a reported speed', () => {
    expect(isMovingFix(null, fixAt(0, TEST_START_MS, 1.3))).toBe(true);
    expect(isMovingFix(null, fixAt(0, TEST_START_MS, 0.2))).toBe(false);
  });

  it('falls back to displacement beyond the accuracy radii when speed is unknown', () => {
    const previous = fixAt(0, TEST_START_MS, null);
    expect(isMovingFix(previous, fixAt(30, TEST_START_MS + 20_000, null))).toBe(true);
    expect(isMovingFix(previous, fixAt(6, TEST_START_MS + 20_000, null))).toBe(false);
    // Far enough, but over an hour: not walking pace.
    expect(isMovingFix(previous, fixAt(30, TEST_START_MS + 3_600_000, null))).toBe(false);
    expect(isMovingFix(null, fixAt(30, TEST_START_MS, null))).toBe(false);
  });
});

describe('deriveWorkerStatus with a controlled clock', () => {
  it('goes online, idle when standing, online again when walking, then offline', () => {
    let activity: WorkerActivity | null = null;
    let previous: Fix | null = null;
    const feed = (fix: Fix): void => {
      activity = updateWorkerActivity(activity, previous, fix);
      previous = fix;
    };
    expect(deriveWorkerStatus(activity, TEST_START_MS)).toBe('offline');

    // Walking for 5 minutes, then standing with a fix every minute.
    for (let minute = 0; minute <= 5; minute++)
      feed(fixAt(minute * 80, TEST_START_MS + minute * MINUTE_MS, 1.3));
    expect(deriveWorkerStatus(activity, TEST_START_MS + 5 * MINUTE_MS)).toBe('online');
    const lastMoveMs = TEST_START_MS + 5 * MINUTE_MS;
    for (let minute = 6; minute <= 25; minute++)
      feed(fixAt(400, TEST_START_MS + minute * MINUTE_MS, 0.1));
    expect(deriveWorkerStatus(activity, lastMoveMs + IDLE_AFTER_MS - 1)).toBe('online');
    expect(deriveWorkerStatus(activity, lastMoveMs + IDLE_AFTER_MS)).toBe('idle');

    feed(fixAt(450, TEST_START_MS + 26 * MINUTE_MS, 1.4));
    expect(deriveWorkerStatus(activity, TEST_START_MS + 26 * MINUTE_MS)).toBe('online');

    const newestMs = TEST_START_MS + 26 * MINUTE_MS;
    expect(deriveWorkerStatus(activity, newestMs + OFFLINE_AFTER_MS - 1)).toBe('online');
    expect(deriveWorkerStatus(activity, newestMs + OFFLINE_AFTER_MS)).toBe('offline');
  });

  it('keeps the newest fix time when an older fix arrives late', () => {
    const first = updateWorkerActivity(null, null, fixAt(0, TEST_START_MS + MINUTE_MS, 1));
    const afterLate = updateWorkerActivity(first, null, fixAt(0, TEST_START_MS, 1));
    expect(afterLate.newestFixTimeMs).toBe(TEST_START_MS + MINUTE_MS);
    expect(afterLate.lastMovedAtMs).toBe(TEST_START_MS + MINUTE_MS);
  });

  it('lets SOS win over offline and idle', () => {
    const quiet: WorkerActivity = {
      newestFixTimeMs: TEST_START_MS,
      lastMovedAtMs: TEST_START_MS,
      sosActive: true,
    };
    expect(deriveWorkerStatus(quiet, TEST_START_MS + 10 * OFFLINE_AFTER_MS)).toBe('sos');
    expect(
      deriveWorkerStatus({ ...quiet, sosActive: false }, TEST_START_MS + 10 * OFFLINE_AFTER_MS),
    ).toBe('offline');
  });

  it('accepts custom thresholds', () => {
    const activity: WorkerActivity = { newestFixTimeMs: 0, lastMovedAtMs: 0, sosActive: false };
    const thresholds = { offlineAfterMs: 100, idleAfterMs: 50 };
    expect(deriveWorkerStatus(activity, 49, thresholds)).toBe('online');
    expect(deriveWorkerStatus(activity, 50, thresholds)).toBe('idle');
    expect(deriveWorkerStatus(activity, 100, thresholds)).toBe('offline');
  });
});
