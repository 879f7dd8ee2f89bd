import { describe, expect, it } from 'vitest';
import type { IncidentCommand } from './incident';
import { applyTransition } from './incidentStateMachine';
import { DISPATCHER, HOUR_MS, incidentIn, LEADER, T0_MS } from './incidentFixtures.test-helper';
import { MAX_EVALUATION_SCORE, MIN_EVALUATION_SCORE } from './validateIncidentCommand';

const REASONED: Record<'reject' | 'return_for_rework' | 'transfer', IncidentCommand> = {
  reject: { action: 'reject', note: 'Duplicate of INC-0' },
  return_for_rework: { action: 'return_for_rework', note: 'Still there' },
  transfer: { action: 'transfer', department: 'housing', note: 'Theirs' },
};

describe('incident command validation (through applyTransition)', () => {
  it('needs a reason to reject, return or transfer', () => {
    for (const [state, action] of [
      ['reported', 'reject'],
      ['feedback', 'return_for_rework'],
      ['registered', 'transfer'],
    ] as const) {
      const command = { ...REASONED[action], note: '  ' };
      expect(
        applyTransition(incidentIn(state), command, DISPATCHER, T0_MS + HOUR_MS),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_command', field: 'note' },
      });
    }
  });

  it('takes evaluation scores 1 to 5 only', () => {
    const closed = incidentIn('closed');
    for (const score of [0, 6, 2.5, Number.NaN]) {
      expect(
        applyTransition(closed, { action: 'evaluate', score }, LEADER, T0_MS + HOUR_MS),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_command', field: 'score' },
      });
    }
    const result = applyTransition(
      closed,
      { action: 'evaluate', score: 1 },
      LEADER,
      T0_MS + HOUR_MS,
    );
    expect(result.ok && result.incident.evaluationScore).toBe(1);
  });

  it('refuses an action dated before the previous step', () => {
    const incident = incidentIn('registered');
    const previousAtMs = incident.history.at(-1)?.atMs ?? 0;
    expect(
      applyTransition(
        incident,
        { action: 'dispatch', assigneeUsername: 'wang.wei', department: 'urban_mgmt' },
        DISPATCHER,
        previousAtMs - 1,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_command', field: 'nowMs' },
    });
  });

  it('names the score range it enforces', () => {
    expect([MIN_EVALUATION_SCORE, MAX_EVALUATION_SCORE]).toEqual([1, 5]);
  });

  it('needs a worker and a department to dispatch, and keeps a transferred department', () => {
    const registered = incidentIn('registered');
    const nowMs = T0_MS + HOUR_MS;
    expect(
      applyTransition(registered, { action: 'dispatch', assigneeUsername: ' ' }, DISPATCHER, nowMs),
    ).toMatchObject({ ok: false, error: { code: 'invalid_command', field: 'assigneeUsername' } });
    expect(
      applyTransition(
        registered,
        { action: 'dispatch', assigneeUsername: 'wang.wei' },
        DISPATCHER,
        nowMs,
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid_command', field: 'department' } });
    const transferred = applyTransition(registered, REASONED.transfer, DISPATCHER, nowMs);
    if (!transferred.ok) throw new Error(transferred.error.message.en);
    const dispatched = applyTransition(
      transferred.incident,
      { action: 'dispatch', assigneeUsername: 'wang.wei' },
      DISPATCHER,
      nowMs,
    );
    expect(dispatched.ok && dispatched.incident.department).toBe('housing');
  });
});
