/** The part of the wall the docked panels leave free, as the layout publishes it on its root. */
import type { Page } from 'playwright-core';

export interface PageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const FREE_RECT_SELECTOR = '.command-center[data-free-rect]';

/** Page coordinates of the free rectangle (`data-free-rect="x,y,w,h"`); throws before the first measure. */
export async function readFreeRect(page: Page): Promise<PageRect> {
  const text = (await page.locator(FREE_RECT_SELECTOR).getAttribute('data-free-rect')) ?? '';
  const [x = Number.NaN, y = Number.NaN, width = Number.NaN, height = Number.NaN] = text
    .split(',')
    .map(Number);
  if (![x, y, width, height].every(Number.isFinite)) throw new Error('free area not measured');
  return { x, y, width, height };
}
