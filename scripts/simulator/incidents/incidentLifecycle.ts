/**
 * How one incident goes through the closed loop in the demo, decided from its key alone: who acts,
 * how long each step takes, whether it is rejected, returned for rework, or runs late. Shared by
 * the history backfill and the live dispatcher and workers, so that both tell the same story: a
 * well-run district, where most work is fed back well inside its deadline, a few tasks run late
 * (escalating up the grid) and every late one is still done within hours, never left for weeks.
 * Pure and deterministic.
 */
import { createSeededRandom, hashString32 } from '../../../src/domain/seededRandom';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Share of reports the dispatcher rejects (duplicates, not our business). */
export const REJECT_SHARE = 0.06;
/** Share of feedbacks returned for rework once. */
export const REWORK_SHARE = 0.12;
/**
 * Share of tasks fed back after their deadline: enough that the wall shows a few overdue and
 * escalating incidents at any time, few enough that it reads as a district under control.
 */
export const LATE_SHARE = 0.05;
/** An on-time task is fed back after this share of its allowed time (from dispatch)… */
export const ON_TIME_HANDLING_SHARE = { min: 0.1, max: 0.6 } as const;
/** …but no later than this, so multi-day casework does not crowd the open list for a week. */
export const MAX_ON_TIME_HANDLING_MS = 36 * HOUR_MS;
/** A late task is fed back after its deadline by this share of its allowed time… */
export const LATENESS_SHARE = { min: 0.05, max: 0.5 } as const;
/**
 * …but never later than this past due: long enough that some escalate a second level (escalation
 * steps are two hours apart), short enough that the overdue stay a small share of the open list.
 */
export const MAX_LATENESS_MS = 3 * HOUR_MS;

export interface LifecyclePlan {
  rejected: boolean;
  reworked: boolean;
  leftLate: boolean;
  /** Evaluation score 1–5 (mostly good). */
  score: number;
  /** Minutes after the previous step. */
  registerAfterMin: number;
  dispatchAfterMin: number;
  acceptAfterMin: number;
  feedbackAfterMin: number;
  verifyAfterMin: number;
  evaluateAfterMin: number;
  archiveAfterMin: number;
  /** Where in its allowed time (on time) or past its due time (late) the feedback falls, 0–1. */
  handlingDraw: number;
}

export function planLifecycle(key: string): LifecyclePlan {
  const random = createSeededRandom(hashString32(key));
  return {
    rejected: random.chance(REJECT_SHARE),
    reworked: random.chance(REWORK_SHARE),
    leftLate: random.chance(LATE_SHARE),
    score: random.pickWeighted([5, 4, 3, 2], [5, 3, 1, 0.3]),
    registerAfterMin: random.between(2, 20),
    dispatchAfterMin: random.between(3, 30),
    acceptAfterMin: random.between(5, 40),
    feedbackAfterMin: random.between(15, 150),
    verifyAfterMin: random.between(10, 90),
    evaluateAfterMin: random.between(30, 240),
    archiveAfterMin: random.between(60, 600),
    handlingDraw: random.next(),
  };
}

function between(range: { min: number; max: number }, draw: number): number {
  return range.min + (range.max - range.min) * draw;
}

/**
 * Time from dispatch to the (last) feedback: a share of the allowed time when on time, the whole
 * allowed time plus a bounded lateness when late.
 */
export function plannedHandlingMs(plan: LifecyclePlan, allowedMs: number): number {
  if (plan.leftLate) {
    return (
      allowedMs + Math.min(MAX_LATENESS_MS, between(LATENESS_SHARE, plan.handlingDraw) * allowedMs)
    );
  }
  return Math.min(
    MAX_ON_TIME_HANDLING_MS,
    between(ON_TIME_HANDLING_SHARE, plan.handlingDraw) * allowedMs,
  );
}

/**
 * When the worker's phone takes a late task up: its planned feedback time, so a task is late by a
 * bounded amount whenever it was dispatched and however often the phone restarted. Null for a task
 * taken up at once (on time, or no deadline).
 */
export function lateTakeUpAtMs(task: {
  incidentId: string;
  dueAtMs: number | null;
  dispatchedAtMs: number;
}): number | null {
  const plan = planLifecycle(`task:${task.incidentId}`);
  if (!plan.leftLate || task.dueAtMs === null) return null;
  return task.dispatchedAtMs + plannedHandlingMs(plan, task.dueAtMs - task.dispatchedAtMs);
}

export function minutesToMs(minutes: number): number {
  return Math.round(minutes * MINUTE_MS);
}
