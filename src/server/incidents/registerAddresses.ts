/**
 * Addresses of points from the register (domain/incidents/placeAddress.ts decides which): one
 * lookup reads each base grid's buildings once, so a list of a thousand requests costs one read
 * per grid, not one per request. A lookup is meant for one answer: the register may be
 * re-imported between two.
 */
import { ancestorGridCodes } from '../../domain/gridCode';
import { describePlace, type AddressedBuilding } from '../../domain/incidents/placeAddress';
import type { LonLat } from '../../domain/registry';
import type { RegistryRows } from '../registry/registryRepository';

/** More buildings than any base grid holds: the lookup reads a grid in one page. */
const BUILDINGS_PER_GRID_READ = 100_000;

export type PlaceAddressLookup = (location: LonLat, gridCode: string) => string;

export function createPlaceAddressLookup(
  registry: Pick<RegistryRows, 'findGrid' | 'listBuildingsInGrid'>,
): PlaceAddressLookup {
  const buildingsByGrid = new Map<string, AddressedBuilding[]>();
  const namesByGrid = new Map<string, string[]>();
  const buildingsOf = (gridCode: string): AddressedBuilding[] => {
    let buildings = buildingsByGrid.get(gridCode);
    if (buildings === undefined) {
      const page = { page: 1, pageSize: BUILDINGS_PER_GRID_READ };
      buildings = registry
        .listBuildingsInGrid(gridCode, [gridCode], page)
        .items.map((building) => ({ origin: building.origin, address: building.address }));
      buildingsByGrid.set(gridCode, buildings);
    }
    return buildings;
  };
  const namesOf = (gridCode: string): string[] => {
    let names = namesByGrid.get(gridCode);
    if (names === undefined) {
      // The district's own name is left out: every address served here is in it.
      names = ancestorGridCodes(gridCode)
        .slice(1)
        .map((code) => registry.findGrid(code)?.name ?? '');
      namesByGrid.set(gridCode, names);
    }
    return names;
  };
  return (location, gridCode) => describePlace(location, buildingsOf(gridCode), namesOf(gridCode));
}
