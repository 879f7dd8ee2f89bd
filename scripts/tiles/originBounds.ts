/** The box around buildings' origins, in degrees: used to centre a tile and to choose a split. */
/** Anything placed by an origin: a building, with or without its units. */
export interface OriginPoint {
  originLon: number;
  originLat: number;
}

export interface OriginBounds {
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

export function originBoundsOf(buildings: readonly OriginPoint[]): OriginBounds {
  const bounds = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity };
  for (const building of buildings) {
    bounds.minLon = Math.min(bounds.minLon, building.originLon);
    bounds.maxLon = Math.max(bounds.maxLon, building.originLon);
    bounds.minLat = Math.min(bounds.minLat, building.originLat);
    bounds.maxLat = Math.max(bounds.maxLat, building.originLat);
  }
  return bounds;
}
