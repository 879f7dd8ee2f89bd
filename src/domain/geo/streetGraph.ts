/**
 * Streets as a graph in local metres, and Dijkstra over it: one implementation for dispatch
 * (walking routes from workers to an incident) and the simulator (a worker's patrol and detours).
 *
 * Road data rarely shares vertices where roads meet: long centre lines cross without a common
 * point, and a lane stops a few metres short of the road it joins. So the segments are noded
 * first: every crossing splits both segments, and an end that stops short of another segment
 * (within the junction snap) splits that segment and is joined to it. The graph is undirected
 * (people walk both ways on every road).
 */

export interface LocalPoint {
  eastM: number;
  northM: number;
}

export interface LocalSegment {
  start: LocalPoint;
  end: LocalPoint;
}

export interface StreetEdge {
  from: number;
  to: number;
  lengthM: number;
}

export interface StreetGraph {
  nodes: LocalPoint[];
  edges: StreetEdge[];
  /** Edge indices at each node. */
  edgesAtNode: number[][];
}

export interface NodingOptions {
  /** Points closer than this are one node. */
  nodeMergeM: number;
  /** A segment end this close to another segment is joined to it (a T-junction). */
  junctionSnapM: number;
}

/** Size of the spatial buckets in which segment pairs are compared. */
const BUCKET_M = 250;
const EPSILON = 1e-9;

export function distanceM(a: LocalPoint, b: LocalPoint): number {
  return Math.hypot(a.eastM - b.eastM, a.northM - b.northM);
}

export function pointAlong(a: LocalPoint, b: LocalPoint, fraction: number): LocalPoint {
  return {
    eastM: a.eastM + (b.eastM - a.eastM) * fraction,
    northM: a.northM + (b.northM - a.northM) * fraction,
  };
}

/** Fraction in [0, 1] of the projection of p onto segment ab. */
function projectionFraction(p: LocalPoint, a: LocalPoint, b: LocalPoint): number {
  const east = b.eastM - a.eastM;
  const north = b.northM - a.northM;
  const lengthSquared = east * east + north * north;
  if (lengthSquared < EPSILON) return 0;
  const along = ((p.eastM - a.eastM) * east + (p.northM - a.northM) * north) / lengthSquared;
  return Math.min(1, Math.max(0, along));
}

/** Fractions (along ab, along cd) of a proper or touching crossing, or null. */
function crossing(ab: LocalSegment, cd: LocalSegment): [number, number] | null {
  const rEast = ab.end.eastM - ab.start.eastM;
  const rNorth = ab.end.northM - ab.start.northM;
  const sEast = cd.end.eastM - cd.start.eastM;
  const sNorth = cd.end.northM - cd.start.northM;
  const denominator = rEast * sNorth - rNorth * sEast;
  if (Math.abs(denominator) < EPSILON) return null;
  const qEast = cd.start.eastM - ab.start.eastM;
  const qNorth = cd.start.northM - ab.start.northM;
  const t = (qEast * sNorth - qNorth * sEast) / denominator;
  const u = (qEast * rNorth - qNorth * rEast) / denominator;
  if (t < -EPSILON || t > 1 + EPSILON || u < -EPSILON || u > 1 + EPSILON) return null;
  return [Math.min(1, Math.max(0, t)), Math.min(1, Math.max(0, u))];
}

/** Nodes merged within a radius through a hash of radius-sized cells (3×3 lookup). */
class NodeIndex {
  readonly nodes: LocalPoint[] = [];
  private readonly cells = new Map<string, number[]>();

  constructor(private readonly mergeM: number) {}

  nodeAt(point: LocalPoint): number {
    const cellEast = Math.floor(point.eastM / this.mergeM);
    const cellNorth = Math.floor(point.northM / this.mergeM);
    for (let east = cellEast - 1; east <= cellEast + 1; east++) {
      for (let north = cellNorth - 1; north <= cellNorth + 1; north++) {
        for (const node of this.cells.get(`${east},${north}`) ?? []) {
          if (distanceM(this.nodes[node]!, point) < this.mergeM) return node;
        }
      }
    }
    const node = this.nodes.push(point) - 1;
    const key = `${cellEast},${cellNorth}`;
    const cell = this.cells.get(key);
    if (cell === undefined) this.cells.set(key, [node]);
    else cell.push(node);
    return node;
  }
}

/** A graph from its nodes and edges (edge lists per node filled in). */
export function streetGraphOf(nodes: LocalPoint[], edges: StreetEdge[]): StreetGraph {
  const edgesAtNode = Array.from({ length: nodes.length }, (): number[] => []);
  edges.forEach((edge, index) => {
    edgesAtNode[edge.from]!.push(index);
    edgesAtNode[edge.to]!.push(index);
  });
  return { nodes, edges, edgesAtNode };
}

function bucketKeys(segment: LocalSegment, marginM: number): string[] {
  const cell = (valueM: number) => Math.floor(valueM / BUCKET_M);
  const minEast = cell(Math.min(segment.start.eastM, segment.end.eastM) - marginM);
  const maxEast = cell(Math.max(segment.start.eastM, segment.end.eastM) + marginM);
  const minNorth = cell(Math.min(segment.start.northM, segment.end.northM) - marginM);
  const maxNorth = cell(Math.max(segment.start.northM, segment.end.northM) + marginM);
  const keys: string[] = [];
  for (let east = minEast; east <= maxEast; east++) {
    for (let north = minNorth; north <= maxNorth; north++) keys.push(`${east},${north}`);
  }
  return keys;
}

/** Segment pairs that may cross or touch: those sharing a bucket, each pair once. */
function candidatePairs(
  segments: readonly LocalSegment[],
  marginM: number,
): Array<[number, number]> {
  const buckets = new Map<string, number[]>();
  segments.forEach((segment, index) => {
    for (const key of bucketKeys(segment, marginM)) {
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, [index]);
      else bucket.push(index);
    }
  });
  const seen = new Set<string>();
  const pairs: Array<[number, number]> = [];
  for (const bucket of buckets.values()) {
    for (let i = 0; i < bucket.length; i++) {
      for (let j = i + 1; j < bucket.length; j++) {
        const key = `${bucket[i]}:${bucket[j]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([bucket[i]!, bucket[j]!]);
      }
    }
  }
  return pairs;
}

/** The street graph of straight segments, noded at crossings and T-junctions. */
export function nodeStreetSegments(
  segments: readonly LocalSegment[],
  options: NodingOptions,
): StreetGraph {
  const cuts = segments.map(() => [0, 1]);
  const joins: Array<{ end: LocalPoint; segment: number; fraction: number }> = [];
  for (const [left, right] of candidatePairs(segments, options.junctionSnapM)) {
    const ab = segments[left]!;
    const cd = segments[right]!;
    const hit = crossing(ab, cd);
    if (hit !== null) {
      cuts[left]!.push(hit[0]);
      cuts[right]!.push(hit[1]);
      continue;
    }
    const ends: Array<[LocalPoint, number]> = [
      [ab.start, right],
      [ab.end, right],
      [cd.start, left],
      [cd.end, left],
    ];
    for (const [end, other] of ends) {
      const segment = segments[other]!;
      const fraction = projectionFraction(end, segment.start, segment.end);
      const gapM = distanceM(end, pointAlong(segment.start, segment.end, fraction));
      if (gapM > options.junctionSnapM) continue;
      cuts[other]!.push(fraction);
      if (gapM >= options.nodeMergeM) joins.push({ end, segment: other, fraction });
    }
  }
  const index = new NodeIndex(options.nodeMergeM);
  const edges: StreetEdge[] = [];
  const seen = new Set<string>();
  const link = (from: number, to: number) => {
    const key = from < to ? `${from}-${to}` : `${to}-${from}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, lengthM: distanceM(index.nodes[from]!, index.nodes[to]!) });
  };
  segments.forEach((segment, segmentIndex) => {
    const fractions = [...new Set(cuts[segmentIndex])].sort((first, second) => first - second);
    let previous = index.nodeAt(pointAlong(segment.start, segment.end, fractions[0]!));
    for (const fraction of fractions.slice(1)) {
      const node = index.nodeAt(pointAlong(segment.start, segment.end, fraction));
      link(previous, node);
      previous = node;
    }
  });
  for (const { end, segment, fraction } of joins) {
    const { start, end: segmentEnd } = segments[segment]!;
    link(index.nodeAt(end), index.nodeAt(pointAlong(start, segmentEnd, fraction)));
  }
  return streetGraphOf(index.nodes, edges);
}

/** The node nearest a point (-1 for a graph without nodes). */
export function nearestNode(graph: StreetGraph, point: LocalPoint): number {
  let best = -1;
  let bestM = Infinity;
  graph.nodes.forEach((node, nodeIndex) => {
    const metres = distanceM(node, point);
    if (metres < bestM) {
      best = nodeIndex;
      bestM = metres;
    }
  });
  return best;
}

/** Where a place meets the street graph: the nearest point on an edge. */
export interface EdgeAccess {
  /** From the place to `point`. */
  accessM: number;
  point: LocalPoint;
  edge: StreetEdge;
}

/** The nearest point on any edge, or null when none is within `maxAccessM`. */
export function nearestEdgePoint(
  graph: StreetGraph,
  point: LocalPoint,
  maxAccessM: number,
): EdgeAccess | null {
  let best: EdgeAccess | null = null;
  for (const edge of graph.edges) {
    const a = graph.nodes[edge.from]!;
    const b = graph.nodes[edge.to]!;
    const onEdge = pointAlong(a, b, projectionFraction(point, a, b));
    const accessM = distanceM(point, onEdge);
    if (accessM <= maxAccessM && (best === null || accessM < best.accessM)) {
      best = { accessM, point: onEdge, edge };
    }
  }
  return best;
}

/** Where a search starts: a node and the cost already spent to reach it. */
export interface SearchSource {
  node: number;
  costM: number;
}

export interface ShortestPaths {
  /** Network distance to every node; Infinity where unreachable. */
  costM: Float64Array;
  /** The node before each node on its shortest path; -1 at a source or where unreachable. */
  previous: Int32Array;
}

/** A binary min-heap of (cost, node). */
class CostHeap {
  private readonly costs: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.costs.length;
  }

  push(cost: number, node: number): void {
    this.costs.push(cost);
    this.nodes.push(node);
    let index = this.costs.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.costs[parent]! <= cost) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): [cost: number, node: number] {
    const top: [number, number] = [this.costs[0]!, this.nodes[0]!];
    const lastCost = this.costs.pop()!;
    const lastNode = this.nodes.pop()!;
    if (this.costs.length > 0) {
      this.costs[0] = lastCost;
      this.nodes[0] = lastNode;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < this.costs.length && this.costs[left]! < this.costs[smallest]!) smallest = left;
        if (right < this.costs.length && this.costs[right]! < this.costs[smallest]!)
          smallest = right;
        if (smallest === index) break;
        this.swap(index, smallest);
        index = smallest;
      }
    }
    return top;
  }

  private swap(left: number, right: number): void {
    [this.costs[left], this.costs[right]] = [this.costs[right]!, this.costs[left]!];
    [this.nodes[left], this.nodes[right]] = [this.nodes[right]!, this.nodes[left]!];
  }
}

/** Dijkstra from one or more sources to every node of the graph. */
export function shortestPaths(graph: StreetGraph, sources: readonly SearchSource[]): ShortestPaths {
  const costM = new Float64Array(graph.nodes.length).fill(Infinity);
  const previous = new Int32Array(graph.nodes.length).fill(-1);
  const heap = new CostHeap();
  for (const { node, costM: startM } of sources) {
    if (node < 0 || node >= graph.nodes.length || startM >= costM[node]!) continue;
    costM[node] = startM;
    heap.push(startM, node);
  }
  while (heap.size > 0) {
    const [cost, node] = heap.pop();
    if (cost > costM[node]!) continue;
    for (const edgeIndex of graph.edgesAtNode[node]!) {
      const edge = graph.edges[edgeIndex]!;
      const next = edge.from === node ? edge.to : edge.from;
      const nextCost = cost + edge.lengthM;
      if (nextCost < costM[next]!) {
        costM[next] = nextCost;
        previous[next] = node;
        heap.push(nextCost, next);
      }
    }
  }
  return { costM, previous };
}

/** The nodes of the shortest path from a source to `goal`, or [] when it is unreachable. */
export function pathTo(paths: ShortestPaths, goal: number): number[] {
  if (!(paths.costM[goal]! < Infinity)) return [];
  const nodes: number[] = [];
  for (let node = goal; node >= 0; node = paths.previous[node]!) nodes.unshift(node);
  return nodes;
}
