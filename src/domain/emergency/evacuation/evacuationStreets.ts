/**
 * Walking ways out of the threat zones to one place outside them (a shelter): one search per
 * place gives every street node its distance to it. A way may use exit streets only while still
 * inside a zone; once it reaches a node outside every zone it keeps to clear streets, so it never
 * enters a zone again and never crosses one. Both legs are the shared Dijkstra of the street
 * graph: the clear streets as one graph, the exit streets as another where each street that
 * leaves a zone ends at a port of its own (the point where it leaves the zones, with nothing
 * beyond it), seeded with the clear distance from there on. Streets are long between crossings,
 * so a way out is measured to the zone's edge on the street, not to the next crossing.
 */
import {
  distanceM,
  pathTo,
  pointAlong,
  shortestPaths,
  streetGraphOf,
  type EdgeAccess,
  type LocalPoint,
  type ShortestPaths,
  type StreetEdge,
  type StreetGraph,
} from '../../geo/streetGraph';
import { EDGE_CLEAR, EDGE_EXIT, type ZoneAreas, type ZoneStreets } from './zoneStreets';

/**
 * A metre walked inside a zone costs as much as this many outside: the way out is short even
 * where a longer walk outside would bring a shelter nearer (the dose grows with the time spent
 * in the cloud, nothing outside it). A street that leaves a zone counts whole as inside.
 */
export const IN_ZONE_COST_FACTOR = 10;
/** Halvings that find where a street leaves the zones: 2⁻²⁴ of its length, under a millimetre. */
const CROSSING_HALVINGS = 24;

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
  /** Each port's outside node and the metres from the port on to it, by port index minus the node count. */
  private readonly ports: Array<{ node: number; onwardM: number; edge: StreetEdge }> = [];
  private readonly clearEdges: Set<StreetEdge>;

  constructor(
    readonly graph: StreetGraph,
    private readonly areas: ZoneAreas,
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
      const insideNode = graph.nodes[inside]!;
      const outsideNode = graph.nodes[outside]!;
      const insideM = this.insideLengthM(insideNode, outsideNode);
      const port = exitNodes.push(pointAlong(insideNode, outsideNode, insideM / edge.lengthM)) - 1;
      this.ports.push({ node: outside, onwardM: edge.lengthM - insideM, edge });
      exitEdges.push({ from: inside, to: port, lengthM: insideM * IN_ZONE_COST_FACTOR });
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
      this.ports.map((_, index) => ({ node: nodeCount + index, costM: 0 })),
    );
    const costM = new Float64Array(nodeCount);
    for (let node = 0; node < nodeCount; node++)
      costM[node] = this.isInside(node) ? paths.costM[node]! : 0;
    return costM;
  }

  /**
   * Every node's way to a destination outside the zones that meets the streets at `access`;
   * null when the destination has no way in that avoids the zones.
   */
  fieldTo(access: EdgeAccess): DestinationField | null {
    if (this.areas.contains(access.point)) return null;
    const nodeCount = this.graph.nodes.length;
    const nodes = this.graph.nodes;
    const seeds = [access.edge.from, access.edge.to].flatMap((node) =>
      this.isInside(node) || this.areas.touchesSegment(access.point, nodes[node]!)
        ? []
        : [{ node, costM: distanceM(access.point, nodes[node]!) }],
    );
    const outside = shortestPaths(this.clear, seeds);
    /** Ports on the destination's own street lead straight to it, not round by the far node. */
    const direct = new Set<number>();
    const portSeeds = this.ports.flatMap(({ node, onwardM, edge }, index) => {
      const port = nodeCount + index;
      let costM = onwardM + outside.costM[node]!;
      if (edge === access.edge) {
        const straightM = distanceM(this.exits.nodes[port]!, access.point);
        if (straightM < costM) {
          costM = straightM;
          direct.add(port);
        }
      }
      return Number.isFinite(costM) ? [{ node: port, costM }] : [];
    });
    if (seeds.length === 0 && portSeeds.length === 0) return null;
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
        if (direct.has(port)) return exitWay;
        return [...exitWay, ...wayOut(outside, this.ports[port - nodeCount]!.node)];
      },
    };
  }

  /**
   * Walking metres for a place that meets the streets at `access` to be out of every zone, given
   * each node's exit distance (exitDistancesM); Infinity when no street leads out.
   */
  leaveDistanceM(access: EdgeAccess, exitM: Float64Array): number {
    if (!this.areas.contains(access.point)) return access.accessM;
    let bestM = Infinity;
    for (const node of [access.edge.from, access.edge.to]) {
      const point = this.graph.nodes[node]!;
      const alongM = this.isInside(node)
        ? distanceM(access.point, point) + exitM[node]!
        : this.insideLengthM(access.point, point);
      bestM = Math.min(bestM, alongM);
    }
    return access.accessM + bestM;
  }

  /** From a place that meets the streets at `start` to the destination of `field`, or null. */
  routeFrom(start: EdgeAccess, field: DestinationField): LocalRoute | null {
    let bestM = Infinity;
    let bestNode = -1;
    for (const node of [start.edge.from, start.edge.to]) {
      const viaM = this.alongCostM(start, node) + field.costM[node]!;
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

  /** Cost of walking along the place's own street to one of its ends (inside metres weighted). */
  private alongCostM(start: EdgeAccess, node: number): number {
    const point = this.graph.nodes[node]!;
    const lengthM = distanceM(start.point, point);
    if (this.isClear(start.edge)) return lengthM;
    if (this.isInside(node)) return lengthM * IN_ZONE_COST_FACTOR;
    const insideM = this.areas.contains(start.point) ? this.insideLengthM(start.point, point) : 0;
    return insideM * IN_ZONE_COST_FACTOR + (lengthM - insideM);
  }

  /** Metres from `inside` along the straight way to `outside` until it leaves the zones. */
  private insideLengthM(inside: LocalPoint, outside: LocalPoint): number {
    let low = 0;
    let high = 1;
    for (let halving = 0; halving < CROSSING_HALVINGS; halving++) {
      const middle = (low + high) / 2;
      if (this.areas.contains(pointAlong(inside, outside, middle))) low = middle;
      else high = middle;
    }
    return high * distanceM(inside, outside);
  }
}
