/**
 * Walking ways out of the threat zones to one place outside them (a shelter): one search per
 * place gives every street node its distance to it. A way may use exit streets only while still
 * inside a zone; once it reaches a node outside every zone it keeps to clear streets, so it never
 * enters a zone again and never crosses one. Both legs are the shared Dijkstra of the street
 * graph: the clear streets as one graph, the exit streets as another where each street that
 * leaves a zone ends at a port of its own (a copy of the outside node with nothing beyond it),
 * seeded with the clear distance from that node on.
 */
import {
  distanceM,
  pathTo,
  shortestPaths,
  streetGraphOf,
  type EdgeAccess,
  type LocalPoint,
  type SearchSource,
  type ShortestPaths,
  type StreetEdge,
  type StreetGraph,
} from '../../geo/streetGraph';
import { EDGE_CLEAR, EDGE_EXIT, type ZoneStreets } from './zoneStreets';

/**
 * A metre walked inside a zone costs as much as this many outside: the way out is short even
 * where a longer walk outside would bring a shelter nearer (the dose grows with the time spent
 * in the cloud, nothing outside it). A street that leaves a zone counts whole as inside.
 */
export const IN_ZONE_COST_FACTOR = 10;

/** Distances from every node to one destination, and the way there. */
export interface DestinationField {
  /** Metres from each node of the street graph; Infinity where no way avoids the zones. */
  costM: Float64Array;
  /** The nodes from `node` to the destination's side of its street, in walking order. */
  wayFrom(node: number): number[];
}

/** A place's route to a destination: its cost and the line in local metres. */
export interface LocalRoute {
  /** Metres, those inside a zone × IN_ZONE_COST_FACTOR. */
  costM: number;
  line: LocalPoint[];
}

export class EvacuationStreets {
  private readonly clear: StreetGraph;
  private readonly exits: StreetGraph;
  /** The outside node each port stands for, by port index minus the node count. */
  private readonly portNodes: number[] = [];
  private readonly clearEdges: Set<StreetEdge>;

  constructor(
    readonly graph: StreetGraph,
    private readonly zoneStreets: ZoneStreets,
  ) {
    const { edgeClass, nodeInside } = zoneStreets;
    const clearEdges = graph.edges.filter((_, index) => edgeClass[index] === EDGE_CLEAR);
    this.clearEdges = new Set(clearEdges);
    this.clear = streetGraphOf(graph.nodes, clearEdges);
    const exitNodes = [...graph.nodes];
    const exitEdges: StreetEdge[] = [];
    graph.edges.forEach((edge, index) => {
      if (edgeClass[index] !== EDGE_EXIT) return;
      if (nodeInside[edge.from] === 1 && nodeInside[edge.to] === 1) {
        exitEdges.push({ ...edge, lengthM: edge.lengthM * IN_ZONE_COST_FACTOR });
        return;
      }
      const [inside, outside] =
        nodeInside[edge.from] === 1 ? [edge.from, edge.to] : [edge.to, edge.from];
      const port = exitNodes.push(graph.nodes[outside]!) - 1;
      this.portNodes.push(outside);
      exitEdges.push({ from: inside, to: port, lengthM: edge.lengthM * IN_ZONE_COST_FACTOR });
    });
    this.exits = streetGraphOf(exitNodes, exitEdges);
  }

  isInside(node: number): boolean {
    return this.zoneStreets.nodeInside[node] === 1;
  }

  isClear(edge: StreetEdge): boolean {
    return this.clearEdges.has(edge);
  }

  /** Metres from each node to the nearest node outside every zone along exit streets (0 outside). */
  exitDistancesM(): Float64Array {
    const nodeCount = this.graph.nodes.length;
    const paths = shortestPaths(
      this.exits,
      this.portNodes.map((_, index) => ({ node: nodeCount + index, costM: 0 })),
    );
    const costM = new Float64Array(nodeCount);
    for (let node = 0; node < nodeCount; node++)
      costM[node] = this.isInside(node) ? paths.costM[node]! : 0;
    return costM;
  }

  /** Every node's way to a destination reached from `seeds` (nodes outside the zones). */
  fieldTo(seeds: readonly SearchSource[]): DestinationField {
    const nodeCount = this.graph.nodes.length;
    const outside = shortestPaths(
      this.clear,
      seeds.filter((seed) => !this.isInside(seed.node)),
    );
    const portSeeds = this.portNodes.flatMap((node, index) =>
      Number.isFinite(outside.costM[node]!)
        ? [{ node: nodeCount + index, costM: outside.costM[node]! }]
        : [],
    );
    const inside = shortestPaths(this.exits, portSeeds);
    const costM = new Float64Array(nodeCount);
    for (let node = 0; node < nodeCount; node++) {
      costM[node] = this.isInside(node) ? inside.costM[node]! : outside.costM[node]!;
    }
    const wayOut = (paths: ShortestPaths, node: number) => pathTo(paths, node).reverse();
    return {
      costM,
      wayFrom: (node) => {
        if (!Number.isFinite(costM[node]!)) return [];
        if (!this.isInside(node)) return wayOut(outside, node);
        const exitWay = wayOut(inside, node);
        const port = exitWay.pop()!;
        return [...exitWay, ...wayOut(outside, this.portNodes[port - nodeCount]!)];
      },
    };
  }

  /** The seeds of a destination that meets a clear street at `access`; none on another street. */
  seedsOf(access: EdgeAccess): SearchSource[] {
    if (!this.isClear(access.edge)) return [];
    return [access.edge.from, access.edge.to].map((node) => ({
      node,
      costM: distanceM(access.point, this.graph.nodes[node]!),
    }));
  }

  /** From a place that meets the streets at `start` to the destination of `field`, or null. */
  routeFrom(start: EdgeAccess, field: DestinationField): LocalRoute | null {
    let bestM = Infinity;
    let bestNode = -1;
    const factor = this.isClear(start.edge) ? 1 : IN_ZONE_COST_FACTOR;
    for (const node of [start.edge.from, start.edge.to]) {
      const viaM = distanceM(start.point, this.graph.nodes[node]!) * factor + field.costM[node]!;
      if (viaM < bestM) {
        bestM = viaM;
        bestNode = node;
      }
    }
    if (bestNode < 0) return null;
    return {
      costM: start.accessM + bestM,
      line: [start.point, ...field.wayFrom(bestNode).map((node) => this.graph.nodes[node]!)],
    };
  }
}
