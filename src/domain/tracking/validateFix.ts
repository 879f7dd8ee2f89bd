/**
 * Checks one incoming fix before it is stored, with a reason per rejection so the ingest can
 * count rejections by reason (operators see why a phone's fixes are dropped). The jump check
 * compares against the worker's accepted neighbours in fix time, not the last fix to arrive,
 * because devices resend late batches.
 */
import type { Fix, TrackPoint } from './fix';
import { groundDistanceM } from '../geo/groundDistance';

export const FIX_REJECT_REASONS = [
  'not_finite',
  'worker_id_invalid',
  'lon_out_of_range',
  'lat_out_of_range',
  'null_island',
  'accuracy_negative',
  'accuracy_too_large',
  'speed_out_of_range',
  'heading_out_of_range',
  'fix_time_in_future',
  'fix_time_too_old',
  'impossible_jump',
] as const;
export type FixRejectReason = (typeof FIX_REJECT_REASONS)[number];

export type FixVerdict = { ok: true } | { ok: false; reason: FixRejectReason };

/** Phone clocks drift and NTP may lag; beyond this a "future" fix is a broken clock. */
export const MAX_FUTURE_SKEW_MS = 60_000;
/** A device may buffer a shift offline; older than two days is a stale cache or a reset clock. */
export const MAX_FIX_AGE_MS = 48 * 60 * 60 * 1000;
/** Cell-tower positions reach a few km; beyond this the fix places nobody in any grid. */
export const MAX_ACCURACY_M = 5_000;
/** Faster than any road vehicle a worker could be in: a reported speed above is garbage. */
export const MAX_REPORTED_SPEED_MPS = 100;
/**
 * Workers walk or ride e-bikes (25 km/h legal limit) and sometimes take a car on an urban
 * expressway; an implied speed above this between two fixes is a teleport (multipath, a stale
 * cell position), not travel.
 */
export const MAX_TRAVEL_SPEED_MPS = 25;
/** Slack on top of both accuracy radii, for fixes a second apart with optimistic accuracy. */
export const JUMP_SLACK_M = 20;
/** Devices without a fix sometimes send (0, 0); nobody patrols the Gulf of Guinea. */
const NULL_ISLAND_TOLERANCE_DEG = 1e-6;
const MAX_WORKER_ID = 0xffff_ffff;

export interface FixNeighbours {
  /** The accepted fix of the same worker just before this fix time, if any. */
  previous: TrackPoint | null;
  /** The accepted fix of the same worker just after this fix time, if any (late arrival). */
  next: TrackPoint | null;
}

const NO_NEIGHBOURS: FixNeighbours = { previous: null, next: null };

function reject(reason: FixRejectReason): FixVerdict {
  return { ok: false, reason };
}

function hasNonFiniteField(fix: Fix): boolean {
  const numbers = [fix.workerId, fix.fixTimeMs, fix.lon, fix.lat, fix.accuracyM];
  if (fix.speedMps !== null) numbers.push(fix.speedMps);
  if (fix.headingDeg !== null) numbers.push(fix.headingDeg);
  return numbers.some((value) => typeof value !== 'number' || !Number.isFinite(value));
}

/** True when getting from one fix to the other needs more than MAX_TRAVEL_SPEED_MPS. */
export function isImpossibleJump(from: TrackPoint, to: TrackPoint): boolean {
  const gapS = Math.abs(to.fixTimeMs - from.fixTimeMs) / 1000;
  const unexplainedM = groundDistanceM(from, to) - from.accuracyM - to.accuracyM - JUMP_SLACK_M;
  return unexplainedM > MAX_TRAVEL_SPEED_MPS * gapS;
}

function checkRanges(fix: Fix): FixRejectReason | null {
  if (!Number.isInteger(fix.workerId) || fix.workerId < 0 || fix.workerId > MAX_WORKER_ID) {
    return 'worker_id_invalid';
  }
  if (fix.lon < -180 || fix.lon > 180) return 'lon_out_of_range';
  if (fix.lat < -90 || fix.lat > 90) return 'lat_out_of_range';
  if (
    Math.abs(fix.lon) < NULL_ISLAND_TOLERANCE_DEG &&
    Math.abs(fix.lat) < NULL_ISLAND_TOLERANCE_DEG
  ) {
    return 'null_island';
  }
  if (fix.accuracyM < 0) return 'accuracy_negative';
  if (fix.accuracyM > MAX_ACCURACY_M) return 'accuracy_too_large';
  if (fix.speedMps !== null && (fix.speedMps < 0 || fix.speedMps > MAX_REPORTED_SPEED_MPS)) {
    return 'speed_out_of_range';
  }
  if (fix.headingDeg !== null && (fix.headingDeg < 0 || fix.headingDeg >= 360)) {
    return 'heading_out_of_range';
  }
  return null;
}

/**
 * Validates a fix against fixed ranges, the server clock `nowMs`, and the worker's accepted
 * neighbours in time (from TrackBuffer.neighboursOf). The first failing check gives the reason.
 */
export function validateFix(
  fix: Fix,
  nowMs: number,
  neighbours: FixNeighbours = NO_NEIGHBOURS,
): FixVerdict {
  if (hasNonFiniteField(fix)) return reject('not_finite');
  const rangeReason = checkRanges(fix);
  if (rangeReason !== null) return reject(rangeReason);
  if (fix.fixTimeMs > nowMs + MAX_FUTURE_SKEW_MS) return reject('fix_time_in_future');
  if (fix.fixTimeMs < nowMs - MAX_FIX_AGE_MS) return reject('fix_time_too_old');
  for (const neighbour of [neighbours.previous, neighbours.next]) {
    if (neighbour !== null && isImpossibleJump(neighbour, fix)) return reject('impossible_jump');
  }
  return { ok: true };
}
