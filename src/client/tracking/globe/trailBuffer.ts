/**
 * A worker's trail: the last `capacity` fixes in a fixed-length ring (a wall runs all day; a
 * trail must not grow). A fix that comes long after the previous one starts a new run, so the
 * trail never draws a straight line across a gap it did not walk. Cesium-free.
 */

/** x, y, z, fix time ms */
const STRIDE = 4;

export interface TrailPoint {
  x: number;
  y: number;
  z: number;
  fixTimeMs: number;
}

export class TrailBuffer {
  private readonly values: Float64Array;
  /** True where a point starts a new run (long gap before it). */
  private readonly breaks: Uint8Array;
  private start = 0;
  private size = 0;

  constructor(
    readonly capacity: number,
    /** Fixes farther apart than this are not joined. */
    readonly breakAfterMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`trail capacity must be an integer ≥ 2, got ${capacity}`);
    }
    this.values = new Float64Array(capacity * STRIDE);
    this.breaks = new Uint8Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  get newestFixTimeMs(): number | null {
    if (this.size === 0) return null;
    return this.values[this.indexOf(this.size - 1) * STRIDE + 3]!;
  }

  /** Appends a fix; older or equal fix times are ignored (late fixes must not scribble). */
  push(point: TrailPoint): boolean {
    const newest = this.newestFixTimeMs;
    if (newest !== null && point.fixTimeMs <= newest) return false;
    const index = this.size < this.capacity ? this.indexOf(this.size) : this.start;
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
    const base = index * STRIDE;
    this.values[base] = point.x;
    this.values[base + 1] = point.y;
    this.values[base + 2] = point.z;
    this.values[base + 3] = point.fixTimeMs;
    this.breaks[index] = newest !== null && point.fixTimeMs - newest > this.breakAfterMs ? 1 : 0;
    return true;
  }

  clear(): void {
    this.start = 0;
    this.size = 0;
  }

  /** The trail as runs of points, oldest first; single points (nothing to draw) are left out. */
  runs(): TrailPoint[][] {
    const runs: TrailPoint[][] = [];
    let run: TrailPoint[] = [];
    for (let order = 0; order < this.size; order++) {
      const index = this.indexOf(order);
      if (order > 0 && this.breaks[index] === 1) {
        if (run.length > 1) runs.push(run);
        run = [];
      }
      const base = index * STRIDE;
      run.push({
        x: this.values[base]!,
        y: this.values[base + 1]!,
        z: this.values[base + 2]!,
        fixTimeMs: this.values[base + 3]!,
      });
    }
    if (run.length > 1) runs.push(run);
    return runs;
  }

  private indexOf(order: number): number {
    return (this.start + order) % this.capacity;
  }
}
