import { describe, expect, it } from 'vitest';
import { roofOutline } from './roofOutline';
import { box } from './tileTestKit';

describe('roofOutline', () => {
  it('adds a neighbouring wing’s corners where they touch an edge, in outline order', () => {
    // An arm standing on the middle of the north edge, as in an L-shaped building.
    expect(roofOutline(box(0, 0, 10, 6), [box(4, 6, 8, 12)])).toEqual([
      [0, 0],
      [10, 0],
      [10, 6],
      [8, 6],
      [4, 6],
      [0, 6],
    ]);
  });

  it('leaves a roof alone when neighbours share whole edges or stand apart', () => {
    expect(roofOutline(box(0, 0, 10, 6), [box(10, 0, 20, 6), box(30, 0, 40, 6)])).toEqual(
      box(0, 0, 10, 6),
    );
  });
});
