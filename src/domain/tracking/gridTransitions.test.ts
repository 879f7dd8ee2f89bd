import { describe, expect, it } from 'vitest';
import type { TrackPoint } from './fix';
import {
  detectGridTransitions,
  detectGridTransitionsAlongTrack,
  GRID_BOUNDARY_MARGIN_M,
  GRID_SIDE_DWELL_MS,
  type WorkerGrid,
} from './gridTransitions';
import { noiseAt, rectangleRing, TEST_START_MS, trackPointAt } from './trackFixtures';

const GRID_CODE = '350102001001001';
const NEIGHBOUR_CODE = '350102001001002';
/** Two of the worker's grids side by side, sharing the edge at 300 m east. */
const EDGE_EAST_M = 300;
const GRIDS: WorkerGrid[] = [
  { gridCode: GRID_CODE, area: { type: 'Polygon', coordinates: [rectangleRing(0, 0, 300, 300)] } },
  {
    gridCode: NEIGHBOUR_CODE,
    area: { type: 'Polygon', coordinates: [rectangleRing(300, 0, 600, 300)] },
  },
];
const FIX_INTERVAL_MS = 1_000;
const WALK_SPEED_MPS = 1.2;

/** One fix a second walking east at a steady pace. */
function walkEast(fromM: number, toM: number, startMs: number): TrackPoint[] {
  const track: TrackPoint[] = [];
  const stepM = WALK_SPEED_MPS * (FIX_INTERVAL_MS / 1000);
  for (let index = 0; fromM + index * stepM <= toM; index++) {
    track.push(trackPointAt(fromM + index * stepM, 150, startMs + index * FIX_INTERVAL_MS));
  }
  return track;
}

/** One fix a second standing at one spot for the given time. */
function standAt(eastM: number, startMs: number, durationMs: number): TrackPoint[] {
  return Array.from({ length: durationMs / FIX_INTERVAL_MS }, (_, index) =>
    trackPointAt(eastM, 150, startMs + index * FIX_INTERVAL_MS),
  );
}

/** Up and down the shared edge between 50 m and 250 m north, staying clear of the corners. */
function alongEdgeNorthM(walkedM: number): number {
  return 50 + Math.abs((walkedM % 400) - 200);
}

function kindsAndCodes(events: ReturnType<typeof detectGridTransitionsAlongTrack>): string[] {
  return events.map((event) => `${event.kind}:${event.gridCode}`);
}

describe('grid enter and leave', () => {
  it('gives no events for the first fix, only the membership', () => {
    const point = { ...trackPointAt(100, 100, TEST_START_MS), workerId: 1 };
    const first = detectGridTransitions(null, point, GRIDS);
    expect([...first.membership.insideCodes]).toEqual([GRID_CODE]);
    expect(first.events).toEqual([]);
  });

  it('gives no events for ten minutes of walking along the edge with ±10 m of noise', () => {
    const tenMinutes = 600;
    const track = Array.from({ length: tenMinutes }, (_, index) =>
      trackPointAt(
        EDGE_EAST_M + noiseAt(index, 5) * 10,
        alongEdgeNorthM(index * WALK_SPEED_MPS),
        TEST_START_MS + index * FIX_INTERVAL_MS,
        8,
      ),
    );
    track.unshift(trackPointAt(250, 0, TEST_START_MS - 60_000));
    expect(detectGridTransitionsAlongTrack(3, track, GRIDS)).toEqual([]);
  });

  it('gives exactly one leave and one enter for a clean crossing, once the dwell is over', () => {
    const track = walkEast(200, 450, TEST_START_MS);
    const events = detectGridTransitionsAlongTrack(9, track, GRIDS);
    expect(kindsAndCodes(events)).toEqual([`leave:${GRID_CODE}`, `enter:${NEIGHBOUR_CODE}`]);
    expect(events.every((event) => event.workerId === 9)).toBe(true);
    // First fix clearly beyond the edge, then the dwell on top of it.
    const clearOfEdgeMs =
      TEST_START_MS +
      Math.ceil((EDGE_EAST_M + GRID_BOUNDARY_MARGIN_M - 200) / WALK_SPEED_MPS) * FIX_INTERVAL_MS;
    for (const event of events) {
      expect(event.fixTimeMs).toBeGreaterThanOrEqual(clearOfEdgeMs + GRID_SIDE_DWELL_MS);
      expect(event.fixTimeMs).toBeLessThanOrEqual(
        clearOfEdgeMs + GRID_SIDE_DWELL_MS + 2 * FIX_INTERVAL_MS,
      );
    }
  });

  it('walks back across and reports the reverse pair', () => {
    const outbound = walkEast(200, 450, TEST_START_MS);
    const returnStartMs = TEST_START_MS + 3_600_000;
    const back = walkEast(200, 450, returnStartMs)
      .reverse()
      .map((point, index) => ({ ...point, fixTimeMs: returnStartMs + index * FIX_INTERVAL_MS }));
    expect(
      kindsAndCodes(detectGridTransitionsAlongTrack(9, [...outbound, ...back], GRIDS)),
    ).toEqual([
      `leave:${GRID_CODE}`,
      `enter:${NEIGHBOUR_CODE}`,
      `leave:${NEIGHBOUR_CODE}`,
      `enter:${GRID_CODE}`,
    ]);
  });

  it('ignores a three-second GPS spike far across the border', () => {
    const before = standAt(250, TEST_START_MS, 60_000);
    const spikeStartMs = TEST_START_MS + 60_000;
    const spike = standAt(420, spikeStartMs, 3_000);
    const after = standAt(250, spikeStartMs + 3_000, 120_000);
    expect(detectGridTransitionsAlongTrack(4, [...before, ...spike, ...after], GRIDS)).toEqual([]);
  });

  it('ignores a vague fix on the other side, however long it is the only one', () => {
    const before = standAt(250, TEST_START_MS, 10_000);
    const vague = { ...trackPointAt(450, 150, TEST_START_MS + 10_000), accuracyM: 200 };
    const later = trackPointAt(450, 150, TEST_START_MS + 10_000 + 2 * GRID_SIDE_DWELL_MS);
    const events = detectGridTransitionsAlongTrack(4, [...before, vague, later], GRIDS);
    expect(events).toEqual([]);
  });

  it('gives one transition for a dropout followed by reappearance in the other grid', () => {
    const before = standAt(250, TEST_START_MS, 60_000);
    const reappearMs = TEST_START_MS + 60_000 + 10 * 60_000;
    const after = standAt(450, reappearMs, 60_000);
    const events = detectGridTransitionsAlongTrack(5, [...before, ...after], GRIDS);
    expect(kindsAndCodes(events)).toEqual([`leave:${GRID_CODE}`, `enter:${NEIGHBOUR_CODE}`]);
    // Confirmed by the fixes after the dropout, not by the silence before them.
    expect(events.every((event) => event.fixTimeMs === reappearMs + GRID_SIDE_DWELL_MS)).toBe(true);
  });

  it('keeps the side while a worker lingers inside the margin band beyond the edge', () => {
    const inside = standAt(250, TEST_START_MS, 10_000);
    const band = standAt(EDGE_EAST_M + GRID_BOUNDARY_MARGIN_M / 2, TEST_START_MS + 10_000, 600_000);
    expect(detectGridTransitionsAlongTrack(6, [...inside, ...band], GRIDS)).toEqual([]);
  });
});
