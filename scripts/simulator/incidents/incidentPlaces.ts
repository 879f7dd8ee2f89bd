/**
 * Believable incident sites derived from the demo district (demo data): commercial buildings are
 * markets and shops, old courtyard and slab estates have livelihood and safety problems, a few
 * blocks are construction sites, roads have broken pavement and parked cars, parks and water get
 * litter. The district has no schools, so a few residential buildings are named as schools here,
 * deterministically and labelled "演示指定" (assigned for the demo). Pure: plain data in and out.
 */
import type { BasemapCollection, BuildingListItem } from '../../../src/shared/api';

export const PLACE_KINDS = [
  'market',
  'school',
  'construction_site',
  'old_estate',
  'road',
  'park',
  'waterside',
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface IncidentPlace {
  /** Stable across runs: the kind and the id of what it was derived from. */
  id: string;
  kind: PlaceKind;
  /** Chinese name used in descriptions. */
  name: string;
  /** What a resident would type as the address: a building's address, a road's name. */
  address?: string;
  lon: number;
  lat: number;
}

/** A building as the places need it; `builtYear` when known (the detail view has it). */
export type PlaceBuilding = Pick<BuildingListItem, 'id' | 'name' | 'kind' | 'center'> & {
  builtYear?: number;
  address?: string;
};

/** Estates built before this year count as old (老旧小区). */
export const OLD_ESTATE_BEFORE_YEAR = 2000;
/** Every n-th residential building (by id) is named a school, at most MAX_SCHOOLS of them. */
const SCHOOL_EVERY = 23;
const MAX_SCHOOLS = 4;
/** Every n-th block of the base map is under construction. */
const CONSTRUCTION_BLOCK_EVERY = 9;
const SCHOOL_NAMES = ['实验小学', '第二中学', '育才小学', '第三幼儿园'] as const;

type Position = GeoJSON.Position;

function ringCentroid(ring: readonly Position[]): [number, number] {
  let lon = 0;
  let lat = 0;
  // The closing vertex repeats the first one.
  const count = Math.max(1, ring.length - 1);
  for (let index = 0; index < count; index += 1) {
    lon += ring[index]?.[0] ?? 0;
    lat += ring[index]?.[1] ?? 0;
  }
  return [lon / count, lat / count];
}

function lineMidpoint(line: readonly Position[]): [number, number] {
  const middle = line[Math.floor(line.length / 2)] ?? line[0] ?? [0, 0];
  return [middle[0] ?? 0, middle[1] ?? 0];
}

function isOldEstate(building: PlaceBuilding): boolean {
  if (building.kind !== 'courtyard' && building.kind !== 'slab') return false;
  return building.builtYear === undefined || building.builtYear < OLD_ESTATE_BEFORE_YEAR;
}

function buildingPlaces(buildings: readonly PlaceBuilding[]): IncidentPlace[] {
  const places: IncidentPlace[] = [];
  const sorted = [...buildings].sort((a, b) => a.id - b.id);
  let schools = 0;
  for (const building of sorted) {
    const at = {
      lon: building.center.lon,
      lat: building.center.lat,
      ...(building.address === undefined ? {} : { address: building.address }),
    };
    if (building.kind === 'commercial') {
      places.push({ id: `market:${building.id}`, kind: 'market', name: building.name, ...at });
    } else if (building.id % SCHOOL_EVERY === 0 && schools < MAX_SCHOOLS) {
      const name = `${SCHOOL_NAMES[schools % SCHOOL_NAMES.length]}（演示指定，${building.name}）`;
      schools += 1;
      places.push({ id: `school:${building.id}`, kind: 'school', name, ...at });
    } else if (isOldEstate(building)) {
      places.push({ id: `estate:${building.id}`, kind: 'old_estate', name: building.name, ...at });
    }
  }
  return places;
}

function basemapPlaces(basemap: BasemapCollection): IncidentPlace[] {
  const places: IncidentPlace[] = [];
  let blockIndex = 0;
  basemap.features.forEach((feature, index) => {
    const { kind, name } = feature.properties;
    const geometry = feature.geometry;
    if (geometry.type === 'LineString') {
      if (kind !== 'road' || name === '') return;
      const [lon, lat] = lineMidpoint(geometry.coordinates);
      places.push({ id: `road:${index}`, kind: 'road', name, address: name, lon, lat });
      return;
    }
    const ring = geometry.coordinates[0];
    if (ring === undefined || ring.length < 3) return;
    const [lon, lat] = ringCentroid(ring);
    if (kind === 'green') {
      places.push({ id: `park:${index}`, kind: 'park', name: name || '街头绿地', lon, lat });
    } else if (kind === 'water') {
      places.push({ id: `water:${index}`, kind: 'waterside', name: name || '河道', lon, lat });
    } else if (kind === 'block') {
      blockIndex += 1;
      if (blockIndex % CONSTRUCTION_BLOCK_EVERY !== 0) return;
      const site = `${name || '地块'}施工工地`;
      places.push({ id: `site:${index}`, kind: 'construction_site', name: site, lon, lat });
    }
  });
  return places;
}

/** Every incident site of the district, in a stable order. */
export function deriveIncidentPlaces(
  buildings: readonly PlaceBuilding[],
  basemap: BasemapCollection,
): IncidentPlace[] {
  return [...buildingPlaces(buildings), ...basemapPlaces(basemap)];
}
