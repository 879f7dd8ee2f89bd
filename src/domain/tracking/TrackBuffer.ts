/**
 * One worker's fixes ordered by fix time in a bounded ring: the live trail on a screen and the
 * ingest's recent-history window for jump checks. Fixes arrive out of order and resent, so an
 * insert finds its place by binary search and a repeated fix time is ignored; the newest fix is
 * the one with the greatest fix time, not the last to arrive. Slots are allocated once.
 */

export type TrackInsertResult = 'inserted' | 'duplicate' | 'older_than_window';

interface Timed {
  fixTimeMs: number;
}

export class TrackBuffer<T extends Timed> {
  readonly capacity: number;
  private readonly slots: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`track buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.slots = new Array<T | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.count;
  }

  /** The fix at an index in fix-time order (0 = oldest kept). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.slots[(this.head + index) % this.capacity];
  }

  newest(): T | undefined {
    return this.at(this.count - 1);
  }

  oldest(): T | undefined {
    return this.at(0);
  }

  /** Index of the first fix with fixTimeMs >= the given time (count when none). */
  lowerBound(fixTimeMs: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.at(middle)!.fixTimeMs < fixTimeMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  has(fixTimeMs: number): boolean {
    return this.at(this.lowerBound(fixTimeMs))?.fixTimeMs === fixTimeMs;
  }

  /** The kept fixes just before and just after a fix time (excluding one at that exact time). */
  neighboursOf(fixTimeMs: number): { previous: T | null; next: T | null } {
    const index = this.lowerBound(fixTimeMs);
    const atIndex = this.at(index);
    const nextIndex = atIndex?.fixTimeMs === fixTimeMs ? index + 1 : index;
    return { previous: this.at(index - 1) ?? null, next: this.at(nextIndex) ?? null };
  }

  /**
   * Inserts in fix-time order. When full, the oldest fix is dropped to make room; a fix older
   * than everything in a full buffer would be dropped at once, so it is refused instead.
   */
  insert(item: T): TrackInsertResult {
    let index = this.lowerBound(item.fixTimeMs);
    if (this.at(index)?.fixTimeMs === item.fixTimeMs) return 'duplicate';
    if (this.count === this.capacity) {
      if (index === 0) return 'older_than_window';
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count -= 1;
      index -= 1;
    }
    // Shift the later fixes one slot towards the tail; in-order arrivals shift nothing.
    for (let shifted = this.count; shifted > index; shifted--) {
      this.slots[(this.head + shifted) % this.capacity] =
        this.slots[(this.head + shifted - 1) % this.capacity];
    }
    this.slots[(this.head + index) % this.capacity] = item;
    this.count += 1;
    return 'inserted';
  }

  /** Drops fixes older than a cut-off (a trail of the last N minutes); returns how many. */
  dropOlderThan(cutoffMs: number): number {
    const dropCount = this.lowerBound(cutoffMs);
    for (let index = 0; index < dropCount; index++) {
      this.slots[(this.head + index) % this.capacity] = undefined;
    }
    this.head = (this.head + dropCount) % this.capacity;
    this.count -= dropCount;
    return dropCount;
  }

  clear(): void {
    this.dropOlderThan(Infinity);
    this.head = 0;
  }

  /** A copy in fix-time order, for code that wants a plain array (replay, geometry). */
  toArray(): T[] {
    const items: T[] = [];
    for (let index = 0; index < this.count; index++) items.push(this.at(index)!);
    return items;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let index = 0; index < this.count; index++) yield this.at(index)!;
  }
}
