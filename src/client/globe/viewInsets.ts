/**
 * The part of the 3D view that panels leave free. The docked layout measures its panels and
 * keeps the largest rectangle they leave uncovered (shell/layout); here it becomes insets of
 * the globe's own box, so the camera frames a target in the middle of what the hall can
 * actually see, never behind a panel.
 */
import type { ScreenRect } from '../shell/layout/screenRect';
import { useWallLayoutStore } from '../shell/layout/wallLayoutStore';

export interface ViewInsets {
  topPx: number;
  rightPx: number;
  bottomPx: number;
  leftPx: number;
}

export const NO_INSETS: ViewInsets = { topPx: 0, rightPx: 0, bottomPx: 0, leftPx: 0 };

/** How far each side of `free` lies inside `view`; no free rectangle, or none inside: no insets. */
export function insetsOfFreeRect(view: ScreenRect, free: ScreenRect | null): ViewInsets {
  if (free === null || free.widthPx <= 0 || free.heightPx <= 0) return NO_INSETS;
  const insets = {
    topPx: Math.max(0, free.topPx - view.topPx),
    leftPx: Math.max(0, free.leftPx - view.leftPx),
    bottomPx: Math.max(0, view.topPx + view.heightPx - (free.topPx + free.heightPx)),
    rightPx: Math.max(0, view.leftPx + view.widthPx - (free.leftPx + free.widthPx)),
  };
  const covered =
    insets.leftPx + insets.rightPx >= view.widthPx ||
    insets.topPx + insets.bottomPx >= view.heightPx;
  return covered ? NO_INSETS : insets;
}

/** The insets of the globe's container now: read at the start of each flight. */
export function readViewInsets(element: HTMLElement): ViewInsets {
  const box = element.getBoundingClientRect();
  const view = { leftPx: box.left, topPx: box.top, widthPx: box.width, heightPx: box.height };
  return insetsOfFreeRect(view, useWallLayoutStore.getState().freeRect);
}

/** Pixel offset of the free area's centre from the view's centre; x right, y down. */
export function freeCentreOffsetPx(insets: ViewInsets): { xPx: number; yPx: number } {
  return {
    xPx: (insets.leftPx - insets.rightPx) / 2,
    yPx: (insets.topPx - insets.bottomPx) / 2,
  };
}
