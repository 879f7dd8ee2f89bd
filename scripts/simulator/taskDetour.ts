/**
 * A worker leaving the patrol for a task (demo data): along the street graph to the node nearest
 * the site, the last stretch to the site itself, a stay there while handling it, and the same way
 * back to where the patrol was left. While a detour runs the patrol stands still, so it resumes
 * exactly where it was.
 */
import type { WalkState } from './patrolWalk';
import type { LocalPoint, StreetGraph } from './streetGraph';

function distanceM(a: LocalPoint, b: LocalPoint): number {
  return Math.hypot(a.eastM - b.eastM, a.northM - b.northM);
}

function nearestNode(graph: StreetGraph, point: LocalPoint): number {
  let best = 0;
  let bestM = Infinity;
  graph.nodes.forEach((node, index) => {
    const metres = distanceM(node, point);
    if (metres < bestM) {
      best = index;
      bestM = metres;
    }
  });
  return best;
}

/** The walking path from one point to another over the graph's streets (Dijkstra). */
export function routeOnGraph(graph: StreetGraph, from: LocalPoint, to: LocalPoint): LocalPoint[] {
  const start = nearestNode(graph, from);
  const goal = nearestNode(graph, to);
  const distance = new Array<number>(graph.nodes.length).fill(Infinity);
  const previous = new Array<number>(graph.nodes.length).fill(-1);
  const done = new Array<boolean>(graph.nodes.length).fill(false);
  distance[start] = 0;
  // The graphs are a grid's streets (hundreds of nodes): a linear scan is fast enough.
  for (;;) {
    let node = -1;
    for (let index = 0; index < distance.length; index += 1) {
      if (
        !done[index] &&
        distance[index]! < Infinity &&
        (node < 0 || distance[index]! < distance[node]!)
      ) {
        node = index;
      }
    }
    if (node < 0 || node === goal) break;
    done[node] = true;
    for (const edgeIndex of graph.edgesAtNode[node] ?? []) {
      const edge = graph.edges[edgeIndex]!;
      const other = edge.from === node ? edge.to : edge.from;
      const through = distance[node]! + edge.lengthM;
      if (through < distance[other]!) {
        distance[other] = through;
        previous[other] = node;
      }
    }
  }
  const nodes: LocalPoint[] = [];
  if (distance[goal]! < Infinity) {
    for (let node = goal; node >= 0; node = previous[node]!) nodes.unshift(graph.nodes[node]!);
  }
  return [from, ...nodes, to];
}

export class TaskDetour {
  private readonly cumulativeM: number[];
  private readonly lengthM: number;
  private elapsedMs = 0;

  constructor(
    private readonly path: readonly LocalPoint[],
    private readonly speedMps: number,
    private readonly stayMs: number,
  ) {
    let total = 0;
    this.cumulativeM = path.map((point, index) => {
      if (index > 0) total += distanceM(path[index - 1]!, point);
      return total;
    });
    this.lengthM = total;
  }

  /** Walking time to the site. */
  get travelMs(): number {
    return (this.lengthM / this.speedMps) * 1000;
  }

  get arrived(): boolean {
    return this.elapsedMs >= this.travelMs;
  }

  get finished(): boolean {
    return this.elapsedMs >= 2 * this.travelMs + this.stayMs;
  }

  advance(stepMs: number): void {
    this.elapsedMs += stepMs;
  }

  private pointAt(alongM: number): { position: LocalPoint; headingDeg: number } {
    let index = 1;
    while (index < this.path.length - 1 && this.cumulativeM[index]! < alongM) index += 1;
    const from = this.path[index - 1] ?? this.path[0]!;
    const to = this.path[index] ?? from;
    const segmentM = distanceM(from, to);
    const fraction =
      segmentM === 0
        ? 0
        : Math.min(1, Math.max(0, (alongM - this.cumulativeM[index - 1]!) / segmentM));
    const headingDeg = (Math.atan2(to.eastM - from.eastM, to.northM - from.northM) * 180) / Math.PI;
    return {
      position: {
        eastM: from.eastM + fraction * (to.eastM - from.eastM),
        northM: from.northM + fraction * (to.northM - from.northM),
      },
      headingDeg: (headingDeg + 360) % 360,
    };
  }

  state(): WalkState {
    const travelMs = this.travelMs;
    if (this.elapsedMs < travelMs) {
      const { position, headingDeg } = this.pointAt((this.elapsedMs / 1000) * this.speedMps);
      return { position, speedMps: this.speedMps, headingDeg, activity: 'walking' };
    }
    if (this.elapsedMs < travelMs + this.stayMs) {
      const position = this.path[this.path.length - 1]!;
      return { position, speedMps: 0, headingDeg: null, activity: 'visiting' };
    }
    const backM = ((this.elapsedMs - travelMs - this.stayMs) / 1000) * this.speedMps;
    const { position, headingDeg } = this.pointAt(Math.max(0, this.lengthM - backM));
    return {
      position,
      speedMps: this.speedMps,
      headingDeg: (headingDeg + 180) % 360,
      activity: 'walking',
    };
  }
}
