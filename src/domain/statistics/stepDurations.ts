/**
 * Time spent in each state of the incident loop: completed waits summarised per state as the
 * cockpit shows them (samples, mean rounded to the millisecond, nearest-rank p90).
 */
import { nearestRankPercentile } from './percentile';

/** The percentile the cockpit shows for waits per state. */
export const STEP_DURATION_PERCENTILE = 0.9;

export interface StateWait {
  state: string;
  durationMs: number;
}

export interface StateDurationSummary {
  state: string;
  samples: number;
  meanMs: number;
  p90Ms: number;
}

/** Mean of `samples` waits totalling `totalMs`, as shown: rounded to the millisecond. */
export function meanWaitMs(totalMs: number, samples: number): number {
  return Math.round(totalMs / samples);
}

/** One summary per state that has waits, in state order. */
export function summariseWaitsByState(waits: readonly StateWait[]): StateDurationSummary[] {
  const waitsByState = new Map<string, number[]>();
  for (const wait of waits) {
    const durations = waitsByState.get(wait.state) ?? [];
    durations.push(wait.durationMs);
    waitsByState.set(wait.state, durations);
  }
  return [...waitsByState.keys()].sort().map((state) => {
    const durations = waitsByState.get(state)!;
    return {
      state,
      samples: durations.length,
      meanMs: meanWaitMs(
        durations.reduce((sum, value) => sum + value, 0),
        durations.length,
      ),
      p90Ms: nearestRankPercentile(durations, STEP_DURATION_PERCENTILE) ?? 0,
    };
  });
}
