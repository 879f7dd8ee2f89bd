/**
 * Flags sensors that went silent (and clears the flag when they speak again, which the ingest
 * does on its own): one pass over the sensors' states, run periodically.
 */
import {
  isSensorStale,
  SENSOR_STALE_AFTER_MS,
} from '../../../domain/emergency/records/sensorAlarm';
import { ALWAYS_RUN, startPeriodic, type JobGate } from '../../startPeriodic';
import type { SensorRepository } from './emergencyRecordRepository';

/** How often silent sensors are looked for. */
export const SENSOR_STALE_CHECK_MS = 60_000;

/** One pass: answers the sensors newly flagged stale. */
export function flagStaleSensors(
  sensors: SensorRepository,
  nowMs: number,
  staleAfterMs: number = SENSOR_STALE_AFTER_MS,
): number[] {
  const flagged: number[] = [];
  for (const state of sensors.sensorStates()) {
    const stale = isSensorStale(state.lastReadingMs, nowMs, staleAfterMs);
    if (stale === state.stale) continue;
    if (stale) flagged.push(state.sensorId);
    sensors.saveSensorState({ ...state, stale });
  }
  return flagged;
}

export function startSensorStaleJob(
  sensors: SensorRepository,
  nowMs: () => number,
  onError: (error: unknown) => void,
  intervalMs: number = SENSOR_STALE_CHECK_MS,
  mayRun: JobGate = ALWAYS_RUN,
): NodeJS.Timeout {
  return startPeriodic(() => flagStaleSensors(sensors, nowMs()), intervalMs, onError, mayRun);
}
