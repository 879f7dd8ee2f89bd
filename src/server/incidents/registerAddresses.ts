/**
 * Addresses of points from the register (domain/incidents/placeAddress.ts decides which): one
 * lookup reads each base grid's buildings once, so a list of a thousand requests costs one read
 * per grid, not one per request. A lookup is meant for one answer: the register may be
 * re-imported between two.
 */
import { ancestorGridCodes } from '../../domain/gridCode';
import { describePlace, type AddressedBuilding } from '../../domain/incidents/placeAddress';
import type { LonLat } from '../../domain/registry';
import type { RegistryRepository } from '../registry/registryRepository';

/** More buildings than any base grid holds: the lookup reads a grid in one page. */
const BUILDINGS_PER_GRID_READ = 100_000;

export type PlaceAddressLookup = (location: LonLat, gridCode: string) => Promise<string>;

export function createPlaceAddressLookup(
  registry: Pick<RegistryRepository, 'findGrid' | 'listBuildingsInGrid'>,
): PlaceAddressLookup {
  // Promises, kept: requests of one grid answered at once share the one read.
  const buildingsByGrid = new Map<string, Promise<AddressedBuilding[]>>();
  const namesByGrid = new Map<string, Promise<string[]>>();
  const buildingsOf = (gridCode: string): Promise<AddressedBuilding[]> => {
    let buildings = buildingsByGrid.get(gridCode);
    if (buildings === undefined) {
      const page = { page: 1, pageSize: BUILDINGS_PER_GRID_READ };
      buildings = registry
        .listBuildingsInGrid(gridCode, [gridCode], page)
        .then((found) =>
          found.items.map((building) => ({ origin: building.origin, address: building.address })),
        );
      buildingsByGrid.set(gridCode, buildings);
    }
    return buildings;
  };
  const namesOf = (gridCode: string): Promise<string[]> => {
    let names = namesByGrid.get(gridCode);
    if (names === undefined) {
      // The district's own name is left out: every address served here is in it.
      names = Promise.all(
        ancestorGridCodes(gridCode)
          .slice(1)
          .map(async (code) => (await registry.findGrid(code))?.name ?? ''),
      );
      namesByGrid.set(gridCode, names);
    }
    return names;
  };
  return async (location, gridCode) =>
    describePlace(location, await buildingsOf(gridCode), await namesOf(gridCode));
}
