/**
 * The retry job of partner callbacks: every so often, each partner answer whose next attempt is
 * due (ReporterAnswers.retryDuePartnerAnswers, backoff in domain/incidents/callbackBackoff) is
 * handed to its callback again. One pass at a time: a slow partner never stacks passes.
 */
import { ALWAYS_RUN, startPeriodic, type JobGate, type PeriodicJob } from '../startPeriodic';
import type { ReporterAnswers } from './reporterAnswers';

/** How often the job looks; the shortest wait between attempts is longer than this. */
export const PARTNER_CALLBACK_CHECK_MS = 15_000;
/** Answers tried in one pass (each may take up to the callback's timeout). */
const ANSWERS_PER_PASS = 20;

export class PartnerCallbackJob {
  private job: PeriodicJob | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly answers: Pick<ReporterAnswers, 'retryDuePartnerAnswers'>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** One pass (or the one already running); the number of answers it delivered. */
  runOnce(): Promise<number> {
    this.running ??= this.answers
      .retryDuePartnerAnswers(ANSWERS_PER_PASS, () => this.stopped)
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  start(intervalMs = PARTNER_CALLBACK_CHECK_MS, mayRun: JobGate = ALWAYS_RUN): void {
    if (this.job !== null) return;
    this.stopped = false;
    this.job = startPeriodic(() => this.runOnce(), intervalMs, this.onError, mayRun);
  }

  /**
   * The timer starts no pass after this; the pass running (the timer's, or one asked for with
   * runOnce) ends after the answer it is handing over (each waits up to the callback's timeout,
   * a whole pass could hold a shutdown for minutes), and this settles then.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const job = this.job;
    this.job = null;
    await job?.stop();
    await this.running?.catch(() => undefined);
  }
}
