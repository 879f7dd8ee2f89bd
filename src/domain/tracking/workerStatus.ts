/**
 * A worker's status on the wall (online / idle / offline / SOS), derived from how old the newest
 * fix is and when the worker last moved, against a clock passed in, so that the server's status
 * sweep and the tests agree without timers. SOS wins over everything: a worker in trouble whose
 * phone has gone quiet must still stand out.
 */
import type { Fix, WorkerStatus } from './fix';
import { groundDistanceM } from '../geo/groundDistance';
import { jitterThresholdM } from './walkedDistance';

/** No fix for this long: the phone is off, out of coverage, or the shift is over. */
export const OFFLINE_AFTER_MS = 5 * 60 * 1000;
/** Not moving for this long while still reporting: worth a dispatcher's glance. */
export const IDLE_AFTER_MS = 15 * 60 * 1000;
/** Below a slow stroll (about 1.8 km/h); GPS speed of a phone standing still jitters under it. */
export const MOVING_SPEED_MPS = 0.5;

export interface StatusThresholds {
  offlineAfterMs: number;
  idleAfterMs: number;
}

export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = {
  offlineAfterMs: OFFLINE_AFTER_MS,
  idleAfterMs: IDLE_AFTER_MS,
};

/** What the status depends on, kept per worker and updated per accepted fix. */
export interface WorkerActivity {
  newestFixTimeMs: number;
  /** Fix time of the newest fix showing movement (the first fix counts: benefit of the doubt). */
  lastMovedAtMs: number;
  sosActive: boolean;
}

/**
 * Whether a fix shows the worker moving: by its reported speed when there is one, otherwise by
 * displacement from the previous fix beyond both accuracy radii at a walking-like rate.
 */
export function isMovingFix(previous: Fix | null, fix: Fix): boolean {
  if (fix.speedMps !== null) return fix.speedMps >= MOVING_SPEED_MPS;
  if (previous === null) return false;
  const gapS = Math.abs(fix.fixTimeMs - previous.fixTimeMs) / 1000;
  const displacementM = groundDistanceM(previous, fix);
  if (displacementM <= jitterThresholdM(previous, fix)) return false;
  return gapS === 0 || displacementM / gapS >= MOVING_SPEED_MPS;
}

/** The activity after one more accepted fix; `previous` is the fix just before it in time. */
export function updateWorkerActivity(
  activity: WorkerActivity | null,
  previous: Fix | null,
  fix: Fix,
): WorkerActivity {
  if (activity === null) {
    return { newestFixTimeMs: fix.fixTimeMs, lastMovedAtMs: fix.fixTimeMs, sosActive: false };
  }
  const moved = isMovingFix(previous, fix);
  return {
    newestFixTimeMs: Math.max(activity.newestFixTimeMs, fix.fixTimeMs),
    lastMovedAtMs: moved ? Math.max(activity.lastMovedAtMs, fix.fixTimeMs) : activity.lastMovedAtMs,
    sosActive: activity.sosActive,
  };
}

export function deriveWorkerStatus(
  activity: WorkerActivity | null,
  nowMs: number,
  thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
): WorkerStatus {
  if (activity?.sosActive) return 'sos';
  if (activity === null || nowMs - activity.newestFixTimeMs >= thresholds.offlineAfterMs) {
    return 'offline';
  }
  if (nowMs - activity.lastMovedAtMs >= thresholds.idleAfterMs) return 'idle';
  return 'online';
}
