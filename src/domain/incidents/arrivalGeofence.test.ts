import { describe, expect, it } from 'vitest';
import { toLonLat } from '../geo/localFrame';
import {
  ARRIVAL_DWELL_MS,
  ARRIVAL_RADIUS_M,
  MAX_DWELL_FIX_GAP_MS,
  detectArrivalOnSite,
  type SiteFix,
} from './arrivalGeofence';

const SITE = { lon: 119.3, lat: 26.08 };
const T0_MS = Date.UTC(2026, 10, 27, 2, 0, 0);

function fixAt(secondsAfter: number, eastM: number, accuracyM = 5): SiteFix {
  return { ...toLonLat(SITE, eastM, 0), fixTimeMs: T0_MS + secondsAfter * 1000, accuracyM };
}

describe('detectArrivalOnSite', () => {
  it('records arrival at the first fix of a stay that lasts the dwell time', () => {
    const fixes = [fixAt(0, 400), fixAt(30, 200), fixAt(60, 30), fixAt(90, 10), fixAt(120, 5)];
    expect(detectArrivalOnSite(SITE, fixes)).toEqual({
      arrivedAtMs: T0_MS + 60_000,
      confirmedAtMs: T0_MS + 60_000 + ARRIVAL_DWELL_MS,
    });
  });

  it('does not count walking past, nor a stay shorter than the dwell', () => {
    const walkPast = [
      fixAt(0, 100),
      fixAt(20, 20),
      fixAt(40, -20),
      fixAt(60, -100),
      fixAt(80, -200),
    ];
    expect(detectArrivalOnSite(SITE, walkPast)).toBeNull();
    const tooShort = [fixAt(0, 10), fixAt((ARRIVAL_DWELL_MS - 1000) / 1000, 10)];
    expect(detectArrivalOnSite(SITE, tooShort)).toBeNull();
  });

  it('restarts the stay after a fix outside the radius or a long silence', () => {
    const leftAndBack = [
      fixAt(0, 10),
      fixAt(30, ARRIVAL_RADIUS_M + 5),
      fixAt(40, 10),
      fixAt(100, 10),
    ];
    expect(detectArrivalOnSite(SITE, leftAndBack)?.arrivedAtMs).toBe(T0_MS + 40_000);
    const gapS = MAX_DWELL_FIX_GAP_MS / 1000 + 1;
    const silent = [fixAt(0, 10), fixAt(gapS, 10)];
    expect(detectArrivalOnSite(SITE, silent)).toBeNull();
  });

  it('ignores coarse fixes, takes fixes in any order and honours custom options', () => {
    const coarse = [fixAt(0, 10, 500), fixAt(90, 10, 500)];
    expect(detectArrivalOnSite(SITE, coarse)).toBeNull();
    const shuffled = [fixAt(60, 10), fixAt(0, 10)];
    expect(detectArrivalOnSite(SITE, shuffled)?.arrivedAtMs).toBe(T0_MS);
    expect(
      detectArrivalOnSite(SITE, [fixAt(0, 80), fixAt(20, 80)], { radiusM: 100, dwellMs: 20_000 }),
    ).toEqual({
      arrivedAtMs: T0_MS,
      confirmedAtMs: T0_MS + 20_000,
    });
  });
});
