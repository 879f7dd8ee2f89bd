/**
 * Which of several server processes on one database runs the background jobs (escalation,
 * retention, partner callback retries, stale sensors): the holder of a lease row in the shared
 * database, renewed every `renewMs` and taken over by another process once it has expired. The
 * SQLite equivalent of a PostgreSQL advisory lock, with an expiry instead of a session: a process
 * killed with SIGKILL holds it at most `ttlMs` longer.
 */
export interface LeaseStore {
  /** Takes the lease, or renews it for its holder; false while another holder's is live. */
  tryAcquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
  holderOf(name: string, nowMs: number): Promise<string | null>;
}

export const BACKGROUND_JOBS_LEASE = 'background-jobs';
/** A dead leader's jobs resume elsewhere within this; the jobs' own periods are longer. */
export const LEASE_TTL_MS = 10_000;
export const LEASE_RENEW_MS = 2_000;

export interface LeaderLeaseOptions {
  store: LeaseStore;
  /** This process, unique among those sharing the database. */
  holder: string;
  nowMs: () => number;
  name?: string;
  ttlMs?: number;
  renewMs?: number;
  onError?: (error: unknown) => void;
}

export class LeaderLease {
  /**
   * Until when this process may act as leader: half the lease, so that a renewal that came late
   * (a long synchronous job, a busy database) stops the jobs here before another may start them.
   */
  private leaderUntilMs = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The renewal under way: one at a time, so an older answer never overwrites a newer one. */
  private renewing: Promise<boolean> | null = null;
  private readonly name: string;
  private readonly ttlMs: number;
  private readonly renewMs: number;

  constructor(private readonly options: LeaderLeaseOptions) {
    this.name = options.name ?? BACKGROUND_JOBS_LEASE;
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
    this.renewMs = options.renewMs ?? LEASE_RENEW_MS;
  }

  /** Whether this process may run the background jobs now. */
  isLeader(): boolean {
    return this.options.nowMs() < this.leaderUntilMs;
  }

  /**
   * One attempt to take or keep the lease; a failed write counts as not holding it. A call while
   * one is under way (a slow database) answers that one's outcome instead of starting another.
   */
  renew(): Promise<boolean> {
    this.renewing ??= this.tryRenew().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async tryRenew(): Promise<boolean> {
    // The lease runs from before the round trip, as the store counts it: a slow answer shortens
    // this process's lead, never lengthens it.
    const nowMs = this.options.nowMs();
    let held = false;
    try {
      held = await this.options.store.tryAcquire(this.name, this.options.holder, nowMs, this.ttlMs);
    } catch (error) {
      this.options.onError?.(error);
    }
    this.leaderUntilMs = held ? nowMs + this.ttlMs / 2 : 0;
    return held;
  }

  /** Tries at once (so a lone process leads from its first job on), then every `renewMs`. */
  async start(): Promise<void> {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.renew(), this.renewMs);
    this.timer.unref();
    await this.renew();
  }

  /** Stops renewing and hands the lease back, so another process takes over without waiting. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    // A renewal under way lands first: released before it, the lease would be taken again.
    await this.renewing;
    if (this.leaderUntilMs === 0) return;
    this.leaderUntilMs = 0;
    try {
      await this.options.store.release(this.name, this.options.holder);
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
