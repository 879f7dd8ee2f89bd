/**
 * A plan's steps as the command's checklist: each step is done once, by someone, at a time, with
 * an optional note. Nothing is ticked after the event ended, and a done step stays done (the
 * timeline is a record of what happened, not a to-do list to be rewritten).
 */

export interface ChecklistStep {
  index: number;
  text: string;
  doneAtMs: number | null;
  doneBy: string | null;
  note: string | null;
}

/** Longest note kept with a tick: a line or two, the report is not a diary. */
export const MAX_STEP_NOTE_LENGTH = 500;

export function checklistOf(steps: readonly string[]): ChecklistStep[] {
  return steps.map((text, index) => ({ index, text, doneAtMs: null, doneBy: null, note: null }));
}

export type TickProblem =
  'event_ended' | 'no_plan' | 'unknown_step' | 'already_done' | 'note_too_long';

export function checkTick(
  checklist: readonly ChecklistStep[] | null,
  index: number,
  eventActive: boolean,
  note: string,
): TickProblem | null {
  if (!eventActive) return 'event_ended';
  if (checklist === null) return 'no_plan';
  const step = checklist.find((candidate) => candidate.index === index);
  if (step === undefined) return 'unknown_step';
  if (step.doneAtMs !== null) return 'already_done';
  if (note.length > MAX_STEP_NOTE_LENGTH) return 'note_too_long';
  return null;
}

export function checklistProgress(checklist: readonly ChecklistStep[]): {
  done: number;
  total: number;
} {
  return {
    done: checklist.filter((step) => step.doneAtMs !== null).length,
    total: checklist.length,
  };
}
