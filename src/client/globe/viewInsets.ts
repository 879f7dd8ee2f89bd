/**
 * The part of the 3D view that panels leave free. The layout floats panels over the globe; it
 * says how far through CSS custom properties on the globe's container (`--globe-inset-top`,
 * `-right`, `-bottom`, `-left`, registered lengths in globeView.css), so the camera frames a
 * target in the middle of what the hall can actually see.
 */
export interface ViewInsets {
  topPx: number;
  rightPx: number;
  bottomPx: number;
  leftPx: number;
}

export const NO_INSETS: ViewInsets = { topPx: 0, rightPx: 0, bottomPx: 0, leftPx: 0 };

export function readViewInsets(element: HTMLElement): ViewInsets {
  const style = getComputedStyle(element);
  const length = (side: string) => {
    const value = Number.parseFloat(style.getPropertyValue(`--globe-inset-${side}`));
    return Number.isFinite(value) && value > 0 ? value : 0;
  };
  return {
    topPx: length('top'),
    rightPx: length('right'),
    bottomPx: length('bottom'),
    leftPx: length('left'),
  };
}

/** Pixel offset of the free area's centre from the view's centre; x right, y down. */
export function freeCentreOffsetPx(insets: ViewInsets): { xPx: number; yPx: number } {
  return {
    xPx: (insets.leftPx - insets.rightPx) / 2,
    yPx: (insets.topPx - insets.bottomPx) / 2,
  };
}
