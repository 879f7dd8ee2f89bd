/**
 * Arrival on site: the worker counts as arrived once their fixes stay inside a circle around the
 * incident for a dwell time. A single fix inside is not enough — walking past is not arriving,
 * and one GPS jump would otherwise record a visit that never happened.
 */
import type { LonLat } from '../registry';
import { groundDistanceM } from '../geo/groundDistance';

export const ARRIVAL_RADIUS_M = 50;
export const ARRIVAL_DWELL_MS = 60_000;
/** Fixes coarser than this say nothing about being within 50 m. */
export const MAX_ARRIVAL_FIX_ACCURACY_M = 50;
/** A silence longer than this breaks the stay: we cannot tell the worker did not leave. */
export const MAX_DWELL_FIX_GAP_MS = 2 * 60_000;

/** Shaped like the tracking feed's positions, so those can be passed as they are. */
export interface SiteFix extends LonLat {
  fixTimeMs: number;
  accuracyM?: number;
}

export interface ArrivalOptions {
  radiusM?: number;
  dwellMs?: number;
}

export interface Arrival {
  /** The first fix of the stay inside: when the worker got there. */
  arrivedAtMs: number;
  /** The fix at which the dwell was complete: when the arrival could first be known. */
  confirmedAtMs: number;
}

/** The first qualifying stay in the fixes (any order), or null when there is none yet. */
export function detectArrivalOnSite(
  site: LonLat,
  fixes: readonly SiteFix[],
  options: ArrivalOptions = {},
): Arrival | null {
  const radiusM = options.radiusM ?? ARRIVAL_RADIUS_M;
  const dwellMs = options.dwellMs ?? ARRIVAL_DWELL_MS;
  const usable = fixes
    .filter((fix) => (fix.accuracyM ?? 0) <= MAX_ARRIVAL_FIX_ACCURACY_M)
    .sort((left, right) => left.fixTimeMs - right.fixTimeMs);
  let stayStartMs: number | null = null;
  let previousAtMs: number | null = null;
  for (const fix of usable) {
    const inside = groundDistanceM(site, fix) <= radiusM;
    const gapTooLong = previousAtMs !== null && fix.fixTimeMs - previousAtMs > MAX_DWELL_FIX_GAP_MS;
    if (!inside) {
      stayStartMs = null;
    } else if (stayStartMs === null || gapTooLong) {
      stayStartMs = fix.fixTimeMs;
    }
    if (stayStartMs !== null && fix.fixTimeMs - stayStartMs >= dwellMs) {
      return { arrivedAtMs: stayStartMs, confirmedAtMs: fix.fixTimeMs };
    }
    previousAtMs = fix.fixTimeMs;
  }
  return null;
}
