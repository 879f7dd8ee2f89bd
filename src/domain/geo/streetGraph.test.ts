import { describe, expect, it } from 'vitest';
import {
  nearestEdgePoint,
  nearestNode,
  nodeStreetSegments,
  pathTo,
  shortestPaths,
  streetGraphOf,
  type LocalPoint,
  type LocalSegment,
} from './streetGraph';

function point(eastM: number, northM: number): LocalPoint {
  return { eastM, northM };
}

function segment(from: [number, number], to: [number, number]): LocalSegment {
  return { start: point(...from), end: point(...to) };
}

const NODING = { nodeMergeM: 0.05, junctionSnapM: 20 };

/**
 * Four nodes: 0 –(1 m)– 1 –(1 m)– 2, and a long shortcut 0 –(5 m)– 2; node 3 stands alone.
 */
function tinyGraph() {
  return streetGraphOf(
    [point(0, 0), point(1, 0), point(2, 0), point(50, 50)],
    [
      { from: 0, to: 1, lengthM: 1 },
      { from: 1, to: 2, lengthM: 1 },
      { from: 0, to: 2, lengthM: 5 },
    ],
  );
}

describe('street graph', () => {
  it('finds the shortest path on a tiny graph, not the direct but longer edge', () => {
    const paths = shortestPaths(tinyGraph(), [{ node: 0, costM: 0 }]);
    expect(paths.costM[2]).toBe(2);
    expect(pathTo(paths, 2)).toEqual([0, 1, 2]);
    expect(pathTo(paths, 0)).toEqual([0]);
  });

  it('leaves unreachable nodes at Infinity with no path', () => {
    const paths = shortestPaths(tinyGraph(), [{ node: 0, costM: 0 }]);
    expect(paths.costM[3]).toBe(Infinity);
    expect(pathTo(paths, 3)).toEqual([]);
  });

  it('starts from several sources with what reaching each already cost', () => {
    const paths = shortestPaths(tinyGraph(), [
      { node: 0, costM: 10 },
      { node: 2, costM: 0.5 },
    ]);
    expect(paths.costM[0]).toBe(2.5);
    expect(paths.costM[1]).toBe(1.5);
    expect(pathTo(paths, 0)).toEqual([2, 1, 0]);
  });

  it('nodes two roads that cross without a shared vertex', () => {
    const graph = nodeStreetSegments(
      [segment([-100, 0], [100, 0]), segment([0, -100], [0, 100])],
      NODING,
    );
    expect(graph.nodes).toHaveLength(5);
    const west = nearestNode(graph, point(-100, 0));
    const north = nearestNode(graph, point(0, 100));
    const paths = shortestPaths(graph, [{ node: west, costM: 0 }]);
    expect(paths.costM[north]).toBeCloseTo(200, 6);
    expect(pathTo(paths, north)).toHaveLength(3);
  });

  it('joins a lane that stops short of a road, and not one farther than the snap', () => {
    const joined = nodeStreetSegments(
      [segment([-100, 0], [100, 0]), segment([30, -100], [30, -12])],
      NODING,
    );
    const laneEnd = nearestNode(joined, point(30, -100));
    const paths = shortestPaths(joined, [{ node: laneEnd, costM: 0 }]);
    expect(paths.costM[nearestNode(joined, point(-100, 0))]).toBeCloseTo(88 + 12 + 130, 6);

    const apart = nodeStreetSegments(
      [segment([-100, 0], [100, 0]), segment([30, -100], [30, -25])],
      NODING,
    );
    const fromApart = shortestPaths(apart, [
      { node: nearestNode(apart, point(30, -100)), costM: 0 },
    ]);
    expect(fromApart.costM[nearestNode(apart, point(-100, 0))]).toBe(Infinity);
  });

  it('merges points closer than the merge distance into one node', () => {
    const graph = nodeStreetSegments(
      [segment([0, 0], [10, 0]), segment([10.01, 0], [20, 0])],
      NODING,
    );
    expect(graph.nodes).toHaveLength(3);
    expect(graph.edges).toHaveLength(2);
  });

  it('finds the nearest point on an edge within reach, and none beyond it', () => {
    const graph = nodeStreetSegments([segment([0, 0], [100, 0])], NODING);
    const access = nearestEdgePoint(graph, point(40, 30), 50);
    expect(access?.accessM).toBeCloseTo(30, 9);
    expect(access?.point.eastM).toBeCloseTo(40, 9);
    expect(nearestEdgePoint(graph, point(40, 60), 50)).toBeNull();
    expect(nearestNode(streetGraphOf([], []), point(0, 0))).toBe(-1);
  });
});
