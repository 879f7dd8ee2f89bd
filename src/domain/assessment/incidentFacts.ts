/**
 * What one incident contributes to a period's assessment, read off its history as it stood at
 * the period's end (or now, for a period still running), so a closed period scores the same
 * whenever it is scored. The rules:
 *
 * - **Deadline** (on-time rate, overdue): judged in the period in which the due time falls, once
 *   it has passed. Met when the last feedback before the judging time came before the due time and
 *   was not returned for rework afterwards (the domain's handling clock: a rework buys no time).
 * - **Rework**: each return for rework in the period; the rate's base is the incidents whose
 *   feedback was judged (verified or returned) in the period.
 * - **Satisfaction**: the evaluate step's score (1..5), counted in the period of the evaluation.
 * - **Found by workers**: reports from a worker (source `worker`) made in the period.
 * - **Escalation unresolved**: an escalation in the period not followed by a feedback by the end.
 * - **Response**: arrival on site minus dispatch, for dispatches in the period.
 */

export interface AssessedIncident {
  id: string;
  /** The base grid where it happened. */
  gridCode: string;
  department: string | null;
  source: string;
  /** The grid worker who reported it (null: anyone else). */
  reporterWorkerId: number | null;
  /** The grid worker it is assigned to (null: a department handler or nobody). */
  assigneeWorkerId: number | null;
  reportedAtMs: number;
  /** The latest dispatch and its due time (the stored handling clock). */
  dispatchedAtMs: number | null;
  dueAtMs: number | null;
  evaluationScore: number | null;
  /** The loop's steps, oldest first. */
  transitions: ReadonlyArray<{ action: string; atMs: number }>;
  escalationsAtMs: readonly number[];
  arrivals: ReadonlyArray<{ workerId: number; dispatchedAtMs: number; arrivedAtMs: number }>;
}

export interface IncidentFacts {
  incidentId: string;
  reported: boolean;
  foundByWorker: boolean;
  /** null: no deadline judged in the period. */
  deadlineMet: boolean | null;
  reworks: number;
  feedbackJudged: boolean;
  /** The evaluation score given in the period, if any. */
  evaluation: number | null;
  unresolvedEscalations: number;
  /** Per arrival whose dispatch lies in the period: the worker and dispatch → arrival. */
  responses: Array<{ workerId: number; responseMs: number }>;
}

export interface JudgingWindow {
  startMs: number;
  endMs: number;
  /** Facts are taken as of min(endMs, nowMs): nothing after the period (or the future) counts. */
  nowMs: number;
}

const CLOCK_EVENTS = new Set(['feed_back', 'return_for_rework']);

export function deriveIncidentFacts(
  incident: AssessedIncident,
  window: JudgingWindow,
): IncidentFacts {
  const { startMs } = window;
  const asOfMs = Math.min(window.endMs, window.nowMs);
  const inPeriod = (atMs: number) => atMs >= startMs && atMs < asOfMs;
  const steps = incident.transitions.filter((step) => step.atMs < asOfMs);

  let deadlineMet: boolean | null = null;
  const { dueAtMs, dispatchedAtMs } = incident;
  if (dueAtMs !== null && dispatchedAtMs !== null && dueAtMs >= startMs && dueAtMs < asOfMs) {
    const lastClockEvent = steps
      .filter((step) => step.atMs >= dispatchedAtMs && CLOCK_EVENTS.has(step.action))
      .at(-1);
    deadlineMet = lastClockEvent?.action === 'feed_back' && lastClockEvent.atMs < dueAtMs;
  }

  const feedbackTimes = steps.filter((step) => step.action === 'feed_back').map((s) => s.atMs);
  const unresolvedEscalations = incident.escalationsAtMs.filter(
    (atMs) => inPeriod(atMs) && !feedbackTimes.some((fedBackMs) => fedBackMs > atMs),
  ).length;
  const evaluated = steps.some((step) => step.action === 'evaluate' && inPeriod(step.atMs));

  return {
    incidentId: incident.id,
    reported: inPeriod(incident.reportedAtMs),
    foundByWorker: inPeriod(incident.reportedAtMs) && incident.source === 'worker',
    deadlineMet,
    reworks: steps.filter((step) => step.action === 'return_for_rework' && inPeriod(step.atMs))
      .length,
    feedbackJudged: steps.some(
      (step) =>
        (step.action === 'verify' || step.action === 'return_for_rework') && inPeriod(step.atMs),
    ),
    evaluation: evaluated ? incident.evaluationScore : null,
    unresolvedEscalations,
    responses: incident.arrivals
      .filter((arrival) => inPeriod(arrival.dispatchedAtMs) && arrival.arrivedAtMs < asOfMs)
      .map((arrival) => ({
        workerId: arrival.workerId,
        responseMs: arrival.arrivedAtMs - arrival.dispatchedAtMs,
      })),
  };
}
