import { describe, expect, it } from 'vitest';
import { toLocalMetres, toLonLat } from '../../src/domain/geo/localFrame';
import type { LonLat } from '../../src/domain/registry';
import { centreOf } from './leafTile';
import { leavesOf, partitionBuildings, type TileNode } from './partitionBuildings';
import type { BuildingOutline } from './readBuildings';
import { DEFAULT_MAX_BUILDINGS_PER_TILE } from './buildTileset';
import {
  leafTileJson,
  parentTileJson,
  regionAroundEnuBox,
  tilesetJsonOf,
  LEAF_LOAD_DISTANCE_M,
  type TileJson,
  type TilesetJson,
} from './tilesetJson';

/** Cesium's defaults: a 1080 px tall canvas, 60° vertical field of view, 16 px error budget. */
const SCREEN_HEIGHT_PX = 1080;
const FIELD_OF_VIEW_RAD = Math.PI / 3;
const MAX_SCREEN_SPACE_ERROR_PX = 16;
const CENTRE: LonLat = { lon: 116.4, lat: 39.9 };
const BUILDING_HALF_SIZE_M = 25;
const BUILDING_HEIGHT_M = 60;
const RAD_TO_DEG = 180 / Math.PI;

interface Camera {
  eastM: number;
  northM: number;
  upM: number;
}

function randomBuildings(count: number, widthM: number, depthM: number): BuildingOutline[] {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, (_, index) => {
    const origin = toLonLat(CENTRE, (random() - 0.5) * widthM, (random() - 0.5) * depthM);
    return {
      id: index + 1,
      originLon: origin.lon,
      originLat: origin.lat,
      floors: 20,
      floorHeightM: 3,
      wings: [],
      unitCount: 1,
    };
  });
}

/** The tree the builder would write, with leaf regions from origins instead of real geometry. */
function tilesetOf(node: TileNode): TileJson {
  if (node.kind === 'internal') return parentTileJson(node.children.map(tilesetOf));
  const origin = centreOf(node.buildings);
  const local = node.buildings.map((building) =>
    toLocalMetres(origin, { lon: building.originLon, lat: building.originLat }),
  );
  const min = [
    Math.min(...local.map((point) => point.eastM)) - BUILDING_HALF_SIZE_M,
    Math.min(...local.map((point) => point.northM)) - BUILDING_HALF_SIZE_M,
    0,
  ] as const;
  const max = [
    Math.max(...local.map((point) => point.eastM)) + BUILDING_HALF_SIZE_M,
    Math.max(...local.map((point) => point.northM)) + BUILDING_HALF_SIZE_M,
    BUILDING_HEIGHT_M,
  ] as const;
  return leafTileJson(regionAroundEnuBox(origin, min, max), origin, 'tile.glb');
}

function distanceToRegionM(tile: TileJson, camera: Camera): number {
  const [west, south, east, north, , maxHeightM] = tile.boundingVolume.region;
  const southWest = toLocalMetres(CENTRE, { lon: west * RAD_TO_DEG, lat: south * RAD_TO_DEG });
  const northEast = toLocalMetres(CENTRE, { lon: east * RAD_TO_DEG, lat: north * RAD_TO_DEG });
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
  const eastM = camera.eastM - clamp(camera.eastM, southWest.eastM, northEast.eastM);
  const northM = camera.northM - clamp(camera.northM, southWest.northM, northEast.northM);
  return Math.max(Math.hypot(eastM, northM, Math.max(0, camera.upM - maxHeightM)), 1);
}

function screenSpaceErrorPx(geometricErrorM: number, distanceM: number): number {
  return (geometricErrorM * SCREEN_HEIGHT_PX) / (distanceM * 2 * Math.tan(FIELD_OF_VIEW_RAD / 2));
}

/**
 * Distances to the leaves Cesium would load for this camera (frustum culling left out, so this
 * over-counts): children load once their parent's error shows on screen.
 */
function loadedLeafDistancesM(tileset: TilesetJson, camera: Camera): number[] {
  const visit = (tile: TileJson, parentErrorM: number): number[] => {
    const distanceM = distanceToRegionM(tile, camera);
    if (screenSpaceErrorPx(parentErrorM, distanceM) <= MAX_SCREEN_SPACE_ERROR_PX) return [];
    if (tile.content) return [distanceM];
    return (tile.children ?? []).flatMap((child) => visit(child, tile.geometricError));
  };
  return visit(tileset.root, tileset.geometricError);
}

describe('geometric errors', () => {
  const district = partitionBuildings(randomBuildings(1500, 3000, 4000), {
    maxBuildingsPerTile: DEFAULT_MAX_BUILDINGS_PER_TILE,
    maxUnitsPerTile: 65535,
  });
  const districtTileset = tilesetJsonOf(tilesetOf(district), 'test');
  const city = partitionBuildings(randomBuildings(100_000, 30_000, 30_000), {
    maxBuildingsPerTile: DEFAULT_MAX_BUILDINGS_PER_TILE,
    maxUnitsPerTile: 65535,
  });
  const cityTileset = tilesetJsonOf(tilesetOf(city), 'test');

  it('keeps leaves to the building limit', () => {
    for (const leaf of leavesOf(city))
      expect(leaf.buildings.length).toBeLessThanOrEqual(DEFAULT_MAX_BUILDINGS_PER_TILE);
    expect(leavesOf(city).reduce((sum, leaf) => sum + leaf.buildings.length, 0)).toBe(100_000);
  });

  it('loads the whole demo district when the camera frames it, straight down or oblique', () => {
    const leafCount = leavesOf(district).length;
    expect(loadedLeafDistancesM(districtTileset, { eastM: 0, northM: 0, upM: 5000 })).toHaveLength(
      leafCount,
    );
    expect(
      loadedLeafDistancesM(districtTileset, { eastM: 0, northM: -6000, upM: 4000 }),
    ).toHaveLength(leafCount);
  });

  it('streams a city: close up only nearby leaves, from far away none', () => {
    const leafCount = leavesOf(city).length;
    const closeUp = loadedLeafDistancesM(cityTileset, { eastM: 0, northM: 0, upM: 1000 });
    expect(closeUp.length).toBeGreaterThan(0);
    expect(closeUp.length).toBeLessThan(leafCount);
    // The load radius is fixed, not a share of the city: a bigger city loads no more.
    expect(Math.max(...closeUp)).toBeLessThan(LEAF_LOAD_DISTANCE_M);
    const outskirts = loadedLeafDistancesM(cityTileset, { eastM: 20_000, northM: 0, upM: 1000 });
    expect(outskirts.length).toBeLessThan(leafCount / 4);
    expect(loadedLeafDistancesM(cityTileset, { eastM: 0, northM: 0, upM: 50_000 })).toEqual([]);
  });
});
