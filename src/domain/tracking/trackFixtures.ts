/**
 * Synthetic tracks for the tracking tests: walks and pauses laid out in local metres around a
 * fixed origin, so expected distances and times are known by construction.
 */
import { toLonLat } from '../geo/localFrame';
import type { LonLat } from '../registry';
import type { TrackPoint } from './fix';

export const TEST_ORIGIN: LonLat = { lon: 119.29, lat: 26.08 };
export const TEST_START_MS = Date.UTC(2026, 10, 27, 1, 0, 0);

export function pointAt(eastM: number, northM: number): LonLat {
  return toLonLat(TEST_ORIGIN, eastM, northM);
}

export function trackPointAt(
  eastM: number,
  northM: number,
  fixTimeMs: number,
  accuracyM = 5,
): TrackPoint {
  return { ...pointAt(eastM, northM), fixTimeMs, accuracyM };
}

/** Deterministic pseudo-noise in [-1, 1] (tests must not depend on Math.random). */
export function noiseAt(index: number, salt: number): number {
  const value = Math.sin(index * 12.9898 + salt * 78.233) * 43758.5453;
  return (value - Math.floor(value)) * 2 - 1;
}

/** A closed GeoJSON-style ring of the rectangle [west, east] x [south, north] in local metres. */
export function rectangleRing(
  westM: number,
  southM: number,
  eastM: number,
  northM: number,
): number[][] {
  return [
    [westM, southM],
    [eastM, southM],
    [eastM, northM],
    [westM, northM],
    [westM, southM],
  ].map(([xM, yM]) => {
    const point = pointAt(xM!, yM!);
    return [point.lon, point.lat];
  });
}
