/**
 * Faces of a building whose units carry their own footprints (imported from arbitrary polygons:
 * concave, L, U, courtyards with holes). Same rules as the wing buildings: one feature per unit,
 * walls only where no neighbour on the same floor shares them, a roof where nothing with the same
 * footprint stands above, an underside where nothing stands below, alternating shades per floor
 * and unit. Roofs and undersides are triangulated with earcut, so any simple polygon works.
 */
import earcut from 'earcut';
import { pointSegmentDistanceM, type PlanarPoint } from '../../src/domain/geo/planarGeometry';
import type { UnitKey } from './readBuildings';
import type { EnuPoint, TileMesh } from './tileMesh';

/** Two cut edges count as one shared wall when both ends lie this close to the other's edge. */
const SHARED_EDGE_TOLERANCE_M = 0.01;

export interface PolygonUnitStyle {
  wallShade(floor: number, unitNo: number): number;
  roofShade: number;
}

type Rings = [number, number][][];

function edgesOf(rings: Rings): [PlanarPoint, PlanarPoint][] {
  const edges: [PlanarPoint, PlanarPoint][] = [];
  for (const ring of rings) {
    for (let index = 0; index < ring.length; index++) {
      edges.push([ring[index]!, ring[(index + 1) % ring.length]!]);
    }
  }
  return edges;
}

function isShared(
  edge: [PlanarPoint, PlanarPoint],
  neighbours: readonly [PlanarPoint, PlanarPoint][],
): boolean {
  return neighbours.some(
    ([start, end]) =>
      pointSegmentDistanceM(edge[0], start, end) < SHARED_EDGE_TOLERANCE_M &&
      pointSegmentDistanceM(edge[1], start, end) < SHARED_EDGE_TOLERANCE_M,
  );
}

function triangulate(rings: Rings): number[] {
  const flat: number[] = [];
  const holes: number[] = [];
  rings.forEach((ring, index) => {
    if (index > 0) holes.push(flat.length / 2);
    for (const [x, y] of ring) flat.push(x, y);
  });
  const triangles = earcut(flat, holes);
  // Counter-clockwise triangles whatever earcut's internal order, so roofs face up.
  for (let corner = 0; corner < triangles.length; corner += 3) {
    const [a, b, c] = [triangles[corner]!, triangles[corner + 1]!, triangles[corner + 2]!];
    const cross =
      (flat[2 * b]! - flat[2 * a]!) * (flat[2 * c + 1]! - flat[2 * a + 1]!) -
      (flat[2 * b + 1]! - flat[2 * a + 1]!) * (flat[2 * c]! - flat[2 * a]!);
    if (cross < 0) {
      triangles[corner + 1] = c;
      triangles[corner + 2] = b;
    }
  }
  return triangles;
}

/**
 * Appends the units' faces; `toTile` places a local (east, north) point at a height in the
 * tile's frame, `firstFeatureId + i` is unit i's feature.
 */
export function appendPolygonUnitFaces(
  mesh: TileMesh,
  units: readonly UnitKey[],
  floorHeightM: number,
  baseHeightM: number,
  toTile: (point: readonly [number, number], upM: number) => EnuPoint,
  firstFeatureId: number,
  style: PolygonUnitStyle,
): void {
  const byFloor = new Map<number, UnitKey[]>();
  for (const unit of units) {
    const list = byFloor.get(unit.floor) ?? [];
    list.push(unit);
    byFloor.set(unit.floor, list);
  }
  const shapeKeys = new Map<number, Set<string>>();
  for (const [floor, list] of byFloor) {
    shapeKeys.set(floor, new Set(list.map((unit) => JSON.stringify(unit.rings))));
  }
  units.forEach((unit, index) => {
    const rings = unit.rings as Rings;
    const featureId = firstFeatureId + index;
    const baseM = baseHeightM + (unit.floor - 1) * floorHeightM;
    const topM = baseM + floorHeightM;
    const shade = style.wallShade(unit.floor, unit.unitNo);
    const neighbourEdges = (byFloor.get(unit.floor) ?? [])
      .filter((other) => other !== unit)
      .flatMap((other) => edgesOf(other.rings as Rings));
    for (const edge of edgesOf(rings)) {
      if (isShared(edge, neighbourEdges)) continue;
      const [start, end] = edge;
      const lengthM = Math.hypot(end[0] - start[0], end[1] - start[1]);
      if (lengthM === 0) continue;
      // Outer rings run counter-clockwise and holes clockwise, so outside is on the right.
      const normal: EnuPoint = [(end[1] - start[1]) / lengthM, -(end[0] - start[0]) / lengthM, 0];
      mesh.addQuad(
        [toTile(start, baseM), toTile(end, baseM), toTile(end, topM), toTile(start, topM)],
        normal,
        shade,
        featureId,
      );
    }
    const key = JSON.stringify(unit.rings);
    const triangles = triangulate(rings);
    const flat = rings.flat();
    if (!shapeKeys.get(unit.floor + 1)?.has(key)) {
      mesh.addTriangles(
        flat.map((point) => toTile(point, topM)),
        triangles,
        [0, 0, 1],
        style.roofShade,
        featureId,
      );
    }
    if (unit.floor > 1 && !shapeKeys.get(unit.floor - 1)?.has(key)) {
      const downward: number[] = [];
      for (let corner = 0; corner < triangles.length; corner += 3) {
        downward.push(triangles[corner]!, triangles[corner + 2]!, triangles[corner + 1]!);
      }
      mesh.addTriangles(
        flat.map((point) => toTile(point, baseM)),
        downward,
        [0, 0, -1],
        shade,
        featureId,
      );
    }
  });
}
