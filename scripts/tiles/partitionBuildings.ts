/**
 * Groups buildings spatially for tiling: a k-d split on building origins, always along the
 * longer side at the median, until a leaf holds few enough buildings (and few enough units for
 * 16-bit feature IDs). Median splits keep leaves balanced however unevenly a city is built.
 */
import { metresPerDegree } from '../../src/domain/geo/localFrame';
import { originBoundsOf, type OriginPoint } from './originBounds';

export interface PartitionLimits {
  maxBuildingsPerTile: number;
  maxUnitsPerTile: number;
}

/** What the split needs of a building: where it stands and how many units it has. */
export interface PartitionedBuilding extends OriginPoint {
  id: number;
  unitCount: number;
}

export type TileNode<B extends PartitionedBuilding = PartitionedBuilding> =
  | { kind: 'leaf'; path: string; buildings: B[] }
  | { kind: 'internal'; path: string; children: TileNode<B>[] };

function unitCountOf(buildings: readonly PartitionedBuilding[]): number {
  return buildings.reduce((sum, building) => sum + building.unitCount, 0);
}

function splitAxis(buildings: readonly OriginPoint[]): 'lon' | 'lat' {
  const { minLon, maxLon, minLat, maxLat } = originBoundsOf(buildings);
  const scale = metresPerDegree((minLat + maxLat) / 2);
  return (maxLon - minLon) * scale.eastM >= (maxLat - minLat) * scale.northM ? 'lon' : 'lat';
}

function partitionNode<B extends PartitionedBuilding>(
  buildings: B[],
  limits: PartitionLimits,
  path: string,
): TileNode<B> {
  const fits =
    buildings.length <= limits.maxBuildingsPerTile &&
    unitCountOf(buildings) <= limits.maxUnitsPerTile;
  if (fits || buildings.length === 1) return { kind: 'leaf', path, buildings };
  const axis = splitAxis(buildings);
  const key =
    axis === 'lon' ? (building: B) => building.originLon : (building: B) => building.originLat;
  // Ties broken by id so that the same data always gives the same tiles.
  const sorted = [...buildings].sort((left, right) => key(left) - key(right) || left.id - right.id);
  const half = Math.ceil(sorted.length / 2);
  return {
    kind: 'internal',
    path,
    children: [
      partitionNode(sorted.slice(0, half), limits, `${path}0`),
      partitionNode(sorted.slice(half), limits, `${path}1`),
    ],
  };
}

/** A tree whose leaves hold the buildings; leaf paths ("0110") name the tile files. */
export function partitionBuildings<B extends PartitionedBuilding>(
  buildings: B[],
  limits: PartitionLimits,
): TileNode<B> {
  if (buildings.length === 0) return { kind: 'leaf', path: '', buildings: [] };
  return partitionNode(buildings, limits, '');
}

export function leavesOf<B extends PartitionedBuilding>(
  node: TileNode<B>,
): Array<Extract<TileNode<B>, { kind: 'leaf' }>> {
  return node.kind === 'leaf' ? [node] : node.children.flatMap(leavesOf);
}
