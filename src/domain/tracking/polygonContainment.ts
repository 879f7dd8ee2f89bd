/**
 * Point-in-polygon and distance-to-boundary for grid polygons in lon/lat, written here because
 * the domain may not use turf (DESIGN.md §2). Accepts GeoJSON Polygon and MultiPolygon
 * geometries structurally (holes included), so grid rows can be passed as they are stored.
 */
import type { LonLat } from '../registry';
import { toLocalMetres } from '../localFrame';
import { pointSegmentDistanceM } from '../planarGeometry';

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

/** Even–odd ray cast; degrees are fine as plane coordinates for this test at district scale. */
export function isPointInRing(point: LonLat, ring: LonLatRing): boolean {
  let inside = false;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    const lonI = ring[index]![0]!;
    const latI = ring[index]![1]!;
    const lonJ = ring[previous]![0]!;
    const latJ = ring[previous]![1]!;
    if (
      latI > point.lat !== latJ > point.lat &&
      point.lon < ((lonJ - lonI) * (point.lat - latI)) / (latJ - latI) + lonI
    ) {
      inside = !inside;
    }
  }
  return inside;
}

/** Inside an outer ring and outside all its holes, for any polygon of the geometry. */
export function isPointInArea(point: LonLat, area: AreaGeometry): boolean {
  return polygonsOf(area).some((rings) => {
    const [outer, ...holes] = rings;
    if (outer === undefined || !isPointInRing(point, outer)) return false;
    return !holes.some((hole) => isPointInRing(point, hole));
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
