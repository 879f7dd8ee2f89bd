import { describe, expect, it } from 'vitest';
import { largestFreeRect } from './largestFreeRect';
import type { ScreenRect } from './screenRect';

const VIEW: ScreenRect = { leftPx: 0, topPx: 0, widthPx: 1920, heightPx: 1080 };

function rect(leftPx: number, topPx: number, widthPx: number, heightPx: number): ScreenRect {
  return { leftPx, topPx, widthPx, heightPx };
}

function overlaps(a: ScreenRect, b: ScreenRect): boolean {
  return (
    a.leftPx < b.leftPx + b.widthPx &&
    b.leftPx < a.leftPx + a.widthPx &&
    a.topPx < b.topPx + b.heightPx &&
    b.topPx < a.topPx + a.heightPx
  );
}

describe('largestFreeRect', () => {
  it('is the whole view when no panel is shown', () => {
    expect(largestFreeRect(VIEW, [])).toEqual(VIEW);
  });

  it('is the middle between a top bar and two side columns', () => {
    const panels = [rect(0, 0, 1920, 76), rect(0, 76, 400, 1004), rect(1400, 76, 520, 1004)];
    expect(largestFreeRect(VIEW, panels)).toEqual(rect(400, 76, 1000, 1004));
  });

  it('stops above a bottom strip that spans the middle', () => {
    const panels = [
      rect(0, 0, 1920, 76),
      rect(0, 76, 400, 1004),
      rect(1400, 76, 520, 1004),
      rect(400, 980, 1000, 100),
    ];
    expect(largestFreeRect(VIEW, panels)).toEqual(rect(400, 76, 1000, 904));
  });

  it('never overlaps a panel, however the panels are scattered', () => {
    const panels = [
      rect(0, 0, 1920, 76),
      rect(12, 88, 380, 900),
      rect(404, 88, 420, 500),
      rect(1300, 88, 608, 980),
      rect(860, 700, 300, 200),
    ];
    const free = largestFreeRect(VIEW, panels);
    expect(free.widthPx * free.heightPx).toBeGreaterThan(0);
    for (const panel of panels) expect(overlaps(free, panel)).toBe(false);
  });

  it('ignores the parts of panels that lie outside the view', () => {
    const panels = [rect(-500, -500, 600, 2000)];
    expect(largestFreeRect(VIEW, panels)).toEqual(rect(100, 0, 1820, 1080));
  });

  it('is empty when panels cover the whole view', () => {
    const free = largestFreeRect(VIEW, [VIEW]);
    expect(free.widthPx * free.heightPx).toBe(0);
  });
});
