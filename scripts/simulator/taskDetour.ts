/**
 * A worker leaving the patrol for a task (demo data): along the street graph to the node nearest
 * the site, the last stretch to the site itself, a stay there while handling it, and the same way
 * back to where the patrol was left. While a detour runs the patrol stands still, so it resumes
 * exactly where it was.
 */
import {
  distanceM,
  nearestNode,
  pathTo,
  shortestPaths,
  type LocalPoint,
} from '../../src/domain/geo/streetGraph';
import type { WalkState } from './patrolWalk';
import type { StreetGraph } from './streetGraph';

/** The walking path from one point to another over the graph's streets (Dijkstra). */
export function routeOnGraph(graph: StreetGraph, from: LocalPoint, to: LocalPoint): LocalPoint[] {
  const start = nearestNode(graph, from);
  const goal = nearestNode(graph, to);
  if (start < 0) return [from, to];
  const nodes = pathTo(shortestPaths(graph, [{ node: start, costM: 0 }]), goal);
  return [from, ...nodes.map((node) => graph.nodes[node]!), to];
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
