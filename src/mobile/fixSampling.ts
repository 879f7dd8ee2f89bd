/**
 * Which GPS readings the phone keeps, to spare the battery and the uplink: while the worker moves,
 * one fix every MOVING_INTERVAL_MS; while they stand, one every STILL_INTERVAL_MS (enough for the
 * wall to keep them "online" and for arrival on site); readings less accurate than
 * MAX_ACCURACY_M are dropped. The watch itself runs on; only what is stored and sent thins out.
 */
import { groundDistanceM } from '../domain/geo/groundDistance';
import type { DeviceFix } from '../shared/trackingEvents';

export const MOVING_INTERVAL_MS = 5_000;
export const STILL_INTERVAL_MS = 30_000;
/** Moved at least this far since the last kept fix: the worker is walking. */
export const MOVED_M = 8;
export const MAX_ACCURACY_M = 100;

export function shouldKeepFix(previous: DeviceFix | null, next: DeviceFix): boolean {
  if (next.accuracyM > MAX_ACCURACY_M) return false;
  if (previous === null) return true;
  const elapsedMs = next.fixTimeMs - previous.fixTimeMs;
  if (elapsedMs <= 0) return false;
  if (elapsedMs >= STILL_INTERVAL_MS) return true;
  return elapsedMs >= MOVING_INTERVAL_MS && groundDistanceM(previous, next) >= MOVED_M;
}

/** A browser position as the device protocol's fix. */
export function fixOfPosition(position: GeolocationPosition): DeviceFix {
  const { coords } = position;
  const heading = coords.heading;
  return {
    fixTimeMs: Math.round(position.timestamp),
    lon: coords.longitude,
    lat: coords.latitude,
    accuracyM: coords.accuracy,
    speedMps: coords.speed === null || Number.isNaN(coords.speed) ? null : coords.speed,
    headingDeg: heading === null || Number.isNaN(heading) ? null : ((heading % 360) + 360) % 360,
  };
}
