/**
 * Turns a step's target selector into a selection of this district: the demo's ids are
 * generated, so a tour names "the first street" or "the tallest building" and this finds them
 * in the grid tree, the building list and the incidents the wall already has. Only aggregate
 * reads (grid tree, building list, building detail): never a person.
 */
import { gridCodeLength, gridLevelOf, isWithinGrid, parentGridCode } from '../../domain/gridCode';
import type { ApiClient } from '../feeds/apiClient';
import type { BuildingDetail, GridNode } from '../../shared/api';
import { MAX_PAGE_SIZE } from '../../shared/api';
import type { Selection, SelectionFlight } from '../shell/appStore';
import type { WallIncident } from '../incidents/incidentStore';
import type { TourTarget } from './tourSchema';

/** What a target resolved to: the selection, how the camera frames it, the incident replayed. */
export interface ResolvedTarget {
  selection: Partial<Selection>;
  fly: SelectionFlight;
  incidentId: string | null;
  /** Loaded here so the camera can frame it before any panel asks. */
  building: BuildingDetail | null;
}

/** A selector that finds nothing in this district: the step says so instead of guessing. */
export class TourTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TourTargetError';
  }
}

export interface TargetContext {
  api: Pick<ApiClient, 'gridBuildings' | 'building'>;
  grids: Readonly<Record<string, GridNode>>;
  districtCode: string;
  /** The grid selected when the step starts (null: the district). */
  currentGridCode: string | null;
  incidents: Readonly<Record<string, WallIncident>>;
  signal?: AbortSignal;
}

const CLOSED_STATES = new Set(['closed', 'evaluated', 'archived']);

/**
 * The grid under which "the nth grid of level L" is counted: the selection's ancestor one level
 * up when the selection is that deep, else the selection itself (so stepping back from a
 * building to "the first street" finds the same street).
 */
function parentFor(level: number, context: TargetContext): string {
  const current = context.currentGridCode ?? context.districtCode;
  const currentLevel = gridLevelOf(current) ?? 1;
  if (currentLevel >= level - 1) return current.slice(0, gridCodeLength((level - 1) as 1 | 2 | 3));
  return current;
}

function nthGrid(level: 2 | 3 | 4, nth: number, context: TargetContext): string {
  const parent = parentFor(level, context);
  const codes = Object.values(context.grids)
    .filter((grid) => grid.level === level && isWithinGrid(grid.code, parent))
    .map((grid) => grid.code)
    .sort();
  const code = codes[nth - 1];
  if (code === undefined) {
    throw new TourTargetError(
      `no grid number ${nth} of level ${level} under ${parent} (${codes.length} there)`,
    );
  }
  return code;
}

async function buildingTarget(id: number, context: TargetContext): Promise<ResolvedTarget> {
  const building = await context.api.building(id, context.signal);
  return {
    selection: { gridCode: building.gridCode, buildingId: building.id },
    fly: 'building',
    incidentId: null,
    building,
  };
}

/**
 * The tallest building under the selected grid; a grid without buildings (a park, a small
 * generated district) widens the search to its parent, and so on up to the district.
 */
async function tallestBuildingId(context: TargetContext): Promise<number> {
  const start = context.currentGridCode ?? context.districtCode;
  for (
    let gridCode: string | null = start;
    gridCode !== null;
    gridCode = parentGridCode(gridCode)
  ) {
    const page = await context.api.gridBuildings(
      gridCode,
      { pageSize: MAX_PAGE_SIZE },
      context.signal,
    );
    const tallest = page.items.reduce<(typeof page.items)[number] | null>(
      (best, building) =>
        best === null ||
        building.floors > best.floors ||
        (building.floors === best.floors && building.id < best.id)
          ? building
          : best,
      null,
    );
    if (tallest !== null) return tallest.id;
  }
  throw new TourTargetError(`no building under grid ${start} or any grid above it`);
}

function latestClosedIncident(context: TargetContext): ResolvedTarget {
  let latest: WallIncident | null = null;
  for (const incident of Object.values(context.incidents)) {
    if (!CLOSED_STATES.has(incident.state)) continue;
    if (latest === null || incident.reportedAtMs > latest.reportedAtMs) latest = incident;
  }
  if (latest === null) throw new TourTargetError('no closed incident in view yet');
  return {
    selection: { gridCode: latest.gridCode },
    fly: 'grid',
    incidentId: latest.id,
    building: null,
  };
}

export async function resolveTourTarget(
  target: TourTarget,
  context: TargetContext,
): Promise<ResolvedTarget> {
  switch (target.kind) {
    case 'district':
      return { selection: {}, fly: 'district', incidentId: null, building: null };
    case 'grid': {
      const code =
        'code' in target ? target.code : nthGrid(target.level as 2 | 3 | 4, target.nth, context);
      if (context.grids[code] === undefined) {
        throw new TourTargetError(`grid ${code} is not in this district or not in your scope`);
      }
      return { selection: { gridCode: code }, fly: 'grid', incidentId: null, building: null };
    }
    case 'building':
      return buildingTarget('id' in target ? target.id : await tallestBuildingId(context), context);
    case 'incident':
      return latestClosedIncident(context);
  }
}
