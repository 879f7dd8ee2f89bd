/** A GeoJSON ring (lon/lat degrees) as Cesium positions at one height above the ellipsoid. */
import { Cartesian3 } from 'cesium';

export function ringPositions(ring: readonly GeoJSON.Position[], heightM: number): Cartesian3[] {
  return Cartesian3.fromDegreesArrayHeights(
    ring.flatMap(([lon = 0, lat = 0]) => [lon, lat, heightM]),
  );
}
