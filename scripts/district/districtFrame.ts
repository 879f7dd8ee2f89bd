/**
 * Where the demo district sits and how its planar "lattice" metres map to WGS84. All district
 * geometry is built in a frame rotated with the road lattice (u along the east-west-ish roads,
 * v along the north-south-ish ones), so cells and blocks are plain rectangles there.
 */
import type { LonLat } from '../../src/domain/registry';
import { toLonLat } from '../../src/domain/geo/localFrame';
import type { PlanarPoint } from '../../src/domain/geo/planarGeometry';

/** Gulou District, Fuzhou: the real place; all content in it is invented demo data. */
export const DISTRICT_CODE = '350102';
export const DISTRICT_NAME = '鼓楼区';
export const DISTRICT_NAME_EN = 'Gulou District';
export const DISTRICT_ORIGIN: LonLat = { lon: 119.29, lat: 26.08 };

/** 1e-8 degrees is about a millimetre: enough for footprints, and keeps the JSON short. */
const DEGREE_DECIMALS_SCALE = 1e8;

export function roundDegrees(value: number): number {
  return Math.round(value * DEGREE_DECIMALS_SCALE) / DEGREE_DECIMALS_SCALE;
}

export interface LatticeFrame {
  rotationDeg: number;
  /** Lattice metres (u, v) to east/north metres around DISTRICT_ORIGIN. */
  toEastNorth(point: PlanarPoint): PlanarPoint;
  /** Lattice metres to rounded [lon, lat], as GeoJSON stores positions. */
  toPosition(point: PlanarPoint): [number, number];
}

export function createLatticeFrame(rotationDeg: number): LatticeFrame {
  const angleRad = (rotationDeg * Math.PI) / 180;
  const cos = Math.cos(angleRad);
  const sin = Math.sin(angleRad);
  const toEastNorth = (point: PlanarPoint): PlanarPoint => [
    point[0] * cos - point[1] * sin,
    point[0] * sin + point[1] * cos,
  ];
  return {
    rotationDeg,
    toEastNorth,
    toPosition(point) {
      const [eastM, northM] = toEastNorth(point);
      const lonLat = toLonLat(DISTRICT_ORIGIN, eastM, northM);
      return [roundDegrees(lonLat.lon), roundDegrees(lonLat.lat)];
    },
  };
}
