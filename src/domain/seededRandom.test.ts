import { describe, expect, it } from 'vitest';
import { createSeededRandom, hashString32 } from './seededRandom';

function draw(seed: number, count: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => random.next());
}

describe('createSeededRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
    expect(draw(42, 100)).not.toEqual(draw(43, 100));
  });

  it('is pinned: these first values must not change, or every generated district changes', () => {
    const values = draw(350102, 3).map((value) => value.toFixed(12));
    expect(values).toMatchInlineSnapshot(`
      [
        "0.922323302832",
        "0.675028425874",
        "0.647240828257",
      ]
    `);
  });

  it('stays in range and is roughly uniform', () => {
    const random = createSeededRandom(7);
    const buckets = new Array(10).fill(0);
    let smallest = 1;
    let largest = 0;
    for (let index = 0; index < 100_000; index++) {
      const value = random.next();
      smallest = Math.min(smallest, value);
      largest = Math.max(largest, value);
      buckets[Math.floor(value * 10)]++;
    }
    expect(smallest).toBeGreaterThanOrEqual(0);
    expect(largest).toBeLessThan(1);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws integers inclusive of both ends', () => {
    const random = createSeededRandom(1);
    const seen = new Set<number>();
    for (let index = 0; index < 1000; index++) seen.add(random.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('honours weights', () => {
    const random = createSeededRandom(5);
    let heavy = 0;
    for (let index = 0; index < 10_000; index++)
      if (random.pickWeighted(['a', 'b'], [9, 1]) === 'a') heavy++;
    expect(heavy / 10_000).toBeCloseTo(0.9, 1);
    expect(() => random.pickWeighted([], [])).toThrow(RangeError);
    expect(() => random.pick([])).toThrow(RangeError);
  });

  it('forks streams that do not depend on how much the parent has drawn', () => {
    const fresh = createSeededRandom(9);
    const used = createSeededRandom(9);
    for (let index = 0; index < 50; index++) used.next();
    expect(fresh.fork('people').next()).toBe(used.fork('people').next());
    expect(fresh.fork('people').next()).not.toBe(fresh.fork('roads').next());
    expect(fresh.fork(1).next()).not.toBe(fresh.fork(2).next());
  });

  it('hashes strings deterministically', () => {
    expect(hashString32('abc')).toBe(hashString32('abc'));
    expect(hashString32('abc')).not.toBe(hashString32('abd'));
  });
});
