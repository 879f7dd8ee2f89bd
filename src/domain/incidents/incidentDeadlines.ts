/**
 * The handling clock: it starts at dispatch (dueAtMs is fixed then), stops at the worker's
 * feedback, and runs again against the same due time when the dispatcher returns the work for
 * rework — a rework does not buy extra time.
 */
import type { Incident, IncidentState } from './incident';

/** Share of the allowed time left at which an incident starts to pulse on the wall. */
export const NEAR_DEADLINE_FRACTION = 0.2;

/** States in which the worker's clock is running. */
export const CLOCK_RUNNING_STATES: readonly IncidentState[] = ['dispatched', 'handling'];
/** States after the worker's feedback: the clock has stopped and the result is final. */
export const CLOCK_STOPPED_STATES: readonly IncidentState[] = [
  'feedback',
  'closed',
  'evaluated',
  'archived',
];

export type DeadlinePhase =
  | 'not_started'
  | 'on_track'
  | 'near_deadline'
  | 'overdue'
  /** Fed back in time. */
  | 'met'
  /** Fed back after the due time. */
  | 'missed';

export interface DeadlineState {
  phase: DeadlinePhase;
  dispatchedAtMs: number | null;
  dueAtMs: number | null;
  allowedMs: number | null;
  /** Time left at nowMs (running) or at feedback (stopped); negative once past due. */
  remainingMs: number | null;
}

const NOT_STARTED: DeadlineState = {
  phase: 'not_started',
  dispatchedAtMs: null,
  dueAtMs: null,
  allowedMs: null,
  remainingMs: null,
};

export function computeDeadlineState(incident: Incident, nowMs: number): DeadlineState {
  const { dispatchedAtMs, dueAtMs } = incident;
  if (dispatchedAtMs === null || dueAtMs === null) return NOT_STARTED;
  const allowedMs = dueAtMs - dispatchedAtMs;
  if (CLOCK_STOPPED_STATES.includes(incident.state)) {
    const stoppedAtMs = lastFeedbackAtMs(incident) ?? nowMs;
    const remainingMs = dueAtMs - stoppedAtMs;
    return {
      phase: remainingMs > 0 ? 'met' : 'missed',
      dispatchedAtMs,
      dueAtMs,
      allowedMs,
      remainingMs,
    };
  }
  if (!CLOCK_RUNNING_STATES.includes(incident.state)) return NOT_STARTED;
  const remainingMs = dueAtMs - nowMs;
  return {
    phase: runningPhase(remainingMs, allowedMs),
    dispatchedAtMs,
    dueAtMs,
    allowedMs,
    remainingMs,
  };
}

/** Overdue from the due instant on: a deadline of 14:00 is missed at 14:00:00.000. */
function runningPhase(remainingMs: number, allowedMs: number): DeadlinePhase {
  if (remainingMs <= 0) return 'overdue';
  if (remainingMs <= allowedMs * NEAR_DEADLINE_FRACTION) return 'near_deadline';
  return 'on_track';
}

function lastFeedbackAtMs(incident: Incident): number | null {
  for (let index = incident.history.length - 1; index >= 0; index -= 1) {
    const transition = incident.history[index];
    if (transition?.action === 'feed_back') return transition.atMs;
  }
  return null;
}
