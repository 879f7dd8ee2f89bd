import { describe, expect, it } from 'vitest';
import {
  currentExceedanceRun,
  isSensorStale,
  shouldRaiseIncident,
  sustainedExceedance,
  type SensorReading,
} from './sensorAlarm';

const MINUTE_MS = 60_000;
const readingsOf = (values: number[], stepMs = MINUTE_MS): SensorReading[] =>
  values.map((value, index) => ({ atMs: index * stepMs, value }));

describe('sustained exceedance', () => {
  it('is not sustained after a single spike', () => {
    expect(sustainedExceedance(readingsOf([1, 1, 9, 1]), 5)).toBeNull();
    expect(sustainedExceedance(readingsOf([1, 1, 1, 9]), 5)).toBeNull();
  });

  it('is sustained after three readings in a row over two minutes', () => {
    const run = sustainedExceedance(readingsOf([1, 6, 7, 8]), 5);
    expect(run?.map((reading) => reading.value)).toEqual([6, 7, 8]);
  });

  it('counts a reading equal to the threshold as over it', () => {
    expect(sustainedExceedance(readingsOf([5, 5, 5]), 5)).not.toBeNull();
  });

  it('needs the duration too: three readings ten seconds apart are not two minutes', () => {
    expect(sustainedExceedance(readingsOf([9, 9, 9], 10_000), 5)).toBeNull();
    expect(sustainedExceedance(readingsOf(Array(13).fill(9), 10_000), 5)).not.toBeNull();
  });

  it('is broken by one reading under the threshold and reads out-of-order input by time', () => {
    expect(sustainedExceedance(readingsOf([9, 9, 1, 9, 9]), 5)).toBeNull();
    const shuffled = readingsOf([1, 9, 9, 9]).reverse();
    expect(currentExceedanceRun(shuffled, 5).map((reading) => reading.atMs)).toEqual([
      MINUTE_MS,
      2 * MINUTE_MS,
      3 * MINUTE_MS,
    ]);
  });
});

describe('debounce and staleness', () => {
  it('raises only when sustained and no earlier incident is still open', () => {
    expect(shouldRaiseIncident(true, false)).toBe(true);
    expect(shouldRaiseIncident(true, true)).toBe(false);
    expect(shouldRaiseIncident(false, false)).toBe(false);
  });

  it('flags a sensor stale when it never reported or is silent past the limit', () => {
    expect(isSensorStale(null, 0)).toBe(true);
    expect(isSensorStale(0, 10 * MINUTE_MS)).toBe(false);
    expect(isSensorStale(0, 10 * MINUTE_MS + 1)).toBe(true);
    expect(isSensorStale(0, 2 * MINUTE_MS, MINUTE_MS)).toBe(true);
  });
});
