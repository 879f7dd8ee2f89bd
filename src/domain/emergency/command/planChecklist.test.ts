import { describe, expect, it } from 'vitest';
import { checklistOf, checklistProgress, checkTick } from './planChecklist';

describe('the plan checklist', () => {
  const steps = checklistOf(['接警核实', '划定警戒区']);

  it('ticks a step once, only while the event is active', () => {
    expect(checkTick(steps, 0, true, '')).toBeNull();
    expect(checkTick(steps, 0, false, '')).toBe('event_ended');
    expect(checkTick(null, 0, true, '')).toBe('no_plan');
    expect(checkTick(steps, 2, true, '')).toBe('unknown_step');
    const done = steps.map((step) =>
      step.index === 0 ? { ...step, doneAtMs: 1, doneBy: 'dispatcher', note: null } : step,
    );
    expect(checkTick(done, 0, true, '')).toBe('already_done');
    expect(checkTick(done, 1, true, 'x'.repeat(501))).toBe('note_too_long');
    expect(checklistProgress(done)).toEqual({ done: 1, total: 2 });
  });
});
