/**
 * Point-in-polygon, distance-to-boundary and bounds for grid polygons in lon/lat. Accepts GeoJSON
 * Polygon and MultiPolygon geometries structurally (holes included), so grid rows can be passed
 * as they are stored. Degrees serve as plane coordinates for the ring test at district scale.
 */
import type { LonLat } from '../registry';
import { toLocalMetres } from './localFrame';
import { isPointInRing, pointSegmentDistanceM } from './planarGeometry';

/** A ring of [lon, lat] positions; a closing repeat of the first position is allowed. */
export type LonLatRing = readonly (readonly number[])[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: readonly LonLatRing[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: readonly (readonly LonLatRing[])[];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** Polygons of a geometry as lists of rings (outer ring first, then holes). */
export function polygonsOf(area: AreaGeometry): readonly (readonly LonLatRing[])[] {
  return area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
}

/** Inside an outer ring and outside all its holes, for any polygon of the geometry. */
export function isPointInArea(point: LonLat, area: AreaGeometry): boolean {
  return polygonsOf(area).some((rings) => {
    const [outer, ...holes] = rings;
    const position = [point.lon, point.lat] as const;
    if (outer === undefined || !isPointInRing(position, outer)) return false;
    return !holes.some((hole) => isPointInRing(position, hole));
  });
}

/** Metres from a point to the nearest edge of any ring (outer or hole) of the geometry. */
export function distanceToAreaBoundaryM(point: LonLat, area: AreaGeometry): number {
  let nearestM = Infinity;
  for (const rings of polygonsOf(area)) {
    for (const ring of rings) {
      for (let index = 0; index < ring.length; index++) {
        const start = ring[index]!;
        const end = ring[(index + 1) % ring.length]!;
        const startM = toLocalMetres(point, { lon: start[0]!, lat: start[1]! });
        const endM = toLocalMetres(point, { lon: end[0]!, lat: end[1]! });
        nearestM = Math.min(
          nearestM,
          pointSegmentDistanceM([0, 0], [startM.eastM, startM.northM], [endM.eastM, endM.northM]),
        );
      }
    }
  }
  return nearestM;
}

/** Within `toleranceM` of the area or inside it (a road along a grid boundary belongs to it). */
export function isPointNearArea(point: LonLat, area: AreaGeometry, toleranceM: number): boolean {
  return isPointInArea(point, area) || distanceToAreaBoundaryM(point, area) <= toleranceM;
}

/** Bounds of the outer rings of the areas: [west, south, east, north] degrees. */
export function boundsOfAreas(
  areas: readonly AreaGeometry[],
): [west: number, south: number, east: number, north: number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const area of areas) {
    for (const rings of polygonsOf(area)) {
      for (const [lon, lat] of rings[0] ?? []) {
        bounds[0] = Math.min(bounds[0], lon!);
        bounds[1] = Math.min(bounds[1], lat!);
        bounds[2] = Math.max(bounds[2], lon!);
        bounds[3] = Math.max(bounds[3], lat!);
      }
    }
  }
  return bounds;
}
