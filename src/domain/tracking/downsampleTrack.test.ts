import { describe, expect, it } from 'vitest';
import { toLocalMetres } from '../geo/localFrame';
import type { TrackPoint } from './fix';
import { detectStops } from './detectStops';
import { downsampleTrack } from './downsampleTrack';
import { TEST_ORIGIN, TEST_START_MS, trackPointAt } from './trackFixtures';

const SECOND_MS = 1000;

/**
 * A zig-zag walk at 1.25 m/s with a fix every second: 10 legs of uneven length (so that keeping
 * every k-th fix would miss the corners), alternating north-east and south-east.
 */
function buildZigZag(): TrackPoint[] {
  const track: TrackPoint[] = [];
  let eastM = 0;
  let northM = 0;
  let timeMs = TEST_START_MS;
  for (let leg = 0; leg < 10; leg++) {
    const northSign = leg % 2 === 0 ? 1 : -1;
    for (let step = 0; step < 50 + leg * 7; step++, timeMs += SECOND_MS) {
      track.push(trackPointAt(eastM, northM, timeMs));
      eastM += 1.25 * Math.SQRT1_2;
      northM += 1.25 * Math.SQRT1_2 * northSign;
    }
  }
  track.push(trackPointAt(eastM, northM, timeMs));
  return track;
}

/** Where the thinned track puts the worker at a time, in local metres (linear in time). */
function positionAt(
  thinned: readonly TrackPoint[],
  timeMs: number,
): { eastM: number; northM: number } {
  const after = thinned.findIndex((point) => point.fixTimeMs >= timeMs);
  const end = thinned[after]!;
  const start = thinned[Math.max(0, after - 1)]!;
  const spanMs = end.fixTimeMs - start.fixTimeMs;
  const fraction = spanMs > 0 ? (timeMs - start.fixTimeMs) / spanMs : 0;
  const startM = toLocalMetres(TEST_ORIGIN, start);
  const endM = toLocalMetres(TEST_ORIGIN, end);
  return {
    eastM: startM.eastM + fraction * (endM.eastM - startM.eastM),
    northM: startM.northM + fraction * (endM.northM - startM.northM),
  };
}

function worstErrorM(full: readonly TrackPoint[], thinned: readonly TrackPoint[]): number {
  return Math.max(
    ...full.map((point) => {
      const expected = positionAt(thinned, point.fixTimeMs);
      const actual = toLocalMetres(TEST_ORIGIN, point);
      return Math.hypot(actual.eastM - expected.eastM, actual.northM - expected.northM);
    }),
  );
}

describe('downsampleTrack', () => {
  it('keeps the corners of a zig-zag within the budget, endpoints included', () => {
    const track = buildZigZag();
    const thinned = downsampleTrack(track, 20);
    expect(thinned.length).toBeLessThanOrEqual(20);
    expect(thinned[0]).toBe(track[0]);
    expect(thinned[thinned.length - 1]).toBe(track[track.length - 1]);
    expect(worstErrorM(track, thinned)).toBeLessThan(1.5);
  });

  it('collapses a steady straight walk to its endpoints but keeps a change of pace', () => {
    const steady = Array.from({ length: 500 }, (_, index) =>
      trackPointAt(index * 1.2, 0, TEST_START_MS + index * SECOND_MS),
    );
    expect(downsampleTrack(steady, 50, [])).toHaveLength(2);
    // Same street, but the second half is twice as fast: timing would be wrong without a kink.
    const changing = Array.from({ length: 500 }, (_, index) => {
      const eastM = index < 250 ? index : 250 + (index - 250) * 2;
      return trackPointAt(eastM, 0, TEST_START_MS + index * SECOND_MS);
    });
    const thinned = downsampleTrack(changing, 50, []);
    expect(thinned.map((point) => point.fixTimeMs)).toContain(TEST_START_MS + 250 * SECOND_MS);
  });

  it('keeps the first and last fix of every stop', () => {
    const track: TrackPoint[] = [];
    let timeMs = TEST_START_MS;
    for (const centreEastM of [0, 400, 800]) {
      for (let step = 0; step < 80; step++, timeMs += SECOND_MS)
        track.push(trackPointAt(centreEastM + step * 5, 0, timeMs));
      for (let step = 0; step < 60; step++, timeMs += 10 * SECOND_MS)
        track.push(trackPointAt(centreEastM + 400, 0, timeMs));
    }
    const stops = detectStops(track);
    expect(stops.length).toBeGreaterThanOrEqual(2);
    const thinned = downsampleTrack(track, 16, stops);
    expect(thinned.length).toBeLessThanOrEqual(16);
    for (const stop of stops) {
      expect(thinned).toContain(track[stop.startIndex]);
      expect(thinned).toContain(track[stop.endIndex]);
    }
  });

  it('keeps endpoints even when stops outnumber the budget', () => {
    const track = buildZigZag();
    const manyStops = Array.from({ length: 20 }, (_, index) => ({
      startTimeMs: 0,
      endTimeMs: 0,
      durationMs: 0,
      centre: TEST_ORIGIN,
      startIndex: 10 + index * 30,
      endIndex: 20 + index * 30,
    }));
    const thinned = downsampleTrack(track, 5, manyStops);
    expect(thinned).toHaveLength(5);
    expect(thinned[0]).toBe(track[0]);
    expect(thinned[4]).toBe(track[track.length - 1]);
  });

  it('returns short tracks as they are and refuses a budget below two', () => {
    const short = [trackPointAt(0, 0, TEST_START_MS), trackPointAt(5, 0, TEST_START_MS + 1)];
    expect(downsampleTrack(short, 10)).toEqual(short);
    expect(() => downsampleTrack(short, 1)).toThrow(RangeError);
  });
});
