import { describe, expect, it } from 'vitest';
import { NO_INSETS, freeCentreOffsetPx, insetsOfFreeRect } from './viewInsets';

const VIEW = { leftPx: 0, topPx: 0, widthPx: 1920, heightPx: 1080 };

describe('insetsOfFreeRect', () => {
  it('measures each side of the free rectangle from the view edges', () => {
    const free = { leftPx: 400, topPx: 76, widthPx: 1000, heightPx: 904 };
    expect(insetsOfFreeRect(VIEW, free)).toEqual({
      topPx: 76,
      leftPx: 400,
      bottomPx: 100,
      rightPx: 520,
    });
  });

  it('puts the free centre right of the view centre when the left side is covered more', () => {
    const insets = insetsOfFreeRect(VIEW, { leftPx: 600, topPx: 0, widthPx: 1320, heightPx: 1080 });
    expect(freeCentreOffsetPx(insets)).toEqual({ xPx: 300, yPx: 0 });
  });

  it('reads a view offset in the window relative to its own box', () => {
    const view = { leftPx: 100, topPx: 50, widthPx: 800, heightPx: 600 };
    const free = { leftPx: 300, topPx: 50, widthPx: 600, heightPx: 600 };
    expect(insetsOfFreeRect(view, free)).toEqual({
      topPx: 0,
      leftPx: 200,
      bottomPx: 0,
      rightPx: 0,
    });
  });

  it('frames the whole view before the layout is measured or when nothing is left free', () => {
    expect(insetsOfFreeRect(VIEW, null)).toEqual(NO_INSETS);
    expect(insetsOfFreeRect(VIEW, { leftPx: 0, topPx: 0, widthPx: 0, heightPx: 0 })).toEqual(
      NO_INSETS,
    );
  });
});
