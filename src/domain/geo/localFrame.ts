/**
 * Local east/north metres around an origin, for district-scale geometry (a few km), where an
 * equirectangular approximation on the WGS84 ellipsoid is accurate to centimetres.
 */
import type { LonLat } from '../registry';

const WGS84_SEMI_MAJOR_M = 6378137;
const WGS84_FLATTENING = 1 / 298.257223563;
const WGS84_E2 = WGS84_FLATTENING * (2 - WGS84_FLATTENING);
const DEG = Math.PI / 180;

/** Metres per degree of longitude and latitude at a latitude (ellipsoidal radii of curvature). */
export function metresPerDegree(latDeg: number): { eastM: number; northM: number } {
  const sinLat = Math.sin(latDeg * DEG);
  const denominator = 1 - WGS84_E2 * sinLat * sinLat;
  const primeVerticalM = WGS84_SEMI_MAJOR_M / Math.sqrt(denominator);
  const meridionalM = (WGS84_SEMI_MAJOR_M * (1 - WGS84_E2)) / Math.pow(denominator, 1.5);
  return {
    eastM: primeVerticalM * Math.cos(latDeg * DEG) * DEG,
    northM: meridionalM * DEG,
  };
}

export function toLonLat(origin: LonLat, eastM: number, northM: number): LonLat {
  const scale = metresPerDegree(origin.lat);
  return { lon: origin.lon + eastM / scale.eastM, lat: origin.lat + northM / scale.northM };
}

export function toLocalMetres(origin: LonLat, point: LonLat): { eastM: number; northM: number } {
  const scale = metresPerDegree(origin.lat);
  return {
    eastM: (point.lon - origin.lon) * scale.eastM,
    northM: (point.lat - origin.lat) * scale.northM,
  };
}

/** WGS84 geodetic (degrees, metres) to Earth-centred Earth-fixed metres. */
export function geodeticToEcef(
  lonDeg: number,
  latDeg: number,
  heightM: number,
): [number, number, number] {
  const sinLat = Math.sin(latDeg * DEG);
  const cosLat = Math.cos(latDeg * DEG);
  const primeVerticalM = WGS84_SEMI_MAJOR_M / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  return [
    (primeVerticalM + heightM) * cosLat * Math.cos(lonDeg * DEG),
    (primeVerticalM + heightM) * cosLat * Math.sin(lonDeg * DEG),
    (primeVerticalM * (1 - WGS84_E2) + heightM) * sinLat,
  ];
}

/**
 * Column-major 4x4 transform from a local east-north-up frame at (lon, lat, height) to ECEF,
 * as 3D Tiles `transform` expects.
 */
export function eastNorthUpToEcef(lonDeg: number, latDeg: number, heightM: number): number[] {
  const [x, y, z] = geodeticToEcef(lonDeg, latDeg, heightM);
  const sinLon = Math.sin(lonDeg * DEG);
  const cosLon = Math.cos(lonDeg * DEG);
  const sinLat = Math.sin(latDeg * DEG);
  const cosLat = Math.cos(latDeg * DEG);
  // prettier-ignore
  return [
    -sinLon, cosLon, 0, 0,
    -sinLat * cosLon, -sinLat * sinLon, cosLat, 0,
    cosLat * cosLon, cosLat * sinLon, sinLat, 0,
    x, y, z, 1,
  ];
}
