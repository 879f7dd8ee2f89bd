/**
 * When a sensor's readings count as a sustained exceedance, and when a sensor counts as silent.
 * A single spike (a truck's exhaust at a PM2.5 monitor, a detector's self-test) must not call
 * out the command hall, and an exceedance that lasts must raise exactly one incident: so the
 * rule is a run of consecutive readings at or over the threshold, long enough in both count
 * and time, and the caller raises nothing while the incident of an earlier run is still open.
 */

export interface SensorReading {
  atMs: number;
  value: number;
}

export interface ExceedanceRule {
  /** Readings in a row at or over the threshold. */
  minConsecutive: number;
  /** From the first to the last reading of that run. */
  minDurationMs: number;
}

export const DEFAULT_EXCEEDANCE_RULE: ExceedanceRule = {
  minConsecutive: 3,
  minDurationMs: 2 * 60_000,
};

/** A sensor with no reading for this long is flagged stale (ten missed one-minute reports). */
export const SENSOR_STALE_AFTER_MS = 10 * 60_000;

/**
 * The run of readings at or over the threshold that ends at the newest reading, oldest first;
 * empty when the newest reading is under the threshold. `readings` may come in any order.
 */
export function currentExceedanceRun(
  readings: readonly SensorReading[],
  threshold: number,
): SensorReading[] {
  const newestFirst = [...readings].sort((a, b) => b.atMs - a.atMs);
  const run: SensorReading[] = [];
  for (const reading of newestFirst) {
    if (reading.value < threshold) break;
    run.push(reading);
  }
  return run.reverse();
}

/** The run that makes the exceedance sustained, or null when it is not (yet). */
export function sustainedExceedance(
  readings: readonly SensorReading[],
  threshold: number,
  rule: ExceedanceRule = DEFAULT_EXCEEDANCE_RULE,
): SensorReading[] | null {
  const run = currentExceedanceRun(readings, threshold);
  if (run.length < rule.minConsecutive) return null;
  const durationMs = run[run.length - 1]!.atMs - run[0]!.atMs;
  return durationMs >= rule.minDurationMs ? run : null;
}

/**
 * Whether to raise an incident now: the exceedance is sustained and no incident raised for this
 * sensor is still open (the debounce: one incident per exceedance, however long it lasts).
 */
export function shouldRaiseIncident(sustained: boolean, openIncidentExists: boolean): boolean {
  return sustained && !openIncidentExists;
}

/** Silent sensors: never reported, or not since `staleAfterMs` before now. */
export function isSensorStale(
  lastReadingAtMs: number | null,
  nowMs: number,
  staleAfterMs: number = SENSOR_STALE_AFTER_MS,
): boolean {
  return lastReadingAtMs === null || nowMs - lastReadingAtMs > staleAfterMs;
}
