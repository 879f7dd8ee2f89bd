/**
 * The base grids workers are bound to, by code, and the streets inside each (base map roads
 * clipped to the grid polygon) for patrol coverage. Grids and roads are fixed once the district
 * is generated, so both are read once and clipped once per grid.
 */
import { clipLinesToArea, type LonLatLine } from '../../domain/geo/clipLinesToArea';
import { isPointInArea } from '../../domain/geo/polygonContainment';
import { COVERAGE_SAMPLE_STEP_M } from '../../domain/tracking/patrolCoverage';
import type { GridRecord } from '../../domain/registry';
import type { RegistryRows } from '../registry/registryRepository';

export class GridStreets {
  private gridsByCode: Map<string, GridRecord> | null = null;
  private roads: LonLatLine[] | null = null;
  private readonly streetsByCode = new Map<string, LonLatLine[]>();

  constructor(private readonly registry: Pick<RegistryRows, 'listGrids' | 'listBasemap'>) {}

  gridOf(code: string): GridRecord | undefined {
    this.gridsByCode ??= new Map(this.registry.listGrids().map((grid) => [grid.code, grid]));
    return this.gridsByCode.get(code);
  }

  /** Street lines inside the grid (empty for an unknown grid or one without roads). */
  streetsOf(code: string): LonLatLine[] {
    let streets = this.streetsByCode.get(code);
    if (streets === undefined) {
      const grid = this.gridOf(code);
      // Strictly inside: coverage is a share of the grid's own street length.
      streets =
        grid === undefined
          ? []
          : clipLinesToArea(
              this.allRoads(),
              (point) => isPointInArea(point, grid.polygon),
              COVERAGE_SAMPLE_STEP_M,
            );
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
