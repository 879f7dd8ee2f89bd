/**
 * The tour player as a pure state machine: which step, playing or not, how far into the step,
 * and whether a presenter has taken over. The panel feeds it clock ticks and button presses;
 * nothing here knows React, the store or the globe, so every transition is tested in Node.
 */

/**
 * playing: steps advance by themselves. paused: the pause button. presenter: someone took the
 * mouse (the step stays, the clock stops until resume). ended: the last step ran out, no loop.
 */
export type TourStatus = 'playing' | 'paused' | 'presenter' | 'ended';

export interface TourPlayerState {
  stepIndex: number;
  status: TourStatus;
  /** Time spent in the current step while playing, milliseconds. */
  elapsedMs: number;
  loop: boolean;
  /** Counts step entries (a loop back to the same index is a new entry), so views re-apply. */
  entry: number;
}

export type TourEvent =
  | { type: 'tick'; deltaMs: number; stepDurationMs: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'goTo'; stepIndex: number }
  | { type: 'takeOver' }
  | { type: 'toggleLoop' };

export function initialTourPlayer(loop = true): TourPlayerState {
  return { stepIndex: 0, status: 'playing', elapsedMs: 0, loop, entry: 0 };
}

function enter(state: TourPlayerState, stepIndex: number): TourPlayerState {
  return { ...state, stepIndex, elapsedMs: 0, entry: state.entry + 1 };
}

/** The state after an event, for a tour of `stepCount` steps (at least one). */
export function tourPlayerReducer(
  state: TourPlayerState,
  event: TourEvent,
  stepCount: number,
): TourPlayerState {
  if (stepCount < 1) throw new RangeError('a tour has at least one step');
  const last = stepCount - 1;
  switch (event.type) {
    case 'tick': {
      if (state.status !== 'playing' || event.deltaMs <= 0) return state;
      const elapsedMs = state.elapsedMs + event.deltaMs;
      if (elapsedMs < event.stepDurationMs) return { ...state, elapsedMs };
      if (state.stepIndex < last) return enter(state, state.stepIndex + 1);
      if (state.loop) return enter(state, 0);
      return { ...state, elapsedMs: event.stepDurationMs, status: 'ended' };
    }
    case 'play':
      // Play after the end starts over; after a pause or a takeover it resumes where it stood.
      if (state.status === 'ended') return { ...enter(state, 0), status: 'playing' };
      return state.status === 'playing' ? state : { ...state, status: 'playing' };
    case 'pause':
      return state.status === 'playing' ? { ...state, status: 'paused' } : state;
    case 'takeOver':
      return state.status === 'playing' ? { ...state, status: 'presenter' } : state;
    case 'next': {
      if (state.stepIndex < last) return keepStatus(enter(state, state.stepIndex + 1));
      return state.loop ? keepStatus(enter(state, 0)) : state;
    }
    case 'previous': {
      if (state.stepIndex > 0) return keepStatus(enter(state, state.stepIndex - 1));
      return state.loop ? keepStatus(enter(state, last)) : keepStatus(enter(state, 0));
    }
    case 'goTo':
      if (!Number.isInteger(event.stepIndex) || event.stepIndex < 0 || event.stepIndex > last) {
        throw new RangeError(`step ${event.stepIndex} is not in a tour of ${stepCount} steps`);
      }
      return keepStatus(enter(state, event.stepIndex));
    case 'toggleLoop':
      return { ...state, loop: !state.loop };
  }
}

/** Stepping by hand leaves an ended tour paused on that step (it no longer stands at the end). */
function keepStatus(state: TourPlayerState): TourPlayerState {
  return state.status === 'ended' ? { ...state, status: 'paused' } : state;
}

/** How far the current step has run, 0..1, for the progress bar. */
export function stepProgress(state: TourPlayerState, stepDurationMs: number): number {
  if (stepDurationMs <= 0) return 1;
  return Math.min(1, state.elapsedMs / stepDurationMs);
}
