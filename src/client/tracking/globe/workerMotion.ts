/**
 * Per-frame motion of live workers (DESIGN.md §4), kept in one flat Float64Array so that moving
 * 5,000 workers each frame allocates nothing. Cesium-free: positions are plain x/y/z (the layer
 * feeds Earth-fixed metres), times are the caller's clock in ms.
 *
 * Each worker glides from where it is drawn now to its newest fix over the time between its
 * last two fixes: the dot trails the feed by one fix interval (the render delay) and never jumps
 * while fixes keep coming. A first fix, or one after a long gap, is placed at once.
 */

/** Shorter glides than this look like jumps; longer ones than the max lag behind the feed. */
export const MIN_GLIDE_MS = 250;
export const MAX_GLIDE_MS = 5000;
/** Fixes farther apart than this are not joined by a glide: the dot is placed at the new fix. */
export const MAX_GLIDE_GAP_MS = 60_000;

/** from x, y, z · to x, y, z · start ms · end ms */
const STRIDE = 8;
const FROM = 0;
const TO = 3;
const START = 6;
const END = 7;
const INITIAL_CAPACITY = 256;

export interface Vector3Like {
  x: number;
  y: number;
  z: number;
}

/** How long to glide to a fix; 0 places it at once, null ignores it (not newer than the last). */
export function glideDurationMs(
  previousFixTimeMs: number | null,
  fixTimeMs: number,
): number | null {
  if (previousFixTimeMs === null) return 0;
  const intervalMs = fixTimeMs - previousFixTimeMs;
  if (intervalMs <= 0) return null;
  if (intervalMs > MAX_GLIDE_GAP_MS) return 0;
  return Math.min(MAX_GLIDE_MS, Math.max(MIN_GLIDE_MS, intervalMs));
}

/** Share of the glide done at `nowMs`, 0–1. */
export function glideFraction(startMs: number, endMs: number, nowMs: number): number {
  if (endMs <= startMs || nowMs >= endMs) return 1;
  if (nowMs <= startMs) return 0;
  return (nowMs - startMs) / (endMs - startMs);
}

export class WorkerMotionTable {
  private values = new Float64Array(INITIAL_CAPACITY * STRIDE);

  get capacity(): number {
    return this.values.length / STRIDE;
  }

  /** Makes room for slots 0..slot; existing motions are kept. */
  ensureSlot(slot: number): void {
    if (slot < this.capacity) return;
    let capacity = this.capacity;
    while (capacity <= slot) capacity *= 2;
    const grown = new Float64Array(capacity * STRIDE);
    grown.set(this.values);
    this.values = grown;
  }

  /** Puts the worker at a position now, with no glide. */
  place(slot: number, position: Vector3Like, nowMs: number): void {
    const base = slot * STRIDE;
    const values = this.values;
    values[base + FROM] = values[base + TO] = position.x;
    values[base + FROM + 1] = values[base + TO + 1] = position.y;
    values[base + FROM + 2] = values[base + TO + 2] = position.z;
    values[base + START] = values[base + END] = nowMs;
  }

  /** Starts a glide from where the worker is drawn at `nowMs` to `target`, lasting `durationMs`. */
  glideTo(slot: number, target: Vector3Like, nowMs: number, durationMs: number): void {
    if (durationMs <= 0) {
      this.place(slot, target, nowMs);
      return;
    }
    const base = slot * STRIDE;
    const values = this.values;
    const fraction = glideFraction(values[base + START]!, values[base + END]!, nowMs);
    for (let axis = 0; axis < 3; axis++) {
      const from = values[base + FROM + axis]!;
      values[base + FROM + axis] = from + (values[base + TO + axis]! - from) * fraction;
      values[base + TO + axis] = axis === 0 ? target.x : axis === 1 ? target.y : target.z;
    }
    values[base + START] = nowMs;
    values[base + END] = nowMs + durationMs;
  }

  /** Writes the drawn position at `nowMs` into `out`; true while the glide is under way. */
  sample(slot: number, nowMs: number, out: Vector3Like): boolean {
    const base = slot * STRIDE;
    const values = this.values;
    const fraction = glideFraction(values[base + START]!, values[base + END]!, nowMs);
    const fromX = values[base + FROM]!;
    const fromY = values[base + FROM + 1]!;
    const fromZ = values[base + FROM + 2]!;
    out.x = fromX + (values[base + TO]! - fromX) * fraction;
    out.y = fromY + (values[base + TO + 1]! - fromY) * fraction;
    out.z = fromZ + (values[base + TO + 2]! - fromZ) * fraction;
    return fraction < 1;
  }
}
