/**
 * What the camera should frame for each drill-down level, as plain data (a centre and a
 * bounding radius in metres). Pure, so the framing is tested in Node; GlobeHandle turns a
 * target into a Cesium bounding sphere.
 */
import type { BuildingDetail, UnitSummary } from '../../shared/api';
import { unitFootprints, wingOutlines } from '../../domain/buildingLayout';
import { metresPerDegree, toLonLat } from '../../domain/geo/localFrame';

export interface CameraTarget {
  lon: number;
  lat: number;
  heightM: number;
  radiusM: number;
}

type Bbox = readonly [west: number, south: number, east: number, north: number];

export function bboxTarget([west, south, east, north]: Bbox): CameraTarget {
  const lat = (south + north) / 2;
  const scale = metresPerDegree(lat);
  const halfWidthM = ((east - west) * scale.eastM) / 2;
  const halfHeightM = ((north - south) * scale.northM) / 2;
  return { lon: (west + east) / 2, lat, heightM: 0, radiusM: Math.hypot(halfWidthM, halfHeightM) };
}

export function polygonTarget(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): CameraTarget {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const ring of rings) {
    for (const [lon = 0, lat = 0] of ring) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return bboxTarget([west, south, east, north]);
}

function buildingHeightM(building: BuildingDetail): number {
  return building.floors * building.floorHeightM;
}

/** Farthest corner of the building's wings from its origin, metres. */
function footprintRadiusM(building: BuildingDetail): number {
  let radiusM = 0;
  for (const outline of wingOutlines(building.wings)) {
    for (const [eastM, northM] of outline) radiusM = Math.max(radiusM, Math.hypot(eastM, northM));
  }
  return radiusM;
}

export function buildingTarget(building: BuildingDetail): CameraTarget {
  const halfHeightM = buildingHeightM(building) / 2;
  return {
    ...building.origin,
    heightM: halfHeightM,
    radiusM: Math.hypot(footprintRadiusM(building), halfHeightM),
  };
}

/** The unit's own footprint centre at mid-floor, framed with the whole building's size. */
export function unitTarget(building: BuildingDetail, unit: UnitSummary): CameraTarget {
  const footprint = unitFootprints(building.wings)[unit.unitNo - 1];
  const target = buildingTarget(building);
  if (!footprint) return target;
  const eastM = footprint.reduce((sum, [east]) => sum + east, 0) / footprint.length;
  const northM = footprint.reduce((sum, [, north]) => sum + north, 0) / footprint.length;
  return {
    ...toLonLat(building.origin, eastM, northM),
    heightM: (unit.floor - 0.5) * building.floorHeightM,
    radiusM: target.radiusM,
  };
}
