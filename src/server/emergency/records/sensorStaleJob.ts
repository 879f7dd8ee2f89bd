/**
 * Flags sensors that went silent (and clears the flag when they speak again, which the ingest
 * does on its own): one pass over the sensors' states, run periodically. A flag is set only if
 * no reading was stored since the pass read the state (the ingest may run on another node).
 */
import {
  isSensorStale,
  SENSOR_STALE_AFTER_MS,
} from '../../../domain/emergency/records/sensorAlarm';
import { ALWAYS_RUN, startPeriodic, type JobGate, type PeriodicJob } from '../../startPeriodic';
import type { SensorRepository } from './emergencyRecordRepository';

/** How often silent sensors are looked for. */
export const SENSOR_STALE_CHECK_MS = 60_000;

/** One pass: answers the sensors newly flagged stale. */
export async function flagStaleSensors(
  sensors: Pick<SensorRepository, 'sensorStates' | 'setSensorStale'>,
  nowMs: number,
  staleAfterMs: number = SENSOR_STALE_AFTER_MS,
): Promise<number[]> {
  const flagged: number[] = [];
  for (const state of await sensors.sensorStates()) {
    const stale = isSensorStale(state.lastReadingMs, nowMs, staleAfterMs);
    if (stale === state.stale) continue;
    const set = await sensors.setSensorStale(state.sensorId, stale, state.lastReadingMs);
    if (set && stale) flagged.push(state.sensorId);
  }
  return flagged;
}

export function startSensorStaleJob(
  sensors: SensorRepository,
  nowMs: () => number,
  onError: (error: unknown) => void,
  intervalMs: number = SENSOR_STALE_CHECK_MS,
  mayRun: JobGate = ALWAYS_RUN,
): PeriodicJob {
  return startPeriodic(() => flagStaleSensors(sensors, nowMs()), intervalMs, onError, mayRun);
}
