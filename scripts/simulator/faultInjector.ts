/**
 * What goes wrong between a phone and the server, injected on purpose so the ingest path is
 * exercised the way real phones exercise it: dropouts (the phone is silent for a while, then
 * uploads its backlog), duplicate sends, out-of-order delivery (a shuffled batch, or the older
 * part of the backlog held back and delivered after the newer) and reconnects. Events in time are
 * Poisson processes; per-batch faults are coin flips. One injector per device, seeded.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import type { DeviceFix } from '../../src/shared/trackingEvents';

export interface FaultRates {
  /** Times per hour the phone goes silent (no signal); it uploads the backlog afterwards. */
  dropoutsPerHour: number;
  /** Share of fixes sent twice. */
  duplicateShare: number;
  /** Share of batches sent in shuffled order. */
  shuffledBatchShare: number;
  /** Share of uploads that send the newer part of the outbox first and the older part after. */
  delayedBatchShare: number;
  /** Times per hour the connection drops and the device reconnects. */
  reconnectsPerHour: number;
  /** SOS presses per hour (each cleared a little later); off unless asked for. */
  sosPerHour: number;
}

/** Modest faults, on in the demo: the wall should look calm while ingest is kept honest. */
export const DEFAULT_FAULT_RATES: FaultRates = {
  dropoutsPerHour: 1,
  duplicateShare: 0.02,
  shuffledBatchShare: 0.05,
  delayedBatchShare: 0.03,
  reconnectsPerHour: 0.5,
  sosPerHour: 0,
};

export const NO_FAULTS: FaultRates = {
  dropoutsPerHour: 0,
  duplicateShare: 0,
  shuffledBatchShare: 0,
  delayedBatchShare: 0,
  reconnectsPerHour: 0,
  sosPerHour: 0,
};

export const DROPOUT_DURATION_MS = { min: 30_000, max: 4 * 60_000 } as const;
export const RECONNECT_DELAY_MS = { min: 1_000, max: 5_000 } as const;
export const SOS_DURATION_MS = { min: 60_000, max: 3 * 60_000 } as const;
const HOUR_MS = 60 * 60 * 1000;

export interface InjectedFaultCounts {
  dropouts: number;
  duplicateFixes: number;
  shuffledBatches: number;
  delayedBatches: number;
  reconnects: number;
  sosPresses: number;
}

/** Checks that rates are usable numbers: shares in [0, 1], frequencies ≥ 0. */
export function resolveFaultRates(overrides: Partial<FaultRates> = {}): FaultRates {
  const rates = { ...DEFAULT_FAULT_RATES, ...overrides };
  for (const [name, value] of Object.entries(rates)) {
    const isShare = name.endsWith('Share');
    if (!Number.isFinite(value) || value < 0 || (isShare && value > 1)) {
      throw new RangeError(`fault rate ${name} must be ${isShare ? 'in [0, 1]' : '≥ 0'}`);
    }
  }
  return rates;
}

/** Times of a Poisson process with `perHour` events an hour, one after another. */
class PoissonClock {
  private nextMs: number;

  constructor(
    private readonly perHour: number,
    private readonly random: SeededRandom,
    fromMs: number,
  ) {
    this.nextMs = this.after(fromMs);
  }

  private after(fromMs: number): number {
    if (this.perHour <= 0) return Infinity;
    return fromMs - (Math.log(1 - this.random.next()) * HOUR_MS) / this.perHour;
  }

  /** The next event time (Infinity when the rate is zero). */
  peek(): number {
    return this.nextMs;
  }

  /** Moves past the current event; the next one is counted from `fromMs`. */
  advance(fromMs: number): void {
    this.nextMs = this.after(Math.max(fromMs, this.nextMs));
  }
}

export const ZERO_FAULT_COUNTS: Readonly<InjectedFaultCounts> = {
  dropouts: 0,
  duplicateFixes: 0,
  shuffledBatches: 0,
  delayedBatches: 0,
  reconnects: 0,
  sosPresses: 0,
};

export class FaultInjector {
  readonly counts: InjectedFaultCounts = { ...ZERO_FAULT_COUNTS };
  private readonly dropouts: PoissonClock;
  private dropoutEndMs: number | null = null;
  private readonly reconnects: PoissonClock;
  private readonly sosPresses: PoissonClock;
  private sosClearMs: number | null = null;

  constructor(
    readonly rates: FaultRates,
    private readonly random: SeededRandom,
    startMs: number,
  ) {
    this.dropouts = new PoissonClock(rates.dropoutsPerHour, random.fork('dropouts'), startMs);
    this.reconnects = new PoissonClock(rates.reconnectsPerHour, random.fork('reconnects'), startMs);
    this.sosPresses = new PoissonClock(rates.sosPerHour, random.fork('sos'), startMs);
  }

  /** When the phone is silent at `nowMs`, the time it gets its signal back; otherwise null. */
  silentUntil(nowMs: number): number | null {
    if (this.dropoutEndMs !== null && nowMs < this.dropoutEndMs) return this.dropoutEndMs;
    if (this.dropoutEndMs !== null) {
      this.dropouts.advance(this.dropoutEndMs);
      this.dropoutEndMs = null;
    }
    if (nowMs < this.dropouts.peek()) return null;
    this.counts.dropouts++;
    this.dropoutEndMs =
      this.dropouts.peek() + this.random.between(DROPOUT_DURATION_MS.min, DROPOUT_DURATION_MS.max);
    if (nowMs >= this.dropoutEndMs) return this.silentUntil(nowMs);
    return this.dropoutEndMs;
  }

  /** True once for each reconnect due by `nowMs`; the caller drops and reopens the connection. */
  reconnectDue(nowMs: number): boolean {
    if (nowMs < this.reconnects.peek()) return false;
    this.reconnects.advance(nowMs);
    this.counts.reconnects++;
    return true;
  }

  reconnectDelayMs(): number {
    return this.random.between(RECONNECT_DELAY_MS.min, RECONNECT_DELAY_MS.max);
  }

  /** An SOS change due by `nowMs`: true to press the button, false to clear it, null for none. */
  sosChange(nowMs: number): boolean | null {
    if (this.sosClearMs !== null) {
      if (nowMs < this.sosClearMs) return null;
      this.sosPresses.advance(this.sosClearMs);
      this.sosClearMs = null;
      return false;
    }
    if (nowMs < this.sosPresses.peek()) return null;
    this.counts.sosPresses++;
    this.sosClearMs = nowMs + this.random.between(SOS_DURATION_MS.min, SOS_DURATION_MS.max);
    return true;
  }

  /** Whether this upload sends the newer part of the outbox before the older part. */
  delaysOlderPart(): boolean {
    const delays = this.random.chance(this.rates.delayedBatchShare);
    if (delays) this.counts.delayedBatches++;
    return delays;
  }

  /** The batch as it goes on the wire: some fixes twice, sometimes shuffled; at most `maxCount`. */
  garble(batch: readonly DeviceFix[], maxCount: number): DeviceFix[] {
    const sent: DeviceFix[] = [];
    let room = maxCount - batch.length;
    for (const fix of batch) {
      sent.push(fix);
      if (room > 0 && this.random.chance(this.rates.duplicateShare)) {
        room--;
        sent.push({ ...fix });
        this.counts.duplicateFixes++;
      }
    }
    if (sent.length > 1 && this.random.chance(this.rates.shuffledBatchShare)) {
      this.counts.shuffledBatches++;
      for (let index = sent.length - 1; index > 0; index--) {
        const other = this.random.int(0, index);
        [sent[index], sent[other]] = [sent[other]!, sent[index]!];
      }
    }
    return sent;
  }
}
