/**
 * The base grids workers are bound to, by code, and the streets inside each (base map roads
 * clipped to the grid polygon) for patrol coverage. Both are read once and clipped once per grid,
 * and again when the rows they come from change (`generation`, GridsAndBasemapOnce: a grids or
 * base map import).
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
  private derivedFrom: number | undefined;

  constructor(
    private readonly registry: Pick<RegistryRows, 'listGrids' | 'listBasemap'> & {
      readonly generation?: number;
    },
  ) {}

  /** Drops what was derived from rows the registry has replaced since. */
  private fresh(): void {
    if (this.registry.generation === this.derivedFrom) return;
    this.derivedFrom = this.registry.generation;
    this.gridsByCode = null;
    this.roads = null;
    this.streetsByCode.clear();
  }

  gridOf(code: string): GridRecord | undefined {
    this.fresh();
    this.gridsByCode ??= new Map(this.registry.listGrids().map((grid) => [grid.code, grid]));
    return this.gridsByCode.get(code);
  }

  /** Street lines inside the grid (empty for an unknown grid or one without roads). */
  streetsOf(code: string): LonLatLine[] {
    this.fresh();
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
