/**
 * Simulated sensor readings (demo data), deterministic per sensor: PM2.5 as a slow daily swing
 * around a level of its own (some grids cleaner than others) with seeded noise; a toxic gas
 * detector reads a trace far under its threshold. No alarm is staged: an exceedance is for a
 * person to trigger (or a test), not for the demo to raise by itself.
 */
import { createSeededRandom, type SeededRandom } from '../../../src/domain/seededRandom';

const DAY_MS = 24 * 3_600_000;
/**
 * Daily mean PM2.5 levels, µg/m³: clean to moderate, so that even the swing's peak with noise
 * (55 × 1.3 × 1.04 ≈ 74) stays under the demo monitors' 75 µg/m³ threshold and the demo raises
 * no alarm by itself.
 */
const PM25_BASE_MIN = 12;
const PM25_BASE_MAX = 55;
const PM25_DAILY_SWING = 0.3;
const PM25_NOISE = 0.08;
/** A detector's trace reading, as a share of its threshold. */
const GAS_TRACE_SHARE = 0.05;

export interface SensorReadingSource {
  readingAt(atMs: number): number;
}

export function createSensorReadingSource(
  sensorId: number,
  sensorType: 'toxic_gas' | 'pm25',
  threshold: number,
  seed: number,
): SensorReadingSource {
  const random: SeededRandom = createSeededRandom(seed).fork(sensorId);
  const base = random.between(PM25_BASE_MIN, PM25_BASE_MAX);
  const phase = random.next() * 2 * Math.PI;
  const noiseOf = (atMs: number) =>
    createSeededRandom(seed ^ sensorId ^ Math.floor(atMs / 1000)).next() - 0.5;
  return {
    readingAt(atMs) {
      if (sensorType === 'toxic_gas') {
        const value = threshold * GAS_TRACE_SHARE * (1 + noiseOf(atMs));
        return Math.round(value * 1000) / 1000;
      }
      const swing = 1 + PM25_DAILY_SWING * Math.sin((2 * Math.PI * atMs) / DAY_MS + phase);
      return Math.max(0, Math.round(base * swing * (1 + PM25_NOISE * noiseOf(atMs)) * 10) / 10);
    },
  };
}
