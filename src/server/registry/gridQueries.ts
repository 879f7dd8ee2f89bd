/** Use cases of the grid tree: the tree itself (geometry, not personal), summaries, buildings. */
import { touchesScope } from '../../domain/gridCode';
import type { BuildingListItem, GridNode, GridSummary, Page } from '../../shared/api';
import { ForbiddenError, NotFoundError, type Caller } from './accessErrors';
import type { BuildingRecord } from '../../domain/registry';
import type { PageRequest } from './registryRecords';
import type { RegistryRepository } from './registryRepository';

export function listGridNodes(registry: RegistryRepository): GridNode[] {
  return registry.listGrids();
}

function requireTouchedGrid(registry: RegistryRepository, caller: Caller, code: string) {
  const grid = registry.findGrid(code);
  if (grid === null) throw new NotFoundError(`grid ${code}`);
  if (!touchesScope(code, caller.scopes)) throw new ForbiddenError();
  return grid;
}

/** Counts cover only the part of the grid inside the caller's scope. */
export function getGridSummary(
  registry: RegistryRepository,
  caller: Caller,
  code: string,
): GridSummary {
  const grid = requireTouchedGrid(registry, caller, code);
  return { ...grid, ...registry.countInGrid(code, caller.scopes) };
}

export function toBuildingListItem(building: BuildingRecord): BuildingListItem {
  return {
    id: building.id,
    gridCode: building.gridCode,
    name: building.name,
    nameEn: building.nameEn,
    address: building.address,
    kind: building.kind,
    floors: building.floors,
    unitsPerFloor: building.unitsPerFloor,
    center: building.origin,
  };
}

/** Buildings under `code`; for an ancestor of the caller's scope, only those inside it. */
export function listGridBuildings(
  registry: RegistryRepository,
  caller: Caller,
  code: string,
  page: PageRequest,
): Page<BuildingListItem> {
  requireTouchedGrid(registry, caller, code);
  const result = registry.listBuildingsInGrid(code, caller.scopes, page);
  return { ...page, total: result.total, items: result.items.map(toBuildingListItem) };
}
