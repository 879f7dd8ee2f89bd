/**
 * Unions of tiles that share edges exactly (lattice cells, clipped cells): every directed edge
 * that also appears reversed lies between two tiles of the union and cancels; what is left is
 * the boundary, chained into rings. No floating-point intersection is computed, so a parent's
 * boundary reuses its children's vertices bit for bit and grids tile with no gaps or overlaps.
 */
import {
  signedRingAreaM2,
  isPointInRing,
  type PlanarPoint,
  type PlanarRing,
} from './geo/planarGeometry';

export interface PlanarPolygon {
  /** Counter-clockwise. */
  outer: PlanarRing;
  /** Clockwise. */
  holes: PlanarRing[];
}

interface DirectedEdge {
  from: PlanarPoint;
  to: PlanarPoint;
  used: boolean;
}

function pointKey(point: PlanarPoint): string {
  return `${point[0]},${point[1]}`;
}

/** Turn from the incoming direction to the outgoing one, radians in (-π, π]; left is positive. */
function turnAngleRad(incoming: DirectedEdge, outgoing: DirectedEdge): number {
  const inX = incoming.to[0] - incoming.from[0];
  const inY = incoming.to[1] - incoming.from[1];
  const outX = outgoing.to[0] - outgoing.from[0];
  const outY = outgoing.to[1] - outgoing.from[1];
  return Math.atan2(inX * outY - inY * outX, inX * outX + inY * outY);
}

function boundaryEdges(tiles: readonly PlanarRing[]): DirectedEdge[] {
  const edges = new Map<string, DirectedEdge>();
  for (const tile of tiles) {
    const ring = signedRingAreaM2(tile) < 0 ? [...tile].reverse() : tile;
    for (let index = 0; index < ring.length; index++) {
      const from = ring[index]!;
      const to = ring[(index + 1) % ring.length]!;
      const reverseKey = `${pointKey(to)}|${pointKey(from)}`;
      if (edges.has(reverseKey)) edges.delete(reverseKey);
      else edges.set(`${pointKey(from)}|${pointKey(to)}`, { from, to, used: false });
    }
  }
  return [...edges.values()];
}

/** Chains boundary edges into rings; at a vertex where rings touch, the sharpest left turn wins. */
function chainRings(edges: DirectedEdge[]): PlanarRing[] {
  const outgoing = new Map<string, DirectedEdge[]>();
  for (const edge of edges) {
    const key = pointKey(edge.from);
    const list = outgoing.get(key);
    if (list) list.push(edge);
    else outgoing.set(key, [edge]);
  }
  const rings: PlanarRing[] = [];
  for (const start of edges) {
    if (start.used) continue;
    const ring: PlanarRing = [];
    let current = start;
    current.used = true;
    const startKey = pointKey(start.from);
    for (;;) {
      ring.push(current.from);
      const endKey = pointKey(current.to);
      if (endKey === startKey) break;
      const candidates = (outgoing.get(endKey) ?? []).filter((edge) => !edge.used);
      if (candidates.length === 0) throw new Error('tiles do not form closed boundaries');
      const incoming = current;
      candidates.sort(
        (first, second) => turnAngleRad(incoming, second) - turnAngleRad(incoming, first),
      );
      current = candidates[0]!;
      current.used = true;
    }
    rings.push(ring);
  }
  return rings;
}

/**
 * The union of edge-sharing tiles as polygons with holes. Tiles must meet only along whole
 * shared edges (no T-junctions), as lattice cells and their clipped pieces do.
 */
export function unionTiles(tiles: readonly PlanarRing[]): PlanarPolygon[] {
  const rings = chainRings(boundaryEdges(tiles));
  const polygons: PlanarPolygon[] = rings
    .filter((ring) => signedRingAreaM2(ring) > 0)
    .map((outer) => ({ outer, holes: [] }));
  for (const ring of rings) {
    if (signedRingAreaM2(ring) >= 0) continue;
    const owner = polygons.find((polygon) => isPointInRing(ring[0]!, polygon.outer)) ?? polygons[0];
    owner?.holes.push(ring);
  }
  return polygons;
}

/** Area of polygons with holes (holes are clockwise, so their signed areas subtract). */
export function polygonsAreaM2(polygons: readonly PlanarPolygon[]): number {
  return polygons.reduce(
    (sum, polygon) =>
      sum +
      signedRingAreaM2(polygon.outer) +
      polygon.holes.reduce((holeSum, hole) => holeSum + signedRingAreaM2(hole), 0),
    0,
  );
}
