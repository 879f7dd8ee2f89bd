import { describe, expect, it } from 'vitest';
import { solarAltitudeDeg } from './solarAltitude';

const FUZHOU = { lon: 119.3, lat: 26.08 };
const MINUTE_MS = 60_000;

function highestOfDay(dayStartMs: number): number {
  let highest = -90;
  for (let minute = 0; minute < 1440; minute++) {
    highest = Math.max(
      highest,
      solarAltitudeDeg(dayStartMs + minute * MINUTE_MS, FUZHOU.lon, FUZHOU.lat),
    );
  }
  return highest;
}

/** Hand-computed from spherical astronomy: noon altitude = 90° − |φ − δ|, midnight = |φ + δ| − 90°. */
describe('solar altitude', () => {
  it('culminates at 90° − (26.08° − 23.44°) = 87.36° over Fuzhou at the June solstice', () => {
    expect(highestOfDay(Date.UTC(2024, 5, 20, 16))).toBeCloseTo(87.36, 0);
  });

  it('culminates at 90° − 26.08° − 23.44° = 40.48° at the December solstice', () => {
    expect(highestOfDay(Date.UTC(2024, 11, 20, 16))).toBeCloseTo(40.48, 0);
  });

  it('is 90° − 26.08° − 23.44° below the horizon at local midnight in June', () => {
    // Solar midnight at 119.3°E is about 16:02 UTC (12 h after the 04:02 UTC solar noon).
    expect(solarAltitudeDeg(Date.UTC(2024, 5, 21, 16, 2), FUZHOU.lon, FUZHOU.lat)).toBeCloseTo(
      -40.48,
      0,
    );
  });

  it('puts the sun near the zenith of the equator at an equinox noon', () => {
    // 20 March 2024, 12:07 UTC at 0°E: the equation of time is about −7.5 min.
    expect(solarAltitudeDeg(Date.UTC(2024, 2, 20, 12, 7), 0, 0)).toBeGreaterThan(89);
  });
});
