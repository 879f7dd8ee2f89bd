import { describe, expect, it } from 'vitest';
import { MIN_MARK_WIDTH_PCT, sliderMarks } from './replaySliderMarks';

const FROM_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const RANGE = { fromMs: FROM_MS, toMs: FROM_MS + 100_000 };
const stop = (startOffsetMs: number, endOffsetMs: number) => ({
  startMs: FROM_MS + startOffsetMs,
  endMs: FROM_MS + endOffsetMs,
  lon: 119.3,
  lat: 26.08,
});

describe('replay slider marks', () => {
  it('places each stop of each track at its share of the range', () => {
    const marks = sliderMarks(
      [
        { workerId: 7, stops: [stop(10_000, 30_000)] },
        { workerId: 9, stops: [stop(50_000, 75_000)] },
      ],
      RANGE,
    );
    expect(marks).toHaveLength(2);
    expect(marks[0]).toMatchObject({ workerId: 7, trackIndex: 0, leftPct: 10, widthPct: 20 });
    expect(marks[1]).toMatchObject({ workerId: 9, trackIndex: 1, leftPct: 50, widthPct: 25 });
  });

  it('cuts stops to the range and drops those outside it', () => {
    const marks = sliderMarks(
      [{ workerId: 1, stops: [stop(-20_000, 10_000), stop(90_000, 120_000), stop(-9, -1)] }],
      RANGE,
    );
    expect(marks.map((mark) => [mark.leftPct, mark.widthPct])).toEqual([
      [0, 10],
      [90, 10],
    ]);
    expect(marks[0]?.startMs).toBe(FROM_MS);
  });

  it('keeps a short stop visible, also at the very end', () => {
    const [mark] = sliderMarks([{ workerId: 1, stops: [stop(100_000, 100_000)] }], RANGE);
    expect(mark?.widthPct).toBe(MIN_MARK_WIDTH_PCT);
    expect((mark?.leftPct ?? 0) + (mark?.widthPct ?? 0)).toBeLessThanOrEqual(100);
  });
});
