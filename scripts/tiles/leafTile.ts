/**
 * One leaf tile: its buildings' faces in an east-north-up frame at the leaf's centre, encoded as
 * a .glb with one feature per unit, and the region that bounds it.
 */
import type { LonLat } from '../../src/domain/registry';
import { appendBuildingFaces } from './buildingFaces';
import { originBoundsOf, type OriginPoint } from './originBounds';
import type { BuildingSource } from './readBuildings';
import { encodeTileGlb, type FeatureKeys, type TileGlbOptions } from './tileGlb';
import { TileMesh } from './tileMesh';
import { regionAroundEnuBox, type Region } from './tilesetJson';

export interface LeafTile {
  glb: Uint8Array;
  region: Region;
  origin: LonLat;
  featureCount: number;
}

/** Middle of the buildings' origins; the frame is a tangent plane, so keep it central. */
export function centreOf(buildings: readonly OriginPoint[]): LonLat {
  const { minLon, maxLon, minLat, maxLat } = originBoundsOf(buildings);
  return { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
}

function featureKeysOf(buildings: readonly BuildingSource[]): FeatureKeys {
  const featureCount = buildings.reduce((sum, building) => sum + building.units.length, 0);
  const keys: FeatureKeys = {
    unitIds: new Uint32Array(featureCount),
    buildingIds: new Uint32Array(featureCount),
    floors: new Uint8Array(featureCount),
  };
  let featureId = 0;
  for (const building of buildings) {
    for (const unit of building.units) {
      keys.unitIds[featureId] = unit.id;
      keys.buildingIds[featureId] = building.id;
      keys.floors[featureId] = unit.floor;
      featureId++;
    }
  }
  return keys;
}

export async function buildLeafTile(
  buildings: readonly BuildingSource[],
  options: TileGlbOptions,
): Promise<LeafTile> {
  const origin = centreOf(buildings);
  const mesh = new TileMesh();
  let firstFeatureId = 0;
  for (const building of buildings) {
    appendBuildingFaces(mesh, building, origin, firstFeatureId);
    firstFeatureId += building.units.length;
  }
  const keys = featureKeysOf(buildings);
  const glb = await encodeTileGlb(mesh, keys, options);
  const { min, max } = mesh.bounds();
  return {
    glb,
    region: regionAroundEnuBox(origin, min, max),
    origin,
    featureCount: keys.unitIds.length,
  };
}
