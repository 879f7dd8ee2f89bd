/**
 * Accepted fixes from every device wait here for the next commit: one transaction per short
 * tick (or sooner when the queue is long) writes the positions and the counter increments
 * together. A batch's promise settles only after its transaction, so the device is acknowledged
 * only for what is on disk: a crash before the commit leaves it unacknowledged and it resends.
 */
import type { Position } from '../../domain/tracking/fix';
import type { InsertPositionsResult, TrackingRepository } from './trackingRepository';

/** Short enough to keep acks prompt, long enough to put many devices in one transaction. */
export const DEFAULT_FLUSH_INTERVAL_MS = 50;
/** A queue this long is committed at once instead of waiting for the tick. */
export const DEFAULT_FLUSH_EARLY_AT_FIXES = 5_000;

export interface BatchWriterOptions {
  flushIntervalMs: number;
  flushEarlyAtFixes: number;
}

interface PendingWrite {
  positions: readonly Position[];
  resolve: (result: InsertPositionsResult) => void;
  reject: (error: unknown) => void;
}

export class BatchWriter {
  private pending: PendingWrite[] = [];
  private pendingFixCount = 0;
  private increments = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private early: NodeJS.Immediate | null = null;
  private closed = false;
  /** The commit in flight (or the last one): the next waits for it. */
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly tracking: TrackingRepository,
    /** Called after each commit with the newly stored positions (never with a rolled-back one). */
    private readonly onCommitted: (stored: readonly Position[]) => void,
    private readonly options: BatchWriterOptions = {
      flushIntervalMs: DEFAULT_FLUSH_INTERVAL_MS,
      flushEarlyAtFixes: DEFAULT_FLUSH_EARLY_AT_FIXES,
    },
  ) {}

  /**
   * Queues positions (possibly none: the caller then just waits for everything queued before it
   * to be committed) and counter increments; settles after the commit that holds them.
   */
  write(
    positions: readonly Position[],
    increments: ReadonlyMap<string, number> = new Map(),
  ): Promise<InsertPositionsResult> {
    if (this.closed) return Promise.reject(new Error('batch writer closed'));
    this.addIncrements(increments);
    return new Promise((resolve, reject) => {
      this.pending.push({ positions, resolve, reject });
      this.pendingFixCount += positions.length;
      this.schedule();
    });
  }

  /** Adds to a counter in the next commit (throttled batches, refused frames): O(1), no I/O. */
  count(name: string, amount = 1): void {
    this.increments.set(name, (this.increments.get(name) ?? 0) + amount);
    if (!this.closed) this.schedule();
  }

  get queuedFixCount(): number {
    return this.pendingFixCount;
  }

  /**
   * Commits everything queued now, in one transaction; resolves once it is committed (or
   * refused). Commits run one after another, in the order they were taken from the queue, so
   * onCommitted sees batches in order even on an engine whose commit takes a round trip.
   */
  flush(): Promise<void> {
    this.clearTimers();
    if (this.pending.length === 0 && this.increments.size === 0) return this.committing;
    const batch = this.pending;
    const increments = this.increments;
    this.pending = [];
    this.pendingFixCount = 0;
    this.increments = new Map();
    const committed = this.committing.then(() => this.commit(batch, increments));
    // A listener's throw reaches this flush's caller; the commits after it still run.
    this.committing = committed.catch(() => {});
    return committed;
  }

  /** Commits what is queued and stops; later writes are refused. */
  close(): Promise<void> {
    const last = this.flush();
    this.closed = true;
    this.clearTimers();
    return last;
  }

  private async commit(
    batch: readonly PendingWrite[],
    increments: ReadonlyMap<string, number>,
  ): Promise<void> {
    let result: InsertPositionsResult;
    try {
      result = await this.tracking.commitPositions(
        batch.flatMap((write) => write.positions),
        increments,
      );
    } catch (error) {
      // Nothing was written: the devices are not acknowledged and resend; counts wait for the next try.
      this.addIncrements(increments);
      for (const write of batch) write.reject(error);
      return;
    }
    const stored = new Set(result.stored);
    for (const write of batch) {
      write.resolve({
        stored: write.positions.filter((position) => stored.has(position)),
        duplicates: write.positions.filter((position) => !stored.has(position)),
      });
    }
    if (result.stored.length > 0) this.onCommitted(result.stored);
  }

  private addIncrements(increments: ReadonlyMap<string, number>): void {
    for (const [name, amount] of increments) {
      this.increments.set(name, (this.increments.get(name) ?? 0) + amount);
    }
  }

  private schedule(): void {
    if (this.pendingFixCount >= this.options.flushEarlyAtFixes) {
      if (this.early === null) this.early = setImmediate(() => void this.flush());
      return;
    }
    if (this.timer === null && this.early === null) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs);
    }
  }

  private clearTimers(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.early !== null) clearImmediate(this.early);
    this.timer = null;
    this.early = null;
  }
}
