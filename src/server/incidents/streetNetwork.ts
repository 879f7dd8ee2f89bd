/**
 * Walking routes along the district's roads, for dispatch (the domain ranks with an injected
 * router). The base map's roads are long LineStrings that cross without sharing vertices, so the
 * domain's street graph nodes them (crossings split, road ends stopping short are joined); a
 * place reaches the network at the nearest point of the nearest road.
 *
 * Not geojson-path-finder: that library links only shared vertices, so on this base map every
 * road would be an island; noding is the real work and it is small.
 */
import { FALLBACK_SPEED_MPS, type NetworkRoute } from '../../domain/incidents/dispatchRanking';
import { toLocalMetres, toLonLat } from '../../domain/geo/localFrame';
import {
  distanceM,
  nearestEdgePoint,
  nodeStreetSegments,
  pathTo,
  shortestPaths,
  type LocalPoint,
  type LocalSegment,
  type StreetGraph,
} from '../../domain/geo/streetGraph';
import type { LonLat } from '../../domain/registry';
import type { BasemapRecord } from '../registry/registryRecords';

/** A worker walks (DESIGN: grid workers on patrol); the domain's estimate uses the same pace. */
export const WALKING_SPEED_MPS = FALLBACK_SPEED_MPS;
/** A road end this close to another road is joined to it (half the widest road plus slack). */
export const JUNCTION_SNAP_M = 20;
/** Farther than this from any road, the network says nothing (the caller estimates instead). */
export const MAX_ACCESS_M = 300;
/** Vertices closer than this are one node. */
const NODE_MERGE_M = 0.05;

/** The base map's road centre lines, as StreetNetwork takes them. */
export function roadLinesOf(basemap: readonly BasemapRecord[]): number[][][] {
  return basemap.flatMap((feature) =>
    feature.kind === 'road' && feature.geometry.type === 'LineString'
      ? [feature.geometry.coordinates]
      : [],
  );
}

/** A walking route drawn on the worker's map. */
export interface WalkingRoute extends NetworkRoute {
  line: LonLat[];
}

export class StreetNetwork {
  /** The origin of the graph's local metres; graph and origin are read by evacuation planning. */
  readonly origin: LonLat;
  readonly graph: StreetGraph;

  /** `lines`: road centre lines as [lon, lat] positions. */
  constructor(
    lines: ReadonlyArray<ReadonlyArray<readonly number[]>>,
    private readonly speedMps = WALKING_SPEED_MPS,
  ) {
    const first = lines[0]?.[0];
    this.origin = { lon: first?.[0] ?? 0, lat: first?.[1] ?? 0 };
    const segments: LocalSegment[] = [];
    for (const line of lines) {
      for (let index = 1; index < line.length; index += 1) {
        const start = this.toPoint(line[index - 1] ?? []);
        const end = this.toPoint(line[index] ?? []);
        if (distanceM(start, end) > NODE_MERGE_M) segments.push({ start, end });
      }
    }
    this.graph = nodeStreetSegments(segments, {
      nodeMergeM: NODE_MERGE_M,
      junctionSnapM: JUNCTION_SNAP_M,
    });
  }

  get nodeCount(): number {
    return this.graph.nodes.length;
  }

  /** A walking route between two places, or null when either is too far from any road. */
  route(from: LonLat, to: LonLat): NetworkRoute | null {
    return this.routesTo(to)(from);
  }

  /**
   * One search from the site, then each worker's route is a lookup: dispatch asks for many
   * workers to one incident.
   */
  routesTo(site: LonLat): (from: LonLat) => NetworkRoute | null {
    const { nodes } = this.graph;
    const target = nearestEdgePoint(this.graph, this.toPoint([site.lon, site.lat]), MAX_ACCESS_M);
    if (target === null) return () => null;
    const { costM } = shortestPaths(
      this.graph,
      [target.edge.from, target.edge.to].map((node) => ({
        node,
        costM: distanceM(target.point, nodes[node]!),
      })),
    );
    return (from) => {
      const start = nearestEdgePoint(this.graph, this.toPoint([from.lon, from.lat]), MAX_ACCESS_M);
      if (start === null) return null;
      let best = Infinity;
      for (const node of [start.edge.from, start.edge.to]) {
        const viaNodeM = distanceM(start.point, nodes[node]!) + costM[node]!;
        best = Math.min(best, start.accessM + viaNodeM + target.accessM);
      }
      if (start.edge === target.edge) {
        // Both on one edge: straight along it.
        best = Math.min(
          best,
          start.accessM + distanceM(start.point, target.point) + target.accessM,
        );
      }
      if (!Number.isFinite(best)) return null;
      return { distanceM: best, durationS: best / this.speedMps };
    };
  }

  /**
   * The walking route itself, for the worker's map: the line from `from` along the roads to `to`
   * (lon/lat), with its length and time; null when either place is too far from any road.
   */
  walk(from: LonLat, to: LonLat): WalkingRoute | null {
    const { nodes } = this.graph;
    const start = nearestEdgePoint(this.graph, this.toPoint([from.lon, from.lat]), MAX_ACCESS_M);
    const target = nearestEdgePoint(this.graph, this.toPoint([to.lon, to.lat]), MAX_ACCESS_M);
    if (start === null || target === null) return null;
    let via: LocalPoint[] = [];
    let alongM = distanceM(start.point, target.point);
    if (start.edge !== target.edge) {
      const paths = shortestPaths(
        this.graph,
        [target.edge.from, target.edge.to].map((node) => ({
          node,
          costM: distanceM(target.point, nodes[node]!),
        })),
      );
      const viaCost = (node: number) => distanceM(start.point, nodes[node]!) + paths.costM[node]!;
      const first =
        viaCost(start.edge.from) <= viaCost(start.edge.to) ? start.edge.from : start.edge.to;
      if (!Number.isFinite(viaCost(first))) return null;
      alongM = viaCost(first);
      // pathTo runs from the site's side to `first`: the worker walks it the other way.
      via = pathTo(paths, first)
        .reverse()
        .map((node) => nodes[node]!);
    }
    const distance = start.accessM + alongM + target.accessM;
    return {
      distanceM: distance,
      durationS: distance / this.speedMps,
      line: [from, ...[start.point, ...via, target.point].map((point) => this.toLonLat(point)), to],
    };
  }

  private toLonLat(point: LocalPoint): LonLat {
    return toLonLat(this.origin, point.eastM, point.northM);
  }

  private toPoint(position: readonly number[]): LocalPoint {
    return toLocalMetres(this.origin, {
      lon: position[0] ?? Number.NaN,
      lat: position[1] ?? Number.NaN,
    });
  }
}
