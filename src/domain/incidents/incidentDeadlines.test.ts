import { describe, expect, it } from 'vitest';
import { computeDeadlineState, NEAR_DEADLINE_FRACTION } from './incidentDeadlines';
import { applyTransition } from './incidentStateMachine';
import {
  DISPATCHER,
  HOUR_MS,
  incidentIn,
  T0_MS,
  unwrap,
  WORKER,
} from './incidentFixtures.test-helper';

// street_order, normal priority: 24 h from dispatch, which the fixture does at T0 + 2 min.
const DISPATCH_AT_MS = T0_MS + 2 * 60_000;
const ALLOWED_MS = 24 * HOUR_MS;
const DUE_AT_MS = DISPATCH_AT_MS + ALLOWED_MS;

describe('computeDeadlineState', () => {
  it('has not started before dispatch, nor for a rejected report', () => {
    for (const state of ['reported', 'registered', 'rejected'] as const) {
      expect(computeDeadlineState(incidentIn(state), T0_MS + 100 * HOUR_MS)).toMatchObject({
        phase: 'not_started',
        dueAtMs: null,
        remainingMs: null,
      });
    }
  });

  it('runs from dispatch: on track, near deadline at the named fraction, overdue from the due instant', () => {
    const incident = incidentIn('handling');
    const nearFromMs = DUE_AT_MS - ALLOWED_MS * NEAR_DEADLINE_FRACTION;
    const cases: [number, string, number][] = [
      [DISPATCH_AT_MS, 'on_track', ALLOWED_MS],
      [nearFromMs - 1, 'on_track', ALLOWED_MS * NEAR_DEADLINE_FRACTION + 1],
      [nearFromMs, 'near_deadline', ALLOWED_MS * NEAR_DEADLINE_FRACTION],
      [DUE_AT_MS - 1, 'near_deadline', 1],
      [DUE_AT_MS, 'overdue', 0],
      [DUE_AT_MS + 5 * HOUR_MS, 'overdue', -5 * HOUR_MS],
    ];
    for (const [nowMs, phase, remainingMs] of cases) {
      expect(computeDeadlineState(incident, nowMs)).toEqual({
        phase,
        dispatchedAtMs: DISPATCH_AT_MS,
        dueAtMs: DUE_AT_MS,
        allowedMs: ALLOWED_MS,
        remainingMs,
      });
    }
  });

  it('counts a dispatched but not yet accepted incident too', () => {
    expect(computeDeadlineState(incidentIn('dispatched'), DUE_AT_MS + 1).phase).toBe('overdue');
  });

  it('stops at feedback: met when fed back before the due time, missed after', () => {
    const handling = incidentIn('handling');
    const early = unwrap(
      applyTransition(handling, { action: 'feed_back' }, WORKER, DUE_AT_MS - HOUR_MS),
    );
    const late = unwrap(
      applyTransition(handling, { action: 'feed_back' }, WORKER, DUE_AT_MS + HOUR_MS),
    );
    // Long after feedback the result does not change: the clock is stopped.
    expect(computeDeadlineState(early, DUE_AT_MS + 99 * HOUR_MS)).toMatchObject({
      phase: 'met',
      remainingMs: HOUR_MS,
    });
    expect(computeDeadlineState(late, DUE_AT_MS + 99 * HOUR_MS)).toMatchObject({
      phase: 'missed',
      remainingMs: -HOUR_MS,
    });
    const closed = unwrap(
      applyTransition(early, { action: 'verify' }, DISPATCHER, DUE_AT_MS + 2 * HOUR_MS),
    );
    expect(computeDeadlineState(closed, DUE_AT_MS + 99 * HOUR_MS).phase).toBe('met');
  });

  it('restarts against the same due time after a return for rework', () => {
    const handling = incidentIn('handling');
    const fed = unwrap(
      applyTransition(handling, { action: 'feed_back' }, WORKER, DUE_AT_MS - 2 * HOUR_MS),
    );
    const returned = unwrap(
      applyTransition(
        fed,
        { action: 'return_for_rework', note: 'Still blocked' },
        DISPATCHER,
        DUE_AT_MS - HOUR_MS,
      ),
    );
    expect(computeDeadlineState(returned, DUE_AT_MS + 1)).toMatchObject({
      phase: 'overdue',
      dueAtMs: DUE_AT_MS,
    });
    const refed = unwrap(
      applyTransition(returned, { action: 'feed_back' }, WORKER, DUE_AT_MS + HOUR_MS),
    );
    expect(computeDeadlineState(refed, DUE_AT_MS + 2 * HOUR_MS).phase).toBe('missed');
  });
});
