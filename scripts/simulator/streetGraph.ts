/**
 * The streets a simulated worker walks: the district's road centrelines cut to the worker's
 * grids and joined into a graph at crossings and T-junctions, in local metres around the grids.
 *
 * Generated grid boundaries run along road centrelines, so "inside the grid" keeps a road piece
 * whose midpoint is inside a polygon or within a few metres of its boundary: the worker walks the
 * streets that bound the grid as well as those through it. (clipStreetsToArea keeps strictly
 * inside pieces, right for coverage figures, but a boundary road would fall in or out by rounding.)
 */
import type { LonLat } from '../../src/domain/registry';
import { toLocalMetres } from '../../src/domain/localFrame';
import {
  distanceToAreaBoundaryM,
  isPointInArea,
  polygonsOf,
  type AreaGeometry,
} from '../../src/domain/tracking/polygonContainment';
import type { LonLatLine } from '../../src/domain/tracking/patrolCoverage';

export interface LocalPoint {
  eastM: number;
  northM: number;
}

export interface StreetEdge {
  from: number;
  to: number;
  lengthM: number;
}

export interface StreetGraph {
  /** Where local metres are measured from. */
  origin: LonLat;
  nodes: LocalPoint[];
  edges: StreetEdge[];
  /** Edge indices at each node. */
  edgesAtNode: number[][];
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

interface Stick {
  start: LocalPoint;
  end: LocalPoint;
  /** Where the stick is split, as fractions of its length. */
  cuts: number[];
}

function lerp(start: LocalPoint, end: LocalPoint, fraction: number): LocalPoint {
  return {
    eastM: start.eastM + fraction * (end.eastM - start.eastM),
    northM: start.northM + fraction * (end.northM - start.northM),
  };
}

function distanceM(first: LocalPoint, second: LocalPoint): number {
  return Math.hypot(second.eastM - first.eastM, second.northM - first.northM);
}

function boundsOf(areas: readonly AreaGeometry[]): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const area of areas) {
    for (const rings of polygonsOf(area)) {
      for (const [lon, lat] of rings[0] ?? []) {
        bounds[0] = Math.min(bounds[0], lon!);
        bounds[1] = Math.min(bounds[1], lat!);
        bounds[2] = Math.max(bounds[2], lon!);
        bounds[3] = Math.max(bounds[3], lat!);
      }
    }
  }
  return bounds;
}

/** Straight pieces of the roads that lie in (or along the boundary of) any of the areas. */
function clipRoads(
  roads: readonly LonLatLine[],
  areas: readonly AreaGeometry[],
  origin: LonLat,
): Stick[] {
  const [minLon, minLat, maxLon, maxLat] = boundsOf(areas);
  // Generous slack in degrees (~50 m) so the box test never drops a boundary road.
  const slackDeg = 5e-4;
  // About 10 m in degrees: beyond the box grown by this no point can be within the tolerance.
  const marginDeg = 1e-4;
  const belongs = (point: LonLat) =>
    point.lon >= minLon - marginDeg &&
    point.lon <= maxLon + marginDeg &&
    point.lat >= minLat - marginDeg &&
    point.lat <= maxLat + marginDeg &&
    areas.some(
      (area) =>
        isPointInArea(point, area) || distanceToAreaBoundaryM(point, area) <= BOUNDARY_TOLERANCE_M,
    );
  const sticks: Stick[] = [];
  for (const road of roads) {
    for (let index = 0; index + 1 < road.length; index++) {
      const from = { lon: road[index]![0]!, lat: road[index]![1]! };
      const to = { lon: road[index + 1]![0]!, lat: road[index + 1]![1]! };
      if (Math.max(from.lon, to.lon) < minLon - slackDeg) continue;
      if (Math.min(from.lon, to.lon) > maxLon + slackDeg) continue;
      if (Math.max(from.lat, to.lat) < minLat - slackDeg) continue;
      if (Math.min(from.lat, to.lat) > maxLat + slackDeg) continue;
      const start = toLocalMetres(origin, from);
      const end = toLocalMetres(origin, to);
      const pieceCount = Math.ceil(distanceM(start, end) / CLIP_STEP_M);
      let runStart: number | null = null;
      for (let piece = 0; piece <= pieceCount; piece++) {
        const fraction = (piece + 0.5) / pieceCount;
        const inside =
          piece < pieceCount &&
          belongs({
            lon: from.lon + fraction * (to.lon - from.lon),
            lat: from.lat + fraction * (to.lat - from.lat),
          });
        if (inside && runStart === null) runStart = piece / pieceCount;
        if (!inside && runStart !== null) {
          sticks.push({
            start: lerp(start, end, runStart),
            end: lerp(start, end, piece / pieceCount),
            cuts: [],
          });
          runStart = null;
        }
      }
    }
  }
  return sticks;
}

/** Splits sticks where they cross each other or where one ends on another (T-junction). */
function cutAtJunctions(sticks: Stick[]): void {
  for (let first = 0; first < sticks.length; first++) {
    const a = sticks[first]!;
    for (let second = first + 1; second < sticks.length; second++) {
      const b = sticks[second]!;
      const aEast = a.end.eastM - a.start.eastM;
      const aNorth = a.end.northM - a.start.northM;
      const bEast = b.end.eastM - b.start.eastM;
      const bNorth = b.end.northM - b.start.northM;
      const denominator = aEast * bNorth - aNorth * bEast;
      if (Math.abs(denominator) > 1e-9) {
        const eastGap = b.start.eastM - a.start.eastM;
        const northGap = b.start.northM - a.start.northM;
        const alongA = (eastGap * bNorth - northGap * bEast) / denominator;
        const alongB = (eastGap * aNorth - northGap * aEast) / denominator;
        if (alongA > 0 && alongA < 1 && alongB > 0 && alongB < 1) {
          a.cuts.push(alongA);
          b.cuts.push(alongB);
        }
      }
    }
  }
  for (const stick of sticks) {
    for (const other of sticks) {
      if (other === stick) continue;
      for (const end of [other.start, other.end]) {
        const lengthM = distanceM(stick.start, stick.end);
        if (lengthM === 0) continue;
        const along =
          ((end.eastM - stick.start.eastM) * (stick.end.eastM - stick.start.eastM) +
            (end.northM - stick.start.northM) * (stick.end.northM - stick.start.northM)) /
          (lengthM * lengthM);
        if (along <= 0 || along >= 1) continue;
        if (distanceM(lerp(stick.start, stick.end, along), end) < SNAP_M) stick.cuts.push(along);
      }
    }
  }
}

/** Nodes merged within SNAP_M through a hash of SNAP_M cells (3×3 neighbourhood lookup). */
class NodeIndex {
  readonly nodes: LocalPoint[] = [];
  private readonly cells = new Map<string, number[]>();

  nodeAt(point: LocalPoint): number {
    const cellEast = Math.floor(point.eastM / SNAP_M);
    const cellNorth = Math.floor(point.northM / SNAP_M);
    for (let east = cellEast - 1; east <= cellEast + 1; east++) {
      for (let north = cellNorth - 1; north <= cellNorth + 1; north++) {
        for (const node of this.cells.get(`${east},${north}`) ?? []) {
          if (distanceM(this.nodes[node]!, point) < SNAP_M) return node;
        }
      }
    }
    const node = this.nodes.push(point) - 1;
    const key = `${cellEast},${cellNorth}`;
    this.cells.set(key, [...(this.cells.get(key) ?? []), node]);
    return node;
  }
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
    origin,
    nodes: kept,
    edges: compacted,
    edgesAtNode: edgeLists(kept.length, compacted),
    totalLengthM: compacted.reduce((sum, edge) => sum + edge.lengthM, 0),
    followsBoundary,
  };
}

/** The grid's outer boundary as a closed walk, for grids without streets of their own. */
function boundaryLoop(areas: readonly AreaGeometry[], origin: LonLat): StreetGraph {
  const ring = polygonsOf(areas[0]!)[0]?.[0] ?? [];
  const index = new NodeIndex();
  const edges: StreetEdge[] = [];
  for (let vertex = 0; vertex + 1 < ring.length; vertex++) {
    const from = toLocalMetres(origin, { lon: ring[vertex]![0]!, lat: ring[vertex]![1]! });
    const to = toLocalMetres(origin, { lon: ring[vertex + 1]![0]!, lat: ring[vertex + 1]![1]! });
    const fromNode = index.nodeAt(from);
    const toNode = index.nodeAt(to);
    if (fromNode !== toNode)
      edges.push({ from: fromNode, to: toNode, lengthM: distanceM(from, to) });
  }
  if (edges.length === 0)
    throw new RangeError('a grid polygon needs at least two distinct vertices');
  return compact(origin, index.nodes, edges, true);
}

/** The walkable street graph of one or more (neighbouring) grids. */
export function buildStreetGraph(
  roads: readonly LonLatLine[],
  areas: readonly AreaGeometry[],
): StreetGraph {
  if (areas.length === 0) throw new RangeError('a street graph needs at least one grid');
  const [minLon, minLat, maxLon, maxLat] = boundsOf(areas);
  const origin = { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
  const sticks = clipRoads(roads, areas, origin);
  cutAtJunctions(sticks);
  const index = new NodeIndex();
  const edges: StreetEdge[] = [];
  const seen = new Set<string>();
  for (const stick of sticks) {
    const fractions = [0, ...stick.cuts.sort((first, second) => first - second), 1];
    for (let piece = 0; piece + 1 < fractions.length; piece++) {
      const from = lerp(stick.start, stick.end, fractions[piece]!);
      const to = lerp(stick.start, stick.end, fractions[piece + 1]!);
      const fromNode = index.nodeAt(from);
      const toNode = index.nodeAt(to);
      const key = fromNode < toNode ? `${fromNode}-${toNode}` : `${toNode}-${fromNode}`;
      if (fromNode === toNode || seen.has(key)) continue;
      seen.add(key);
      edges.push({
        from: fromNode,
        to: toNode,
        lengthM: distanceM(index.nodes[fromNode]!, index.nodes[toNode]!),
      });
    }
  }
  const graph = compact(origin, index.nodes, tidy(index.nodes, edges), false);
  return graph.totalLengthM >= MIN_NETWORK_M ? graph : boundaryLoop(areas, origin);
}
