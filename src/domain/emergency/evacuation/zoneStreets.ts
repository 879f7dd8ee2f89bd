/**
 * The street graph seen through the threat zones: which nodes lie inside a zone, and which
 * edges are clear (wholly outside every zone), exits (at least one end inside: usable only to
 * walk out) or blocked (both ends outside, yet the street runs through a zone). Zones are rings
 * in the graph's own local metres; the tests are exact against those rings (even–odd inside,
 * segment-to-ring distance), with a box test first so that streets far away cost nothing.
 */
import {
  isPointInRing,
  segmentRingDistanceM,
  type PlanarPoint,
  type PlanarRing,
} from '../../geo/planarGeometry';
import type { LocalPoint, StreetGraph } from '../../geo/streetGraph';

export const EDGE_CLEAR = 0;
export const EDGE_EXIT = 1;
export const EDGE_BLOCKED = 2;
export type EdgeClass = typeof EDGE_CLEAR | typeof EDGE_EXIT | typeof EDGE_BLOCKED;

/** A street closer than this to a zone's outline counts as touching it (float noise). */
const TOUCH_M = 0.01;

interface BoxedRing {
  ring: PlanarRing;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const planar = (point: LocalPoint): PlanarPoint => [point.eastM, point.northM];

/** Every zone's outline as one set of areas to stay out of. */
export class ZoneAreas {
  private readonly boxed: BoxedRing[];

  constructor(rings: readonly PlanarRing[]) {
    this.boxed = rings
      .filter((ring) => ring.length >= 3)
      .map((ring) => ({
        ring,
        minX: Math.min(...ring.map((point) => point[0])),
        minY: Math.min(...ring.map((point) => point[1])),
        maxX: Math.max(...ring.map((point) => point[0])),
        maxY: Math.max(...ring.map((point) => point[1])),
      }));
  }

  get isEmpty(): boolean {
    return this.boxed.length === 0;
  }

  contains(point: LocalPoint): boolean {
    return this.boxed.some(
      (box) =>
        point.eastM >= box.minX &&
        point.eastM <= box.maxX &&
        point.northM >= box.minY &&
        point.northM <= box.maxY &&
        isPointInRing(planar(point), box.ring),
    );
  }

  /** Whether the straight segment from a to b touches, crosses or lies in any zone. */
  touchesSegment(a: LocalPoint, b: LocalPoint): boolean {
    return this.boxed.some(
      (box) =>
        Math.max(a.eastM, b.eastM) >= box.minX - TOUCH_M &&
        Math.min(a.eastM, b.eastM) <= box.maxX + TOUCH_M &&
        Math.max(a.northM, b.northM) >= box.minY - TOUCH_M &&
        Math.min(a.northM, b.northM) <= box.maxY + TOUCH_M &&
        segmentRingDistanceM(planar(a), planar(b), box.ring) <= TOUCH_M,
    );
  }
}

export interface ZoneStreets {
  /** 1 where the node lies inside a zone. */
  nodeInside: Uint8Array;
  /** One EdgeClass per edge of the graph. */
  edgeClass: Uint8Array;
}

export function classifyStreets(graph: StreetGraph, areas: ZoneAreas): ZoneStreets {
  const nodeInside = new Uint8Array(graph.nodes.length);
  const edgeClass = new Uint8Array(graph.edges.length);
  if (areas.isEmpty) return { nodeInside, edgeClass };
  graph.nodes.forEach((node, index) => {
    nodeInside[index] = areas.contains(node) ? 1 : 0;
  });
  graph.edges.forEach((edge, index) => {
    if (nodeInside[edge.from] === 1 || nodeInside[edge.to] === 1) edgeClass[index] = EDGE_EXIT;
    else if (areas.touchesSegment(graph.nodes[edge.from]!, graph.nodes[edge.to]!)) {
      edgeClass[index] = EDGE_BLOCKED;
    }
  });
  return { nodeInside, edgeClass };
}
