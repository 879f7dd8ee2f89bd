import { describe, expect, it } from 'vitest';
import { groundDistanceM } from '../geo/groundDistance';
import type { TrackPoint } from './fix';
import { detectStops } from './detectStops';
import { noiseAt, pointAt, TEST_START_MS, trackPointAt } from './trackFixtures';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

/** Walk 300 m east (1.25 m/s), stand 10 min at 300 m with jitter, walk 300 m north, pause 2 min. */
function buildVisitTrack(): TrackPoint[] {
  const track: TrackPoint[] = [];
  let timeMs = TEST_START_MS;
  for (let eastM = 0; eastM < 300; eastM += 5, timeMs += 4 * SECOND_MS) {
    track.push(trackPointAt(eastM, 0, timeMs));
  }
  for (let index = 0; index <= 60; index++, timeMs += 10 * SECOND_MS) {
    track.push(trackPointAt(300 + noiseAt(index, 3) * 8, noiseAt(index, 4) * 8, timeMs, 8));
  }
  for (let northM = 5; northM <= 300; northM += 5, timeMs += 4 * SECOND_MS) {
    track.push(trackPointAt(300, northM, timeMs));
  }
  for (let index = 0; index < 12; index++, timeMs += 10 * SECOND_MS) {
    track.push(trackPointAt(300, 300, timeMs));
  }
  return track;
}

describe('detectStops', () => {
  it('finds the 10-minute visit and not the 2-minute pause', () => {
    const track = buildVisitTrack();
    const stops = detectStops(track);
    expect(stops).toHaveLength(1);
    const [stop] = stops;
    expect(groundDistanceM(stop!.centre, pointAt(300, 0))).toBeLessThan(5);
    expect(stop!.durationMs).toBeGreaterThanOrEqual(10 * MINUTE_MS);
    // The fixes of the approach and the departure within the radius belong to the stop too.
    expect(stop!.durationMs).toBeLessThan(12 * MINUTE_MS);
    expect(stop!.endTimeMs - stop!.startTimeMs).toBe(stop!.durationMs);
    expect(track[stop!.startIndex]!.fixTimeMs).toBe(stop!.startTimeMs);
    expect(track[stop!.endIndex]!.fixTimeMs).toBe(stop!.endTimeMs);
  });

  it('honours the radius and duration options', () => {
    const track = buildVisitTrack();
    expect(detectStops(track, { radiusM: 30, minDurationMs: 90 * SECOND_MS })).toHaveLength(2);
    expect(detectStops(track, { radiusM: 2, minDurationMs: 5 * MINUTE_MS })).toHaveLength(0);
  });

  it('finds no stop on a steady walk or an empty track', () => {
    const walk = Array.from({ length: 400 }, (_, index) =>
      trackPointAt(index * 1.4, 0, TEST_START_MS + index * SECOND_MS),
    );
    expect(detectStops(walk)).toEqual([]);
    expect(detectStops([])).toEqual([]);
  });
});
