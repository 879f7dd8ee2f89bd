/** A rectangle on the screen in CSS pixels, as the layout measures its panels. */
export interface ScreenRect {
  leftPx: number;
  topPx: number;
  widthPx: number;
  heightPx: number;
}

export const EMPTY_RECT: ScreenRect = { leftPx: 0, topPx: 0, widthPx: 0, heightPx: 0 };

export function rectOfBox(box: {
  left: number;
  top: number;
  width: number;
  height: number;
}): ScreenRect {
  return { leftPx: box.left, topPx: box.top, widthPx: box.width, heightPx: box.height };
}

export function isEmptyRect(rect: ScreenRect): boolean {
  return rect.widthPx <= 0 || rect.heightPx <= 0;
}

/** The part of `rect` inside `bounds`; empty (zero size) when they do not meet. */
export function clipRect(rect: ScreenRect, bounds: ScreenRect): ScreenRect {
  const leftPx = Math.max(rect.leftPx, bounds.leftPx);
  const topPx = Math.max(rect.topPx, bounds.topPx);
  const rightPx = Math.min(rect.leftPx + rect.widthPx, bounds.leftPx + bounds.widthPx);
  const bottomPx = Math.min(rect.topPx + rect.heightPx, bounds.topPx + bounds.heightPx);
  if (rightPx <= leftPx || bottomPx <= topPx) return { ...EMPTY_RECT, leftPx, topPx };
  return { leftPx, topPx, widthPx: rightPx - leftPx, heightPx: bottomPx - topPx };
}

/** "x,y,w,h" in whole pixels: the form of the `data-free-rect` probe. */
export function formatRect(rect: ScreenRect): string {
  return [rect.leftPx, rect.topPx, rect.widthPx, rect.heightPx].map(Math.round).join(',');
}

export function sameRect(a: ScreenRect, b: ScreenRect): boolean {
  return formatRect(a) === formatRect(b);
}
