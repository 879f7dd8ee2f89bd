/**
 * The streets a simulated worker walks: the district's road centrelines cut to the worker's
 * grids and noded into the domain's street graph, in local metres around the grids.
 *
 * Generated grid boundaries run along road centrelines, so "inside the grid" keeps a road piece
 * whose midpoint is inside a polygon or within a few metres of its boundary: the worker walks the
 * streets that bound the grid as well as those through it. (Coverage clips strictly inside, right
 * for its figures, but a boundary road would fall in or out by rounding.)
 */
import type { LonLat } from '../../src/domain/registry';
import { toLocalMetres } from '../../src/domain/geo/localFrame';
import { clipLinesToArea, type LonLatLine } from '../../src/domain/geo/clipLinesToArea';
import {
  boundsOfAreas,
  isPointNearArea,
  polygonsOf,
  type AreaGeometry,
} from '../../src/domain/geo/polygonContainment';
import {
  nodeStreetSegments,
  streetGraphOf,
  type LocalPoint,
  type LocalSegment,
  type StreetEdge,
  type StreetGraph as NodedStreetGraph,
} from '../../src/domain/geo/streetGraph';

export interface StreetGraph extends NodedStreetGraph {
  /** Where local metres are measured from. */
  origin: LonLat;
  totalLengthM: number;
  /** True when the grids had too little street and the walk follows the grid boundary instead. */
  followsBoundary: boolean;
}

/** Road pieces this close to a grid boundary belong to the grid (boundary roads, rounding). */
export const BOUNDARY_TOLERANCE_M = 4;
/** Clipping resolution: a cut lands within half of this of the true boundary crossing. */
const CLIP_STEP_M = 2;
/** Endpoints and crossings closer than this are one node. */
const SNAP_M = 1.5;
/** Dead ends shorter than this are clipping overshoot past a boundary road, not streets. */
const MIN_DEAD_END_M = 15;
/** Below this much street the grid has no walkable network (all park or water). */
const MIN_NETWORK_M = 100;
/** Generous slack in degrees (~50 m) so the box test never drops a boundary road. */
const SLACK_DEG = 5e-4;
/** About 10 m in degrees: beyond the box grown by this no point is within the tolerance. */
const MARGIN_DEG = 1e-4;

/** Straight pieces of the roads that lie in (or along the boundary of) any of the areas. */
function clipRoads(
  roads: readonly LonLatLine[],
  areas: readonly AreaGeometry[],
  origin: LonLat,
): LocalSegment[] {
  const [minLon, minLat, maxLon, maxLat] = boundsOfAreas(areas);
  const belongs = (point: LonLat) =>
    point.lon >= minLon - MARGIN_DEG &&
    point.lon <= maxLon + MARGIN_DEG &&
    point.lat >= minLat - MARGIN_DEG &&
    point.lat <= maxLat + MARGIN_DEG &&
    areas.some((area) => isPointNearArea(point, area, BOUNDARY_TOLERANCE_M));
  // Segments far outside the grids' box are dropped before the (costlier) clipping.
  const nearby: number[][][] = [];
  for (const road of roads) {
    for (let index = 0; index + 1 < road.length; index++) {
      const [fromLon, fromLat] = road[index]!;
      const [toLon, toLat] = road[index + 1]!;
      if (Math.max(fromLon!, toLon!) < minLon - SLACK_DEG) continue;
      if (Math.min(fromLon!, toLon!) > maxLon + SLACK_DEG) continue;
      if (Math.max(fromLat!, toLat!) < minLat - SLACK_DEG) continue;
      if (Math.min(fromLat!, toLat!) > maxLat + SLACK_DEG) continue;
      nearby.push([
        [fromLon!, fromLat!],
        [toLon!, toLat!],
      ]);
    }
  }
  const segments: LocalSegment[] = [];
  for (const piece of clipLinesToArea(nearby, belongs, CLIP_STEP_M)) {
    for (let index = 0; index + 1 < piece.length; index++) {
      const [startLon, startLat] = piece[index]!;
      const [endLon, endLat] = piece[index + 1]!;
      segments.push({
        start: toLocalMetres(origin, { lon: startLon!, lat: startLat! }),
        end: toLocalMetres(origin, { lon: endLon!, lat: endLat! }),
      });
    }
  }
  return segments;
}

function edgeLists(nodeCount: number, edges: readonly StreetEdge[]): number[][] {
  const lists = Array.from({ length: nodeCount }, (): number[] => []);
  edges.forEach((edge, index) => {
    lists[edge.from]!.push(index);
    lists[edge.to]!.push(index);
  });
  return lists;
}

/** Drops short dead ends (repeatedly) and keeps the connected part with the most street. */
function tidy(nodes: LocalPoint[], edges: StreetEdge[]): StreetEdge[] {
  let kept = edges;
  for (let changed = true; changed;) {
    const lists = edgeLists(nodes.length, kept);
    const before = kept.length;
    kept = kept.filter((edge) => {
      const deadEnd = lists[edge.from]!.length === 1 || lists[edge.to]!.length === 1;
      return !(deadEnd && edge.lengthM < MIN_DEAD_END_M);
    });
    changed = kept.length !== before;
  }
  const lists = edgeLists(nodes.length, kept);
  const component = new Array<number>(nodes.length).fill(-1);
  const lengthOfComponent: number[] = [];
  for (let seed = 0; seed < nodes.length; seed++) {
    if (component[seed] !== -1 || lists[seed]!.length === 0) continue;
    const id = lengthOfComponent.push(0) - 1;
    const stack = [seed];
    component[seed] = id;
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const edgeIndex of lists[node]!) {
        const edge = kept[edgeIndex]!;
        const other = edge.from === node ? edge.to : edge.from;
        if (edge.from === node) lengthOfComponent[id]! += edge.lengthM;
        if (component[other] === -1) {
          component[other] = id;
          stack.push(other);
        }
      }
    }
  }
  const best = lengthOfComponent.indexOf(Math.max(...lengthOfComponent));
  return kept.filter((edge) => component[edge.from] === best);
}

/** Renumbers the nodes that edges use, so the graph carries no orphans. */
function compact(
  origin: LonLat,
  nodes: readonly LocalPoint[],
  edges: readonly StreetEdge[],
  followsBoundary: boolean,
): StreetGraph {
  const renumbered = new Map<number, number>();
  const kept: LocalPoint[] = [];
  const renumber = (node: number) => {
    let id = renumbered.get(node);
    if (id === undefined) {
      id = kept.push(nodes[node]!) - 1;
      renumbered.set(node, id);
    }
    return id;
  };
  const compacted = edges.map((edge) => ({
    from: renumber(edge.from),
    to: renumber(edge.to),
    lengthM: edge.lengthM,
  }));
  return {
    ...streetGraphOf(kept, compacted),
    origin,
    totalLengthM: compacted.reduce((sum, edge) => sum + edge.lengthM, 0),
    followsBoundary,
  };
}

/** The grid's outer boundary as a closed walk, for grids without streets of their own. */
function boundaryLoop(areas: readonly AreaGeometry[], origin: LonLat): StreetGraph {
  const ring = polygonsOf(areas[0]!)[0]?.[0] ?? [];
  const segments: LocalSegment[] = [];
  for (let vertex = 0; vertex + 1 < ring.length; vertex++) {
    segments.push({
      start: toLocalMetres(origin, { lon: ring[vertex]![0]!, lat: ring[vertex]![1]! }),
      end: toLocalMetres(origin, { lon: ring[vertex + 1]![0]!, lat: ring[vertex + 1]![1]! }),
    });
  }
  const graph = nodeStreetSegments(segments, { nodeMergeM: SNAP_M, junctionSnapM: SNAP_M });
  if (graph.edges.length === 0)
    throw new RangeError('a grid polygon needs at least two distinct vertices');
  return compact(origin, graph.nodes, graph.edges, true);
}

/** The walkable street graph of one or more (neighbouring) grids. */
export function buildStreetGraph(
  roads: readonly LonLatLine[],
  areas: readonly AreaGeometry[],
): StreetGraph {
  if (areas.length === 0) throw new RangeError('a street graph needs at least one grid');
  const [minLon, minLat, maxLon, maxLat] = boundsOfAreas(areas);
  const origin = { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
  const noded = nodeStreetSegments(clipRoads(roads, areas, origin), {
    nodeMergeM: SNAP_M,
    junctionSnapM: SNAP_M,
  });
  const graph = compact(origin, noded.nodes, tidy(noded.nodes, noded.edges), false);
  return graph.totalLengthM >= MIN_NETWORK_M ? graph : boundaryLoop(areas, origin);
}
