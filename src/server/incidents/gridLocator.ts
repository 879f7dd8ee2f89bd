/**
 * Which base grid a point lies in (point-in-polygon over the level-4 grids), for reports from the
 * map, devices and Open311. The polygons are loaded on first use and pre-filtered by bounding
 * box; a server reads them again after the grids changed (`invalidate`, on an import's commit or
 * rollback, here or relayed from another node).
 */
import type { GridRecord, LonLat } from '../../domain/registry';
import { isPointInArea, polygonsOf, type AreaGeometry } from '../../domain/geo/polygonContainment';

const BASE_GRID_LEVEL = 4;

interface IndexedGrid {
  code: string;
  area: AreaGeometry;
  west: number;
  south: number;
  east: number;
  north: number;
}

function indexGrid(grid: GridRecord): IndexedGrid {
  const area = grid.polygon as AreaGeometry;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const polygon of polygonsOf(area)) {
    for (const [lon = Number.NaN, lat = Number.NaN] of polygon[0] ?? []) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return { code: grid.code, area, west, south, east, north };
}

/**
 * Which base grid holds a point: GridLocator here, or the database's own spatial index
 * (store/pg/postgresPointInGrid.ts, the same answers).
 */
export interface PointInGrid {
  locate(point: LonLat): string | null | Promise<string | null>;
}

export class GridLocator implements PointInGrid {
  private grids: IndexedGrid[] | null = null;

  constructor(private readonly listGrids: () => GridRecord[]) {}

  /** The base grid containing the point, or null outside the district. */
  locate(point: LonLat): string | null {
    this.grids ??= this.listGrids()
      .filter((grid) => grid.level === BASE_GRID_LEVEL)
      .map(indexGrid);
    for (const grid of this.grids) {
      if (point.lon < grid.west || point.lon > grid.east) continue;
      if (point.lat < grid.south || point.lat > grid.north) continue;
      if (isPointInArea(point, grid.area)) return grid.code;
    }
    return null;
  }

  /** The grids changed: the next `locate` reads them again. */
  invalidate(): void {
    this.grids = null;
  }
}
