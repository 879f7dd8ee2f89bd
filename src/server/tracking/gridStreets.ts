/**
 * The base grids workers are bound to, by code, and the streets inside each (base map roads
 * clipped to the grid polygon) for patrol coverage. Grids and roads are fixed once the district
 * is generated, so both are read once and clipped once per grid.
 */
import { clipStreetsToArea } from '../../domain/tracking/clipStreetsToArea';
import type { LonLatLine } from '../../domain/tracking/patrolCoverage';
import type { GridRecord } from '../registry/registryRecords';
import type { RegistryRepository } from '../registry/registryRepository';

export class GridStreets {
  private gridsByCode: Map<string, GridRecord> | null = null;
  private roads: LonLatLine[] | null = null;
  private readonly streetsByCode = new Map<string, LonLatLine[]>();

  constructor(private readonly registry: Pick<RegistryRepository, 'listGrids' | 'listBasemap'>) {}

  gridOf(code: string): GridRecord | undefined {
    this.gridsByCode ??= new Map(this.registry.listGrids().map((grid) => [grid.code, grid]));
    return this.gridsByCode.get(code);
  }

  /** Street lines inside the grid (empty for an unknown grid or one without roads). */
  streetsOf(code: string): LonLatLine[] {
    let streets = this.streetsByCode.get(code);
    if (streets === undefined) {
      const grid = this.gridOf(code);
      streets = grid === undefined ? [] : clipStreetsToArea(this.allRoads(), grid.polygon);
      this.streetsByCode.set(code, streets);
    }
    return streets;
  }

  private allRoads(): LonLatLine[] {
    this.roads ??= this.registry
      .listBasemap()
      .flatMap((feature) =>
        feature.kind === 'road' && feature.geometry.type === 'LineString'
          ? [feature.geometry.coordinates]
          : [],
      );
    return this.roads;
  }
}
