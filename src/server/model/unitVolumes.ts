/**
 * What the model routes need from storage (DESIGN.md §2): what unit volumes are made of
 * (placement, floor height, base height, wings, unit keys and own footprints) for the buildings
 * in a box or a grid subtree, inside the caller's scopes. Keys and geometry only: nothing about
 * people. The adapters are store/sqliteUnitVolumes.ts and store/pg/postgresUnitVolumes.ts,
 * checked by one contract suite (unitVolumes.contract.test.ts).
 */
import type { VolumeBuilding } from '../../domain/geo/unitVolumes';

export interface VolumeArea {
  /** [west, south, east, north] degrees; building origins inside it (edges included). */
  bbox: readonly [number, number, number, number] | null;
  gridCode: string | null;
}

export interface UnitVolumes {
  /**
   * Buildings with their units (by floor, then unit number), in id order, at most `limit`
   * buildings; `truncated` when there were more. One snapshot: the units are those of the
   * buildings as read.
   */
  listVolumeBuildings(
    area: VolumeArea,
    scopes: readonly string[],
    limit: number,
  ): Promise<{ buildings: VolumeBuilding[]; truncated: boolean }>;
}
