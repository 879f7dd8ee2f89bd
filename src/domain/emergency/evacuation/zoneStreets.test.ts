import { describe, expect, it } from 'vitest';
import { nodeStreetSegments } from '../../geo/streetGraph';
import { classifyStreets, EDGE_BLOCKED, EDGE_CLEAR, EDGE_EXIT, ZoneAreas } from './zoneStreets';

const box = new ZoneAreas([
  [
    [0, 0],
    [100, 0],
    [100, 100],
    [0, 100],
    [0, 0],
  ],
]);
const street = (x1: number, y1: number, x2: number, y2: number) => ({
  start: { eastM: x1, northM: y1 },
  end: { eastM: x2, northM: y2 },
});

describe('classifyStreets', () => {
  it('calls a street clear, an exit when an end is inside, blocked when it only runs through', () => {
    const graph = nodeStreetSegments(
      [street(-50, 50, 50, 50), street(-50, 200, 150, 200), street(70, -10, 130, 50)],
      { nodeMergeM: 0.05, junctionSnapM: 1 },
    );
    const { nodeInside, edgeClass } = classifyStreets(graph, box);
    const classOf = (x1: number, y1: number) =>
      edgeClass[
        graph.edges.findIndex((edge) => {
          const from = graph.nodes[edge.from]!;
          return from.eastM === x1 && from.northM === y1;
        })
      ];
    expect(classOf(-50, 50)).toBe(EDGE_EXIT);
    expect(classOf(-50, 200)).toBe(EDGE_CLEAR);
    expect(classOf(70, -10)).toBe(EDGE_BLOCKED);
    expect([...nodeInside].filter((inside) => inside === 1)).toHaveLength(1);
  });

  it('counts a street that only touches the outline as touching it', () => {
    expect(box.touchesSegment({ eastM: -10, northM: 100 }, { eastM: 110, northM: 100 })).toBe(true);
    expect(box.touchesSegment({ eastM: -10, northM: 100.5 }, { eastM: 110, northM: 100.5 })).toBe(
      false,
    );
  });
});
