/**
 * Walking routes along the district's roads, for dispatch (the domain ranks with an injected
 * router). The base map's roads are long LineStrings that cross without sharing vertices, so the
 * network is noded first: every crossing splits both segments, and a road end that stops short of
 * another road (a lane at the edge of an arterial) is joined to it. Then Dijkstra.
 *
 * Written here rather than with geojson-path-finder: that library links only shared vertices, so
 * on this base map every road would be an island; noding is the real work and it is small.
 */
import { FALLBACK_SPEED_MPS, type NetworkRoute } from '../../domain/incidents/dispatchRanking';
import { toLocalMetres } from '../../domain/localFrame';
import type { LonLat } from '../../domain/registry';

/** A worker walks (DESIGN: grid workers on patrol); the domain's estimate uses the same pace. */
export const WALKING_SPEED_MPS = FALLBACK_SPEED_MPS;
/** A road end this close to another road is joined to it (half the widest road plus slack). */
export const JUNCTION_SNAP_M = 20;
/** Farther than this from any road, the network says nothing (the caller estimates instead). */
export const MAX_ACCESS_M = 300;
/** Size of the spatial buckets used to find crossing segments. */
const BUCKET_M = 250;
/** Vertices closer than this are one node. */
const NODE_MERGE_M = 0.05;
const EPSILON = 1e-9;

interface Point {
  x: number;
  y: number;
}

interface Segment {
  a: Point;
  b: Point;
}

/** The nearest point of the network to a place, and the two nodes of its segment. */
interface Access {
  accessM: number;
  point: Point;
  fromNode: number;
  toNode: number;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Parameter t in [0, 1] of the projection of p onto segment ab. */
function projectionT(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared < EPSILON) return 0;
  return Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
}

function pointAt(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** Parameters (t on ab, u on cd) of a proper or touching crossing, or null. */
function crossing(ab: Segment, cd: Segment): [number, number] | null {
  const rx = ab.b.x - ab.a.x;
  const ry = ab.b.y - ab.a.y;
  const sx = cd.b.x - cd.a.x;
  const sy = cd.b.y - cd.a.y;
  const denominator = rx * sy - ry * sx;
  if (Math.abs(denominator) < EPSILON) return null;
  const qx = cd.a.x - ab.a.x;
  const qy = cd.a.y - ab.a.y;
  const t = (qx * sy - qy * sx) / denominator;
  const u = (qx * ry - qy * rx) / denominator;
  if (t < -EPSILON || t > 1 + EPSILON || u < -EPSILON || u > 1 + EPSILON) return null;
  return [Math.min(1, Math.max(0, t)), Math.min(1, Math.max(0, u))];
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
      if ((this.costs[parent] ?? 0) <= cost) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): [number, number] {
    const top: [number, number] = [this.costs[0] ?? 0, this.nodes[0] ?? 0];
    const lastCost = this.costs.pop() ?? 0;
    const lastNode = this.nodes.pop() ?? 0;
    if (this.costs.length > 0) {
      this.costs[0] = lastCost;
      this.nodes[0] = lastNode;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < this.costs.length && (this.costs[left] ?? 0) < (this.costs[smallest] ?? 0))
          smallest = left;
        if (right < this.costs.length && (this.costs[right] ?? 0) < (this.costs[smallest] ?? 0))
          smallest = right;
        if (smallest === index) break;
        this.swap(index, smallest);
        index = smallest;
      }
    }
    return top;
  }

  private swap(left: number, right: number): void {
    [this.costs[left], this.costs[right]] = [this.costs[right] ?? 0, this.costs[left] ?? 0];
    [this.nodes[left], this.nodes[right]] = [this.nodes[right] ?? 0, this.nodes[left] ?? 0];
  }
}

export class StreetNetwork {
  private readonly origin: LonLat;
  private readonly nodes: Point[] = [];
  private readonly nodeKeys = new Map<string, number>();
  /** adjacency[node] = [neighbour, lengthM, neighbour, lengthM, ...] */
  private readonly adjacency: number[][] = [];
  private readonly edges: Array<[number, number]> = [];

  /** `lines`: road centre lines as [lon, lat] positions. */
  constructor(
    lines: ReadonlyArray<ReadonlyArray<readonly number[]>>,
    private readonly speedMps = WALKING_SPEED_MPS,
  ) {
    const first = lines[0]?.[0];
    this.origin = { lon: first?.[0] ?? 0, lat: first?.[1] ?? 0 };
    const segments: Segment[] = [];
    for (const line of lines) {
      for (let index = 1; index < line.length; index += 1) {
        const a = this.toPoint(line[index - 1] ?? []);
        const b = this.toPoint(line[index] ?? []);
        if (distance(a, b) > NODE_MERGE_M) segments.push({ a, b });
      }
    }
    this.buildGraph(segments);
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  /** A walking route between two places, or null when either is too far from any road. */
  route(from: LonLat, to: LonLat): NetworkRoute | null {
    return this.routesTo(to)(from);
  }

  /**
   * One search from the site, then each worker's route is a lookup: dispatch asks for many
   * workers to one incident. The network is undirected (people walk both ways on every road).
   */
  routesTo(site: LonLat): (from: LonLat) => NetworkRoute | null {
    const target = this.access(this.toPoint([site.lon, site.lat]));
    if (target === null) return () => null;
    const costs = this.searchFrom(target);
    return (from) => {
      const start = this.access(this.toPoint([from.lon, from.lat]));
      if (start === null) return null;
      let best = Infinity;
      for (const node of [start.fromNode, start.toNode]) {
        const nodePoint = this.nodes[node];
        const cost = costs[node];
        if (nodePoint === undefined || cost === undefined) continue;
        best = Math.min(
          best,
          start.accessM + distance(start.point, nodePoint) + cost + target.accessM,
        );
      }
      if (start.fromNode === target.fromNode && start.toNode === target.toNode) {
        // Both on one segment: straight along it.
        best = Math.min(best, start.accessM + distance(start.point, target.point) + target.accessM);
      }
      if (!Number.isFinite(best)) return null;
      return { distanceM: best, durationS: best / this.speedMps };
    };
  }

  private toPoint(position: readonly number[]): Point {
    const local = toLocalMetres(this.origin, {
      lon: position[0] ?? Number.NaN,
      lat: position[1] ?? Number.NaN,
    });
    return { x: local.eastM, y: local.northM };
  }

  private nodeAt(point: Point): number {
    const key = `${Math.round(point.x / NODE_MERGE_M)},${Math.round(point.y / NODE_MERGE_M)}`;
    let node = this.nodeKeys.get(key);
    if (node === undefined) {
      node = this.nodes.length;
      this.nodes.push(point);
      this.adjacency.push([]);
      this.nodeKeys.set(key, node);
    }
    return node;
  }

  private link(from: number, to: number): void {
    if (from === to) return;
    const a = this.nodes[from];
    const b = this.nodes[to];
    if (a === undefined || b === undefined) return;
    const lengthM = distance(a, b);
    this.adjacency[from]?.push(to, lengthM);
    this.adjacency[to]?.push(from, lengthM);
    this.edges.push([from, to]);
  }

  private buildGraph(segments: readonly Segment[]): void {
    const splits = segments.map(() => [0, 1]);
    const buckets = new Map<string, number[]>();
    segments.forEach((segment, index) => {
      for (const key of this.bucketKeys(segment, JUNCTION_SNAP_M)) {
        const list = buckets.get(key) ?? [];
        list.push(index);
        buckets.set(key, list);
      }
    });
    const joins: Array<[Point, number, number]> = [];
    const seenPairs = new Set<string>();
    for (const list of buckets.values()) {
      for (let i = 0; i < list.length; i += 1) {
        for (let j = i + 1; j < list.length; j += 1) {
          const left = list[i] ?? 0;
          const right = list[j] ?? 0;
          const pairKey = left < right ? `${left}:${right}` : `${right}:${left}`;
          if (seenPairs.has(pairKey)) continue;
          seenPairs.add(pairKey);
          this.nodeSegmentPair(segments, splits, joins, left, right);
        }
      }
    }
    segments.forEach((segment, index) => {
      const ts = [...new Set(splits[index])].sort((left, right) => left - right);
      let previous = this.nodeAt(pointAt(segment.a, segment.b, ts[0] ?? 0));
      for (const t of ts.slice(1)) {
        const node = this.nodeAt(pointAt(segment.a, segment.b, t));
        this.link(previous, node);
        previous = node;
      }
    });
    // A road end joined to the point of another road it stops short of.
    for (const [end, segmentIndex, t] of joins) {
      const segment = segments[segmentIndex];
      if (segment === undefined) continue;
      this.link(this.nodeAt(end), this.nodeAt(pointAt(segment.a, segment.b, t)));
    }
  }

  private nodeSegmentPair(
    segments: readonly Segment[],
    splits: number[][],
    joins: Array<[Point, number, number]>,
    left: number,
    right: number,
  ): void {
    const ab = segments[left];
    const cd = segments[right];
    if (ab === undefined || cd === undefined) return;
    const hit = crossing(ab, cd);
    if (hit !== null) {
      splits[left]?.push(hit[0]);
      splits[right]?.push(hit[1]);
      return;
    }
    // No crossing: a road end stopping short of the other segment is a T-junction.
    const ends: Array<[Point, number, Segment]> = [
      [ab.a, right, cd],
      [ab.b, right, cd],
      [cd.a, left, ab],
      [cd.b, left, ab],
    ];
    for (const [end, otherIndex, other] of ends) {
      const t = projectionT(end, other.a, other.b);
      const gapM = distance(end, pointAt(other.a, other.b, t));
      if (gapM > NODE_MERGE_M && gapM <= JUNCTION_SNAP_M) {
        splits[otherIndex]?.push(t);
        joins.push([end, otherIndex, t]);
      }
    }
  }

  private bucketKeys(segment: Segment, marginM: number): string[] {
    const minX = Math.floor((Math.min(segment.a.x, segment.b.x) - marginM) / BUCKET_M);
    const maxX = Math.floor((Math.max(segment.a.x, segment.b.x) + marginM) / BUCKET_M);
    const minY = Math.floor((Math.min(segment.a.y, segment.b.y) - marginM) / BUCKET_M);
    const maxY = Math.floor((Math.max(segment.a.y, segment.b.y) + marginM) / BUCKET_M);
    const keys: string[] = [];
    for (let x = minX; x <= maxX; x += 1) {
      for (let y = minY; y <= maxY; y += 1) keys.push(`${x},${y}`);
    }
    return keys;
  }

  /** The nearest point on any edge, within MAX_ACCESS_M. */
  private access(point: Point): Access | null {
    let best: Access | null = null;
    for (const [from, to] of this.edges) {
      const a = this.nodes[from];
      const b = this.nodes[to];
      if (a === undefined || b === undefined) continue;
      const onEdge = pointAt(a, b, projectionT(point, a, b));
      const accessM = distance(point, onEdge);
      if (accessM <= MAX_ACCESS_M && (best === null || accessM < best.accessM)) {
        best = { accessM, point: onEdge, fromNode: from, toNode: to };
      }
    }
    return best;
  }

  /** Network distance from the access point to every node (Infinity where unreachable). */
  private searchFrom(start: Access): Float64Array {
    const costs = new Float64Array(this.nodes.length).fill(Infinity);
    const heap = new CostHeap();
    for (const node of [start.fromNode, start.toNode]) {
      const nodePoint = this.nodes[node];
      if (nodePoint === undefined) continue;
      const cost = distance(start.point, nodePoint);
      if (cost < (costs[node] ?? Infinity)) {
        costs[node] = cost;
        heap.push(cost, node);
      }
    }
    while (heap.size > 0) {
      const [cost, node] = heap.pop();
      if (cost > (costs[node] ?? Infinity)) continue;
      const neighbours = this.adjacency[node] ?? [];
      for (let index = 0; index < neighbours.length; index += 2) {
        const next = neighbours[index] ?? 0;
        const nextCost = cost + (neighbours[index + 1] ?? 0);
        if (nextCost < (costs[next] ?? Infinity)) {
          costs[next] = nextCost;
          heap.push(nextCost, next);
        }
      }
    }
    return costs;
  }
}
