/** Use cases of the grid tree: the tree itself (geometry, not personal), summaries, buildings. */
import { isGridCode, touchesScope } from '../../domain/gridCode';
import type { BuildingListItem, GridNode, GridSummary, Page } from '../../shared/api';
import { ForbiddenError, NotFoundError, type Caller } from './accessErrors';
import type { BuildingRecord, GridRecord } from '../../domain/registry';
import type { BasemapRecord, PageRequest } from './registryRecords';
import type { RegistryRepository, RegistryRows } from './registryRepository';

/** The codes among `codes` that are not grid codes of the register (in the order given). */
export async function findUnknownGridCodes(
  registry: Pick<RegistryRepository, 'findGrid'>,
  codes: readonly string[],
): Promise<string[]> {
  const known = await Promise.all(
    codes.map(async (code) => isGridCode(code) && (await registry.findGrid(code)) !== null),
  );
  return codes.filter((_, index) => !known[index]);
}

/**
 * Grids read ahead, answered at once, for the use cases that are still synchronous (the cockpit,
 * assessment, patrol coverage): read once per request or once at start by their routes.
 */
export function gridRowsOf(
  grids: readonly GridRecord[],
): Pick<RegistryRows, 'listGrids' | 'findGrid'> {
  const byCode = new Map(grids.map((grid) => [grid.code, grid]));
  return { listGrids: () => [...grids], findGrid: (code) => byCode.get(code) ?? null };
}

/**
 * Grids and base map read once on first use (not at start: a district may be loaded after the
 * routes are registered), then answered at once, for the synchronous use cases (patrol
 * coverage's streets). Read again on the first `load()` after `invalidate()` (the district
 * changed: an import or its rollback, here or on another node); until then the previous rows
 * answer. `generation`
 * counts the reads that replaced the rows, so what is derived from them (GridStreets) knows to
 * derive again. `load()` before each use.
 */
export class GridsAndBasemapOnce implements Pick<RegistryRows, 'listGrids' | 'listBasemap'> {
  private rows: { grids: GridRecord[]; basemap: BasemapRecord[] } | null = null;
  private loading: Promise<void> | null = null;
  private stale = false;
  generation = 0;

  constructor(private readonly registry: Pick<RegistryRepository, 'listGrids' | 'listBasemap'>) {}

  invalidate(): void {
    this.stale = true;
  }

  load(): Promise<void> {
    if (this.stale) {
      this.stale = false;
      // After any read under way: its rows may predate the change.
      const previous = this.loading ?? Promise.resolve();
      this.loading = previous.catch(() => {}).then(() => this.read());
    }
    this.loading ??= this.read();
    return this.loading;
  }

  private read(): Promise<void> {
    return Promise.all([this.registry.listGrids(), this.registry.listBasemap()]).then(
      ([grids, basemap]) => {
        this.rows = { grids, basemap };
        this.generation++;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
  }

  private loaded(): { grids: GridRecord[]; basemap: BasemapRecord[] } {
    if (this.rows === null) throw new Error('grids and base map read before load()');
    return this.rows;
  }

  listGrids(): GridRecord[] {
    return [...this.loaded().grids];
  }

  listBasemap(): BasemapRecord[] {
    return [...this.loaded().basemap];
  }
}

export function listGridNodes(registry: RegistryRepository): Promise<GridNode[]> {
  return registry.listGrids();
}

async function requireTouchedGrid(registry: RegistryRepository, caller: Caller, code: string) {
  const grid = await registry.findGrid(code);
  if (grid === null) throw new NotFoundError(`grid ${code}`);
  if (!touchesScope(code, caller.scopes)) throw new ForbiddenError();
  return grid;
}

/** Counts cover only the part of the grid inside the caller's scope. */
export async function getGridSummary(
  registry: RegistryRepository,
  caller: Caller,
  code: string,
): Promise<GridSummary> {
  const grid = await requireTouchedGrid(registry, caller, code);
  return { ...grid, ...(await registry.countInGrid(code, caller.scopes)) };
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
export async function listGridBuildings(
  registry: RegistryRepository,
  caller: Caller,
  code: string,
  page: PageRequest,
): Promise<Page<BuildingListItem>> {
  await requireTouchedGrid(registry, caller, code);
  const result = await registry.listBuildingsInGrid(code, caller.scopes, page);
  return { ...page, total: result.total, items: result.items.map(toBuildingListItem) };
}
