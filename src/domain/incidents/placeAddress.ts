/**
 * The address of a point from the register, for a report that brought only a position: the
 * nearest building's registered address when one stands close enough that a reader would call
 * it "at" that building, else the names of the street, community and grid the point lies in.
 */
import { groundDistanceM } from '../geo/groundDistance';
import type { LonLat } from '../registry';

/** Farther than this from every building's origin, a building's address would mislead. */
export const NEAREST_BUILDING_MAX_M = 60;
/** Said after grid names: the point is in that grid, not at a numbered address. */
export const NEAR_SUFFIX = '附近';

export interface AddressedBuilding {
  origin: LonLat;
  address: string;
}

/**
 * `gridNames` runs from the street down to the base grid (the district's own name is left out:
 * every address here is in it). An empty result means the register knows nothing of the place.
 */
export function describePlace(
  location: LonLat,
  buildings: readonly AddressedBuilding[],
  gridNames: readonly string[],
): string {
  let nearest: AddressedBuilding | null = null;
  let nearestM = NEAREST_BUILDING_MAX_M;
  for (const building of buildings) {
    if (building.address.trim() === '') continue;
    const distanceM = groundDistanceM(location, building.origin);
    if (distanceM <= nearestM) {
      nearest = building;
      nearestM = distanceM;
    }
  }
  if (nearest !== null) return nearest.address.trim();
  const names = gridNames.map((name) => name.trim()).filter((name) => name !== '');
  return names.length === 0 ? '' : names.join('') + NEAR_SUFFIX;
}
