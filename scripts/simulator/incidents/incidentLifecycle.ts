/**
 * How one incident goes through the closed loop in the demo, decided from its key alone: who acts,
 * how long each step takes, whether it is rejected, returned for rework, or left to run late.
 * Shared by the history backfill and the live dispatcher and workers, so that both tell the same
 * story. Pure and deterministic.
 */
import { createSeededRandom, hashString32 } from '../../../src/domain/seededRandom';

const MINUTE_MS = 60_000;

/** Share of reports the dispatcher rejects (duplicates, not our business). */
export const REJECT_SHARE = 0.06;
/** Share of feedbacks returned for rework once. */
export const REWORK_SHARE = 0.12;
/** Share of tasks the worker leaves unhandled, so the wall shows near-deadline and overdue. */
export const LATE_SHARE = 0.04;

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
  };
}

/** Whether the assigned worker leaves this incident alone (same answer everywhere). */
export function isLeftToRunLate(incidentId: string): boolean {
  return planLifecycle(`task:${incidentId}`).leftLate;
}

export function minutesToMs(minutes: number): number {
  return Math.round(minutes * MINUTE_MS);
}
