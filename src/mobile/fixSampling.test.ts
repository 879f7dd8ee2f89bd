import { describe, expect, it } from 'vitest';
import type { DeviceFix } from '../shared/trackingEvents';
import {
  MAX_ACCURACY_M,
  MOVING_INTERVAL_MS,
  STILL_INTERVAL_MS,
  fixOfPosition,
  shouldKeepFix,
} from './fixSampling';

const T0 = Date.UTC(2026, 11, 5, 2);
/** About 11 m of latitude. */
const TEN_METRES_LAT = 0.0001;

function fix(offsetMs: number, dLat = 0, accuracyM = 10): DeviceFix {
  return {
    fixTimeMs: T0 + offsetMs,
    lon: 119.3,
    lat: 26.08 + dLat,
    accuracyM,
    speedMps: null,
    headingDeg: null,
  };
}

describe('shouldKeepFix', () => {
  it('keeps the first fix and drops inaccurate ones', () => {
    expect(shouldKeepFix(null, fix(0))).toBe(true);
    expect(shouldKeepFix(null, fix(0, 0, MAX_ACCURACY_M + 1))).toBe(false);
  });

  it('keeps a walking worker every few seconds and a standing one twice a minute', () => {
    const first = fix(0);
    expect(shouldKeepFix(first, fix(MOVING_INTERVAL_MS - 1, TEN_METRES_LAT))).toBe(false);
    expect(shouldKeepFix(first, fix(MOVING_INTERVAL_MS, TEN_METRES_LAT))).toBe(true);
    expect(shouldKeepFix(first, fix(MOVING_INTERVAL_MS, TEN_METRES_LAT / 10))).toBe(false);
    expect(shouldKeepFix(first, fix(STILL_INTERVAL_MS))).toBe(true);
    expect(shouldKeepFix(first, fix(-1000, TEN_METRES_LAT))).toBe(false);
  });
});

describe('fixOfPosition', () => {
  it('turns a browser position into a device fix, heading in [0, 360)', () => {
    const position = {
      timestamp: T0 + 0.4,
      coords: {
        longitude: 119.3,
        latitude: 26.08,
        accuracy: 12,
        speed: 1.2,
        heading: -90,
        altitude: null,
        altitudeAccuracy: null,
      },
    } as unknown as GeolocationPosition;
    expect(fixOfPosition(position)).toEqual({
      fixTimeMs: T0,
      lon: 119.3,
      lat: 26.08,
      accuracyM: 12,
      speedMps: 1.2,
      headingDeg: 270,
    });
  });
});
