/**
 * A toxic-gas sensor and a sustained exceedance of its threshold, for the ingest's tests. Test
 * support only.
 */
import type { EmergencyRecordWrite } from './emergencyRecordRepository';

export const SENSOR_TEST_NOW_MS = Date.UTC(2026, 11, 6, 9);
const MINUTE_MS = 60_000;
const THRESHOLD_PPM = 10;

/** The sensor record (threshold 10 ppm) as an administrator wrote it at SENSOR_TEST_NOW_MS. */
export function gasSensorWrite(): EmergencyRecordWrite {
  return {
    kind: 'sensor',
    name: '氯气探测器',
    location: { lon: 119.3, lat: 26.08 },
    gridCode: '350102001001001',
    attributes: { sensorType: 'toxic_gas', threshold: THRESHOLD_PPM, unit: 'ppm' },
    contactPhone: null,
    demo: false,
    at: new Date(SENSOR_TEST_NOW_MS).toISOString(),
    by: 'admin',
  };
}

/** Four readings a minute apart over the threshold, starting `startMinute` minutes back. */
export function exceedance(startMinute: number): Array<{ atMs: number; value: number }> {
  return Array.from({ length: 4 }, (_, step) => ({
    atMs: SENSOR_TEST_NOW_MS - (startMinute - step) * MINUTE_MS,
    value: 4 * THRESHOLD_PPM,
  }));
}
