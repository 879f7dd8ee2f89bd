/** Planar lattice geometry to GeoJSON geometry in WGS84 (closed rings, CCW outer rings). */
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { PlanarPolygon } from '../../src/domain/gridTiling';
import {
  ringCentroid,
  signedRingAreaM2,
  type PlanarPoint,
} from '../../src/domain/geo/planarGeometry';
import type { LatticeFrame } from './districtFrame';

function closedRing(ring: readonly PlanarPoint[], frame: LatticeFrame): Position[] {
  const positions = ring.map((point) => frame.toPosition(point));
  return [...positions, positions[0]!];
}

export function ringToPolygon(ring: readonly PlanarPoint[], frame: LatticeFrame): Polygon {
  return { type: 'Polygon', coordinates: [closedRing(ring, frame)] };
}

export function polygonsToGeometry(
  polygons: readonly PlanarPolygon[],
  frame: LatticeFrame,
): Polygon | MultiPolygon {
  const rings = polygons.map((polygon) => [
    closedRing(polygon.outer, frame),
    ...polygon.holes.map((hole) => closedRing(hole, frame)),
  ]);
  if (rings.length === 1) return { type: 'Polygon', coordinates: rings[0]! };
  return { type: 'MultiPolygon', coordinates: rings };
}

export function lineToGeometry(points: readonly PlanarPoint[], frame: LatticeFrame): LineString {
  return { type: 'LineString', coordinates: points.map((point) => frame.toPosition(point)) };
}

/** Label point: the centroid of the largest outer ring, as [lon, lat]. */
export function labelPosition(
  polygons: readonly PlanarPolygon[],
  frame: LatticeFrame,
): [number, number] {
  const largest = [...polygons].sort(
    (first, second) => signedRingAreaM2(second.outer) - signedRingAreaM2(first.outer),
  )[0];
  if (!largest) throw new Error('no polygon to label');
  return frame.toPosition(ringCentroid(largest.outer));
}
