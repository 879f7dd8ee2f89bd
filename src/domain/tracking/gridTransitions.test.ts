import { describe, expect, it } from 'vitest';
import type { TrackPoint } from './fix';
import {
  detectGridTransitions,
  detectGridTransitionsAlongTrack,
  type WorkerGrid,
} from './gridTransitions';
import { noiseAt, rectangleRing, TEST_START_MS, trackPointAt } from './trackFixtures';

const GRID_CODE = '350102001001001';
const NEIGHBOUR_CODE = '350102001001002';
const GRIDS: WorkerGrid[] = [
  { gridCode: GRID_CODE, area: { type: 'Polygon', coordinates: [rectangleRing(0, 0, 300, 300)] } },
  {
    gridCode: NEIGHBOUR_CODE,
    area: { type: 'Polygon', coordinates: [rectangleRing(300, 0, 600, 300)] },
  },
];

function walkEast(fromM: number, toM: number, startMs: number): TrackPoint[] {
  const track: TrackPoint[] = [];
  for (let eastM = fromM, timeMs = startMs; eastM <= toM; eastM += 5, timeMs += 4_000) {
    track.push(trackPointAt(eastM, 150, timeMs));
  }
  return track;
}

describe('grid enter and leave', () => {
  it('gives no events for the first fix, only the membership', () => {
    const point = { ...trackPointAt(100, 100, TEST_START_MS), workerId: 1 };
    const first = detectGridTransitions(null, point, GRIDS);
    expect([...first.insideCodes]).toEqual([GRID_CODE]);
    expect(first.events).toEqual([]);
  });

  it('leaves one grid and enters the next when walking across, then back', () => {
    const outbound = walkEast(200, 400, TEST_START_MS);
    const returnStartMs = TEST_START_MS + 3_600_000;
    const back = walkEast(200, 400, returnStartMs)
      .reverse()
      .map((point, index) => ({ ...point, fixTimeMs: returnStartMs + index * 4_000 }));
    const track = [...outbound, ...back];
    const events = detectGridTransitionsAlongTrack(9, track, GRIDS);
    expect(events.map((event) => `${event.kind}:${event.gridCode}`)).toEqual([
      `leave:${GRID_CODE}`,
      `enter:${NEIGHBOUR_CODE}`,
      `enter:${GRID_CODE}`,
      `leave:${NEIGHBOUR_CODE}`,
    ]);
    expect(events.every((event) => event.workerId === 9)).toBe(true);
    // The leave happens once clear of the boundary by the minimum margin (5 m), not at 300 m;
    // fixes are 5 m apart, so at the fix at 305 m or, rounding against it, the one at 310 m.
    const leave = events[0]!;
    const leaveIndex = track.findIndex((point) => point.fixTimeMs === leave.fixTimeMs);
    expect(200 + leaveIndex * 5).toBeGreaterThanOrEqual(305);
    expect(200 + leaveIndex * 5).toBeLessThanOrEqual(310);
  });

  it('does not flap for a worker walking along the boundary with GPS noise', () => {
    const track = Array.from({ length: 300 }, (_, index) =>
      trackPointAt(300 + noiseAt(index, 5) * 8, index, TEST_START_MS + index * 1000, 10),
    );
    track.unshift(trackPointAt(250, 0, TEST_START_MS - 60_000));
    expect(detectGridTransitionsAlongTrack(3, track, GRIDS)).toEqual([]);
  });
});
