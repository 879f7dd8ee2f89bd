import { describe, expect, it } from 'vitest';
import { TrackBuffer } from './TrackBuffer';

interface Sample {
  fixTimeMs: number;
  label: string;
}

function sample(fixTimeMs: number, label = `t${fixTimeMs}`): Sample {
  return { fixTimeMs, label };
}

function timesOf(buffer: TrackBuffer<Sample>): number[] {
  return buffer.toArray().map((item) => item.fixTimeMs);
}

describe('TrackBuffer', () => {
  it('keeps fixes sorted by fix time whatever the arrival order', () => {
    const buffer = new TrackBuffer<Sample>(10);
    for (const time of [5, 1, 9, 3, 7, 2]) expect(buffer.insert(sample(time))).toBe('inserted');
    expect(timesOf(buffer)).toEqual([1, 2, 3, 5, 7, 9]);
  });

  it('ignores a fix whose time is already held and keeps the first one', () => {
    const buffer = new TrackBuffer<Sample>(4);
    buffer.insert(sample(10, 'first'));
    expect(buffer.insert(sample(10, 'resent'))).toBe('duplicate');
    expect(buffer.length).toBe(1);
    expect(buffer.at(0)!.label).toBe('first');
  });

  it('reports the newest by fix time, not the last to arrive', () => {
    const buffer = new TrackBuffer<Sample>(4);
    buffer.insert(sample(200));
    buffer.insert(sample(100));
    expect(buffer.newest()!.fixTimeMs).toBe(200);
    expect(buffer.oldest()!.fixTimeMs).toBe(100);
  });

  it('drops the oldest when full and refuses a fix older than a full window', () => {
    const buffer = new TrackBuffer<Sample>(3);
    for (const time of [1, 2, 3, 4, 5]) buffer.insert(sample(time));
    expect(timesOf(buffer)).toEqual([3, 4, 5]);
    expect(buffer.insert(sample(2))).toBe('older_than_window');
    expect(buffer.insert(sample(4.5))).toBe('inserted');
    expect(timesOf(buffer)).toEqual([4, 4.5, 5]);
  });

  it('stays ordered across many wraps of the ring with late arrivals', () => {
    const capacity = 7;
    const buffer = new TrackBuffer<Sample>(capacity);
    const inserted: number[] = [];
    for (let time = 0; time < 100; time += 2) {
      buffer.insert(sample(time));
      inserted.push(time);
      if (time % 6 === 0 && time > 0) {
        buffer.insert(sample(time - 1));
        inserted.push(time - 1);
      }
    }
    const expected = inserted.sort((a, b) => a - b).slice(-capacity);
    expect(timesOf(buffer)).toEqual(expected);
  });

  it('finds neighbours in time around a fix time', () => {
    const buffer = new TrackBuffer<Sample>(5);
    for (const time of [10, 20, 30]) buffer.insert(sample(time));
    expect(buffer.neighboursOf(25)).toEqual({ previous: sample(20), next: sample(30) });
    expect(buffer.neighboursOf(20)).toEqual({ previous: sample(10), next: sample(30) });
    expect(buffer.neighboursOf(5)).toEqual({ previous: null, next: sample(10) });
    expect(buffer.neighboursOf(35)).toEqual({ previous: sample(30), next: null });
    expect(buffer.has(20)).toBe(true);
    expect(buffer.has(21)).toBe(false);
  });

  it('drops fixes older than a cut-off and can be cleared', () => {
    const buffer = new TrackBuffer<Sample>(5);
    for (const time of [10, 20, 30, 40]) buffer.insert(sample(time));
    expect(buffer.dropOlderThan(25)).toBe(2);
    expect(timesOf(buffer)).toEqual([30, 40]);
    buffer.insert(sample(35));
    expect(timesOf(buffer)).toEqual([30, 35, 40]);
    buffer.clear();
    expect(buffer.length).toBe(0);
    expect(buffer.newest()).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new TrackBuffer<Sample>(0)).toThrow(RangeError);
    expect(() => new TrackBuffer<Sample>(2.5)).toThrow(RangeError);
  });
});
