/**
 * Watches every docked panel's box and, whenever one changes, works out the free part of the
 * view. One ResizeObserver for all of them: a panel that grows moves its neighbours without
 * resizing them, so every change re-measures every panel.
 */
import { largestFreeRect } from './largestFreeRect';
import { clipRect, rectOfBox, sameRect, type ScreenRect } from './screenRect';

export interface WallMeasurer {
  /** Counts `element` as covering the view while it is shown (zero size: not shown). */
  observe(element: Element): void;
  unobserve(element: Element): void;
  destroy(): void;
}

/** A panel scrolled inside its region covers only the region's part of the view. */
const REGION_SELECTOR = '[data-wall-region]';

function visibleRectOf(element: Element): ScreenRect {
  const rect = rectOfBox(element.getBoundingClientRect());
  const region = element.parentElement?.closest(REGION_SELECTOR);
  return region ? clipRect(rect, rectOfBox(region.getBoundingClientRect())) : rect;
}

export function createWallMeasurer(
  root: HTMLElement,
  onFreeRect: (rect: ScreenRect) => void,
): WallMeasurer {
  const observed = new Set<Element>();
  let frame: number | null = null;
  let last: ScreenRect | null = null;

  function measure(): void {
    frame = null;
    const bounds = rectOfBox(root.getBoundingClientRect());
    const free = largestFreeRect(bounds, [...observed].map(visibleRectOf));
    if (last !== null && sameRect(last, free)) return;
    last = free;
    onFreeRect(free);
  }

  // Coalesced to one measure per frame: a burst of resizes (a list filling) costs one sweep.
  function schedule(): void {
    if (frame === null) frame = requestAnimationFrame(measure);
  }

  const observer = new ResizeObserver(schedule);
  observer.observe(root);
  window.addEventListener('resize', schedule);
  // A column scrolled within itself moves its panels without resizing anything.
  root.addEventListener('scroll', schedule, true);

  return {
    observe(element) {
      observed.add(element);
      observer.observe(element);
      schedule();
    },
    unobserve(element) {
      observed.delete(element);
      observer.unobserve(element);
      schedule();
    },
    destroy() {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      root.removeEventListener('scroll', schedule, true);
      if (frame !== null) cancelAnimationFrame(frame);
      observed.clear();
    },
  };
}
