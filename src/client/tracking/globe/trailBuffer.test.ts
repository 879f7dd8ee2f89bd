import { describe, expect, it } from 'vitest';
import { TrailBuffer } from './trailBuffer';

const point = (x: number, fixTimeMs: number) => ({ x, y: 0, z: 0, fixTimeMs });
const xsOf = (buffer: TrailBuffer) => buffer.runs().map((run) => run.map((p) => p.x));

describe('TrailBuffer', () => {
  it('keeps only the newest `capacity` fixes, oldest first', () => {
    const buffer = new TrailBuffer(3, 10_000);
    for (let index = 0; index < 5; index++) buffer.push(point(index, index * 1000));
    expect(buffer.length).toBe(3);
    expect(xsOf(buffer)).toEqual([[2, 3, 4]]);
    expect(buffer.newestFixTimeMs).toBe(4000);
  });

  it('ignores late or repeated fixes', () => {
    const buffer = new TrailBuffer(4, 10_000);
    expect(buffer.push(point(0, 1000))).toBe(true);
    expect(buffer.push(point(1, 1000))).toBe(false);
    expect(buffer.push(point(2, 500))).toBe(false);
    expect(buffer.length).toBe(1);
  });

  it('breaks the trail at a long gap and drops single-point runs', () => {
    const buffer = new TrailBuffer(8, 5000);
    buffer.push(point(0, 0));
    buffer.push(point(1, 1000));
    buffer.push(point(2, 20_000));
    buffer.push(point(3, 21_000));
    buffer.push(point(4, 60_000));
    expect(xsOf(buffer)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('forgets a break once its point has left the ring', () => {
    const buffer = new TrailBuffer(2, 5000);
    buffer.push(point(0, 0));
    buffer.push(point(1, 60_000));
    expect(xsOf(buffer)).toEqual([]);
    buffer.push(point(2, 61_000));
    expect(xsOf(buffer)).toEqual([[1, 2]]);
    buffer.clear();
    expect(buffer.length).toBe(0);
  });

  it('refuses a capacity that cannot hold a line', () => {
    expect(() => new TrailBuffer(1, 1000)).toThrow(RangeError);
  });
});
