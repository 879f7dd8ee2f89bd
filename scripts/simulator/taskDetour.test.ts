import { describe, expect, it } from 'vitest';
import { toLonLat } from '../../src/domain/geo/localFrame';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { SimulatedWorker, TASK_WALK_SPEED_MPS } from './simulatedWorker';
import type { LocalPoint } from '../../src/domain/geo/streetGraph';
import type { StreetGraph } from './streetGraph';
import { routeOnGraph, TaskDetour } from './taskDetour';

const ORIGIN = { lon: 119.3, lat: 26.08 };
const SIDE_M = 200;

/** A 200 m square of streets, corners 0 (SW), 1 (SE), 2 (NE), 3 (NW). */
function squareGraph(): StreetGraph {
  const nodes: LocalPoint[] = [
    { eastM: 0, northM: 0 },
    { eastM: SIDE_M, northM: 0 },
    { eastM: SIDE_M, northM: SIDE_M },
    { eastM: 0, northM: SIDE_M },
  ];
  const edges = [0, 1, 2, 3].map((index) => ({
    from: index,
    to: (index + 1) % 4,
    lengthM: SIDE_M,
  }));
  return {
    origin: ORIGIN,
    nodes,
    edges,
    edgesAtNode: [
      [3, 0],
      [0, 1],
      [1, 2],
      [2, 3],
    ],
    totalLengthM: 4 * SIDE_M,
    followsBoundary: false,
  };
}

function distanceM(a: LocalPoint, b: LocalPoint): number {
  return Math.hypot(a.eastM - b.eastM, a.northM - b.northM);
}

describe('routeOnGraph', () => {
  it('follows the streets from the nearest corner to the corner nearest the site', () => {
    const path = routeOnGraph(squareGraph(), { eastM: 5, northM: 0 }, { eastM: 190, northM: 210 });
    // Along two sides (through a corner), not across the block.
    expect(path.slice(1, -1)).toHaveLength(3);
    expect(path.at(-2)).toEqual({ eastM: SIDE_M, northM: SIDE_M });
    expect(path.at(-1)).toEqual({ eastM: 190, northM: 210 });
  });
});

describe('TaskDetour', () => {
  it('walks there, stays while handling, and walks back', () => {
    const path = [
      { eastM: 0, northM: 0 },
      { eastM: 150, northM: 0 },
    ];
    const detour = new TaskDetour(path, 1.5, 60_000);
    expect(detour.travelMs).toBeCloseTo(100_000, 6);
    detour.advance(50_000);
    expect(detour.state().position.eastM).toBeCloseTo(75, 6);
    expect(detour.arrived).toBe(false);
    detour.advance(80_000);
    expect(detour.state()).toMatchObject({ activity: 'visiting', speedMps: 0 });
    detour.advance(80_000);
    // 50 s back at 1.5 m/s from 150 m.
    expect(detour.state().position.eastM).toBeCloseTo(75, 6);
    expect(detour.state().headingDeg).toBeCloseTo(270, 6);
    detour.advance(50_000);
    expect(detour.finished).toBe(true);
  });
});

describe('SimulatedWorker.goTo', () => {
  it('leaves the patrol for the site and resumes it where it was', () => {
    const graph = squareGraph();
    const startMs = Date.UTC(2026, 10, 27, 1);
    const worker = new SimulatedWorker(7, graph, createSeededRandom(5), startMs, 1_000, {
      badFixShare: 0,
      missingMotionShare: 0,
    });
    const before = worker.receivedUntil(startMs).at(-1)!.truth;
    const site = toLonLat(ORIGIN, SIDE_M + 20, SIDE_M / 2);
    const travelMs = worker.goTo(site, 120_000);
    expect(travelMs).toBeGreaterThan(0);
    expect(travelMs).toBeLessThan(((3 * SIDE_M) / TASK_WALK_SPEED_MPS) * 1000);
    const onSite = worker.receivedUntil(startMs + travelMs + 60_000).at(-1)!.truth;
    expect(distanceM(onSite, { eastM: SIDE_M + 20, northM: SIDE_M / 2 })).toBeLessThan(1);
    const back = worker.receivedUntil(startMs + 2 * travelMs + 120_000).at(-1)!.truth;
    expect(distanceM(back, before)).toBeLessThan(3);
  });
});
