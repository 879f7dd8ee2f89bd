/**
 * The largest axis-aligned rectangle of the view that no panel covers: where the camera frames
 * a target so that it is never flown behind a panel.
 */
import { EMPTY_RECT, clipRect, isEmptyRect, type ScreenRect } from './screenRect';

interface Span {
  startPx: number;
  endPx: number;
}

/** The longest stretch of [startPx, endPx] that none of the blocked spans touches. */
function longestGap(startPx: number, endPx: number, blocked: Span[]): Span {
  const sorted = [...blocked].sort((a, b) => a.startPx - b.startPx);
  let best: Span = { startPx, endPx: startPx };
  let cursorPx = startPx;
  for (const span of sorted) {
    if (span.startPx - cursorPx > best.endPx - best.startPx)
      best = { startPx: cursorPx, endPx: span.startPx };
    cursorPx = Math.max(cursorPx, span.endPx);
  }
  if (endPx - cursorPx > best.endPx - best.startPx) best = { startPx: cursorPx, endPx };
  return best;
}

/**
 * Tries every pair of vertical edges (the view's and the panels'); between them, the tallest
 * stretch no panel reaches into makes a candidate. A few dozen panels at most, so the
 * quadratic sweep costs nothing next to a layout pass.
 */
export function largestFreeRect(bounds: ScreenRect, obstacles: readonly ScreenRect[]): ScreenRect {
  if (isEmptyRect(bounds)) return EMPTY_RECT;
  const inside = obstacles
    .map((rect) => clipRect(rect, bounds))
    .filter((rect) => !isEmptyRect(rect));
  const rightPx = bounds.leftPx + bounds.widthPx;
  const bottomPx = bounds.topPx + bounds.heightPx;
  const edges = [
    ...new Set([
      bounds.leftPx,
      rightPx,
      ...inside.flatMap((rect) => [rect.leftPx, rect.leftPx + rect.widthPx]),
    ]),
  ].sort((a, b) => a - b);

  let best = EMPTY_RECT;
  let bestAreaPx2 = 0;
  for (let i = 0; i < edges.length; i += 1) {
    for (let j = i + 1; j < edges.length; j += 1) {
      const fromPx = edges[i] ?? 0;
      const toPx = edges[j] ?? 0;
      const blocked = inside
        .filter((rect) => rect.leftPx < toPx && rect.leftPx + rect.widthPx > fromPx)
        .map((rect) => ({ startPx: rect.topPx, endPx: rect.topPx + rect.heightPx }));
      const gap = longestGap(bounds.topPx, bottomPx, blocked);
      const areaPx2 = (toPx - fromPx) * (gap.endPx - gap.startPx);
      if (areaPx2 > bestAreaPx2) {
        bestAreaPx2 = areaPx2;
        best = {
          leftPx: fromPx,
          topPx: gap.startPx,
          widthPx: toPx - fromPx,
          heightPx: gap.endPx - gap.startPx,
        };
      }
    }
  }
  return best;
}
