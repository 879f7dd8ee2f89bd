/**
 * The tileset.json side of the build: bounding regions, geometric errors and the tile tree.
 * Bounding volumes are `region`s (radians, metres), which need no transform and nest simply;
 * each leaf's content has its own east-north-up `transform`, so that tangent-plane geometry
 * never strays far from the ellipsoid even in a city-sized set.
 */
import { eastNorthUpToEcef, toLonLat } from '../../src/domain/geo/localFrame';
import type { LonLat } from '../../src/domain/registry';
import type { EnuPoint } from './tileMesh';

/** [west, south, east, north, minimumHeightM, maximumHeightM], angles in radians. */
export type Region = [number, number, number, number, number, number];

export interface TileJson {
  boundingVolume: { region: Region };
  geometricError: number;
  refine?: 'ADD' | 'REPLACE';
  transform?: number[];
  content?: { uri: string };
  children?: TileJson[];
}

export interface TilesetJson {
  asset: { version: '1.1'; generator: string };
  geometricError: number;
  root: TileJson;
}

const EARTH_RADIUS_M = 6371000;
/** Slack around content for rounding and quantisation (int16 steps are centimetres). */
const REGION_MARGIN_M = 1;
/**
 * Cesium loads a tile's children once geometricError × viewport height / (distance ×
 * 2 tan(fov / 2)) exceeds its maximum screen-space error. Internal tiles have no content and
 * refine by adding, so one error for every internal tile gives every leaf the same load radius:
 * near the camera a city streams in, farther out nothing is fetched, whatever the city's size.
 * The radius is sized so that any overview of the demo district (3 × 4 km) loads all of it.
 */
const CESIUM_MAX_SCREEN_SPACE_ERROR_PX = 16;
const REFERENCE_VIEWPORT_HEIGHT_PX = 1080;
const REFERENCE_FIELD_OF_VIEW_RAD = Math.PI / 3;
/** On the reference viewport; a 4K wall screen loads from twice as far. */
export const LEAF_LOAD_DISTANCE_M = 12_000;
const PARENT_GEOMETRIC_ERROR_M =
  (LEAF_LOAD_DISTANCE_M *
    2 *
    Math.tan(REFERENCE_FIELD_OF_VIEW_RAD / 2) *
    CESIUM_MAX_SCREEN_SPACE_ERROR_PX) /
  REFERENCE_VIEWPORT_HEIGHT_PX;
/** The tileset as a whole is worth traversing from a little farther away than its root opens. */
const TILESET_ERROR_FACTOR = 2;
const DEG_TO_RAD = Math.PI / 180;

/** Region holding everything between `min` and `max` in the ENU frame at `origin`. */
export function regionAroundEnuBox(origin: LonLat, min: EnuPoint, max: EnuPoint): Region {
  const halfDiagonalM =
    Math.hypot(max[0] - min[0], max[1] - min[1]) / 2 +
    Math.hypot(min[0] + max[0], min[1] + max[1]) / 2;
  // Off the tangent point the ellipsoid falls away by about r²/2R; lon/lat drift by less than r²/R.
  const curvatureM = (halfDiagonalM * halfDiagonalM) / EARTH_RADIUS_M;
  const marginM = REGION_MARGIN_M + curvatureM;
  const southWest = toLonLat(origin, min[0] - marginM, min[1] - marginM);
  const northEast = toLonLat(origin, max[0] + marginM, max[1] + marginM);
  return [
    southWest.lon * DEG_TO_RAD,
    southWest.lat * DEG_TO_RAD,
    northEast.lon * DEG_TO_RAD,
    northEast.lat * DEG_TO_RAD,
    min[2] - REGION_MARGIN_M,
    max[2] + marginM,
  ];
}

export function unionOfRegions(regions: readonly Region[]): Region {
  const union: Region = [Infinity, Infinity, -Infinity, -Infinity, Infinity, -Infinity];
  for (const region of regions) {
    for (const index of [0, 1, 4]) union[index] = Math.min(union[index]!, region[index]!);
    for (const index of [2, 3, 5]) union[index] = Math.max(union[index]!, region[index]!);
  }
  return union;
}

export function leafTileJson(region: Region, origin: LonLat, uri: string): TileJson {
  return {
    boundingVolume: { region },
    // Leaves carry every unit at full detail: nothing left to refine.
    geometricError: 0,
    transform: eastNorthUpToEcef(origin.lon, origin.lat, 0),
    content: { uri },
  };
}

export function parentTileJson(children: TileJson[]): TileJson {
  const region = unionOfRegions(children.map((child) => child.boundingVolume.region));
  const geometricError = Math.max(
    PARENT_GEOMETRIC_ERROR_M,
    ...children.map((child) => child.geometricError),
  );
  return { boundingVolume: { region }, geometricError, children };
}

export function tilesetJsonOf(root: TileJson, generator: string): TilesetJson {
  // Buildings add to what is shown; no tile stands in for its children.
  const rootWithRefine: TileJson = { ...root, refine: 'ADD' };
  return {
    asset: { version: '1.1', generator },
    geometricError: Math.max(root.geometricError, PARENT_GEOMETRIC_ERROR_M) * TILESET_ERROR_FACTOR,
    root: rootWithRefine,
  };
}
