/**
 * Thins a long track for replay (the server downsamples long ranges so a replay stays light) while
 * keeping what a viewer sees: the shape, the timing, the endpoints and the stops. It is a
 * top-down Douglas–Peucker whose error is the synchronized Euclidean distance (how far the fix is
 * from where the thinned track puts the worker at that same time), so a pause or a change of pace
 * on a straight street is kept too. The largest error is split first until the budget is spent.
 */
import { toLocalMetres } from '../geo/localFrame';
import { detectStops, type Stop } from './detectStops';
import type { TrackPoint } from './fix';

/** Below this, a thinned track is indistinguishable from the full one on a district view. */
export const DOWNSAMPLE_TOLERANCE_M = 1;

interface Span {
  startIndex: number;
  endIndex: number;
  worstIndex: number;
  worstErrorM: number;
}

/** Worst synchronized distance inside (start, end), or null when the span has no interior. */
function measureSpan(
  xM: Float64Array,
  yM: Float64Array,
  timesMs: Float64Array,
  startIndex: number,
  endIndex: number,
): Span | null {
  if (endIndex - startIndex < 2) return null;
  const spanMs = timesMs[endIndex]! - timesMs[startIndex]!;
  let worstIndex = startIndex + 1;
  let worstErrorM = -1;
  for (let index = startIndex + 1; index < endIndex; index++) {
    const fraction = spanMs > 0 ? (timesMs[index]! - timesMs[startIndex]!) / spanMs : 0;
    const expectedX = xM[startIndex]! + fraction * (xM[endIndex]! - xM[startIndex]!);
    const expectedY = yM[startIndex]! + fraction * (yM[endIndex]! - yM[startIndex]!);
    const errorM = Math.hypot(xM[index]! - expectedX, yM[index]! - expectedY);
    if (errorM > worstErrorM) {
      worstErrorM = errorM;
      worstIndex = index;
    }
  }
  return { startIndex, endIndex, worstIndex, worstErrorM };
}

function pushSpan(heap: Span[], span: Span): void {
  heap.push(span);
  for (let child = heap.length - 1; child > 0;) {
    const parent = (child - 1) >> 1;
    if (heap[parent]!.worstErrorM >= heap[child]!.worstErrorM) break;
    [heap[parent], heap[child]] = [heap[child]!, heap[parent]!];
    child = parent;
  }
}

function popSpan(heap: Span[]): Span | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  heap[0] = last;
  for (let parent = 0; ;) {
    let largest = parent;
    for (const child of [2 * parent + 1, 2 * parent + 2]) {
      if (child < heap.length && heap[child]!.worstErrorM > heap[largest]!.worstErrorM)
        largest = child;
    }
    if (largest === parent) break;
    [heap[parent], heap[largest]] = [heap[largest]!, heap[parent]!];
    parent = largest;
  }
  return top;
}

/** Indices that must survive: first, last, and where each stop begins and ends. */
function mandatoryIndices(length: number, stops: readonly Stop[], maxPoints: number): number[] {
  const indices = new Set<number>([0, length - 1]);
  for (const stop of stops) {
    if (stop.startIndex >= 0 && stop.startIndex < length) indices.add(stop.startIndex);
    if (stop.endIndex >= 0 && stop.endIndex < length) indices.add(stop.endIndex);
  }
  const sorted = [...indices].sort((first, second) => first - second);
  if (sorted.length <= maxPoints) return sorted;
  // More stop ends than the budget: keep the endpoints and an even choice of the rest.
  const inner = sorted.slice(1, -1);
  const innerBudget = maxPoints - 2;
  const chosen = Array.from(
    { length: innerBudget },
    (_, slot) => inner[Math.floor((slot * inner.length) / innerBudget)]!,
  );
  return [0, ...chosen, length - 1];
}

/**
 * At most `maxPoints` fixes of a track ordered by fix time, first and last always kept, stop
 * boundaries kept while the budget allows (stops are detected when not given).
 */
export function downsampleTrack<T extends TrackPoint>(
  track: readonly T[],
  maxPoints: number,
  stops?: readonly Stop[],
  toleranceM: number = DOWNSAMPLE_TOLERANCE_M,
): T[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`maxPoints must be an integer of at least 2, got ${maxPoints}`);
  }
  if (track.length <= maxPoints) return track.slice();

  const origin = track[0]!;
  const xM = new Float64Array(track.length);
  const yM = new Float64Array(track.length);
  const timesMs = new Float64Array(track.length);
  track.forEach((point, index) => {
    const local = toLocalMetres(origin, point);
    xM[index] = local.eastM;
    yM[index] = local.northM;
    timesMs[index] = point.fixTimeMs;
  });

  const kept = new Uint8Array(track.length);
  const anchors = mandatoryIndices(track.length, stops ?? detectStops(track), maxPoints);
  const heap: Span[] = [];
  anchors.forEach((index, position) => {
    kept[index] = 1;
    const next = anchors[position + 1];
    const span = next === undefined ? null : measureSpan(xM, yM, timesMs, index, next);
    if (span !== null) pushSpan(heap, span);
  });

  for (let keptCount = anchors.length; keptCount < maxPoints; keptCount++) {
    const worst = popSpan(heap);
    if (worst === undefined || worst.worstErrorM < toleranceM) break;
    kept[worst.worstIndex] = 1;
    for (const [start, end] of [
      [worst.startIndex, worst.worstIndex],
      [worst.worstIndex, worst.endIndex],
    ] as const) {
      const span = measureSpan(xM, yM, timesMs, start, end);
      if (span !== null) pushSpan(heap, span);
    }
  }
  return track.filter((_, index) => kept[index] === 1);
}
