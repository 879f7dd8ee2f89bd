/**
 * The retry job of partner callbacks: every so often, each partner answer whose next attempt is
 * due (ReporterAnswers.retryDuePartnerAnswers, backoff in domain/incidents/callbackBackoff) is
 * handed to its callback again. One pass at a time: a slow partner never stacks passes.
 */
import { ALWAYS_RUN, startPeriodic, type JobGate } from '../startPeriodic';
import type { ReporterAnswers } from './reporterAnswers';

/** How often the job looks; the shortest wait between attempts is longer than this. */
export const PARTNER_CALLBACK_CHECK_MS = 15_000;
/** Answers tried in one pass (each may take up to the callback's timeout). */
const ANSWERS_PER_PASS = 20;

export class PartnerCallbackJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly answers: Pick<ReporterAnswers, 'retryDuePartnerAnswers'>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** One pass (or the one already running); the number of answers it delivered. */
  runOnce(): Promise<number> {
    this.running ??= this.answers.retryDuePartnerAnswers(ANSWERS_PER_PASS).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs = PARTNER_CALLBACK_CHECK_MS, mayRun: JobGate = ALWAYS_RUN): void {
    if (this.timer !== null) return;
    this.timer = startPeriodic(
      () => void this.runOnce().catch(this.onError),
      intervalMs,
      this.onError,
      mayRun,
    );
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
