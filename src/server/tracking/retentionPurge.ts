/**
 * Positions are personal information (PIPL: keep whereabouts no longer than needed): fixes older
 * than the retention period are deleted at start and then every hour, and counted.
 */
import { ALWAYS_RUN, startPeriodic, type JobGate, type PeriodicJob } from '../startPeriodic';
import { PURGED_COUNTER } from './trackingCounters';
import type { TrackingRepository } from './trackingRepository';

export const PURGE_INTERVAL_MS = 60 * 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

export class RetentionPurge {
  private job: PeriodicJob | null = null;

  constructor(
    private readonly tracking: TrackingRepository,
    private readonly retentionDays: number,
    private readonly nowMs: () => number,
    private readonly onError: (error: unknown) => void = console.error,
  ) {
    if (!(retentionDays > 0)) {
      throw new RangeError(
        `position retention must be a positive number of days, got ${retentionDays}`,
      );
    }
  }

  /** Deletes the fixes older than the retention period now; returns how many. */
  async purgeNow(): Promise<number> {
    const purged = await this.tracking.purgePositionsBefore(
      this.nowMs() - this.retentionDays * MS_PER_DAY,
    );
    if (purged > 0) await this.tracking.addToCounters(new Map([[PURGED_COUNTER, purged]]));
    return purged;
  }

  /** Purges now and every PURGE_INTERVAL_MS; the timer does not keep the process alive. */
  start(intervalMs = PURGE_INTERVAL_MS, mayRun: JobGate = ALWAYS_RUN): void {
    this.job = startPeriodic(
      () => this.purgeNow(),
      intervalMs,
      (error) => this.onError(error),
      mayRun,
      true,
    );
  }

  /** No purge starts after this; settles when the one running has ended. */
  async stop(): Promise<void> {
    await this.job?.stop();
  }
}
