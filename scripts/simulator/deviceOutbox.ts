/**
 * A phone's outbox: every fix stays until the server acknowledges its fix time (stored, already
 * stored, or rejected for good), ordered by fix time so the oldest go first. Keyed by fix time,
 * which is the server's dedupe key per worker, so a fix recorded twice is kept once.
 */
import type { DeviceFix } from '../../src/shared/trackingEvents';

export class DeviceOutbox {
  private readonly byTime = new Map<number, DeviceFix>();
  /** Fix times in ascending order; rebuilt lazily after out-of-order additions. */
  private times: number[] = [];
  private sorted = true;

  get size(): number {
    return this.byTime.size;
  }

  add(fixes: readonly DeviceFix[]): void {
    for (const fix of fixes) {
      if (this.byTime.has(fix.fixTimeMs)) continue;
      const last = this.times[this.times.length - 1];
      if (last !== undefined && fix.fixTimeMs < last) this.sorted = false;
      this.byTime.set(fix.fixTimeMs, fix);
      this.times.push(fix.fixTimeMs);
    }
  }

  private orderedTimes(): number[] {
    if (!this.sorted) {
      this.times.sort((first, second) => first - second);
      this.sorted = true;
    }
    return this.times;
  }

  /** Up to `maxCount` fixes, oldest first, after skipping the `skipCount` oldest. */
  peek(maxCount: number, skipCount = 0): DeviceFix[] {
    return this.orderedTimes()
      .slice(skipCount, skipCount + maxCount)
      .map((fixTimeMs) => this.byTime.get(fixTimeMs)!);
  }

  /** Forgets the acknowledged fixes; returns how many were in the outbox. */
  acknowledge(fixTimesMs: readonly number[]): number {
    let removed = 0;
    for (const fixTimeMs of fixTimesMs) if (this.byTime.delete(fixTimeMs)) removed++;
    if (removed > 0) this.times = this.orderedTimes().filter((time) => this.byTime.has(time));
    return removed;
  }
}
