/** The resident page's map (decision 0032): public, geography only, nothing of any person. */
import { API_PREFIX, type BasemapCollection } from './api';

/** GET: the district's boundary and its offline base map, for picking a report's position. */
export const RESIDENT_MAP_API_PATH = `${API_PREFIX}/resident/map`;

export interface ResidentMap {
  districtName: string;
  districtNameEn: string;
  /** Reports are taken inside this boundary only. */
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  /** [west, south, east, north] of the boundary, degrees. */
  bbox: [number, number, number, number];
  center: { lon: number; lat: number };
  /** Roads, blocks, water and green: the same base map as the workers' phones. */
  basemap: BasemapCollection;
}
