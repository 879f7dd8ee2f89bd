/**
 * A small district database for tests and for the benchmark until the demo generator is used:
 * the real schema, a handful of buildings of every layout kind, and their units. No people.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { roomLabel, unitsPerFloor, type Wing } from '../../src/domain/buildingLayout';
import { toLonLat } from '../../src/domain/localFrame';
import type { LonLat } from '../../src/domain/registry';

const SCHEMA_PATH = new URL('../../src/server/store/schema.sql', import.meta.url);
const GRID_CODE = '110101001001001';
const DEFAULT_CENTER: LonLat = { lon: 116.397, lat: 39.909 };
const BUILDING_SPACING_M = 60;
const FLOOR_HEIGHT_M = 3;
const UNIT_AREA_M2 = 80;

export interface FixtureOptions {
  buildingCount: number;
  center?: LonLat;
  /** Deterministic pseudo-random variety; same seed, same district. */
  seed?: number;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** One wing layout per building kind, rotated by `rotationDeg`. */
function wingsFor(kind: number, rotationDeg: number): Wing[] {
  const wing = (centerEastM: number, centerNorthM: number, lengthM: number, depthM: number, extraDeg: number, unitCount: number): Wing => ({
    centerEastM, centerNorthM, lengthM, depthM, rotationDeg: rotationDeg + extraDeg, unitCount,
  });
  const rad = (rotationDeg * Math.PI) / 180;
  const along = (metres: number): [number, number] => [metres * Math.cos(rad), metres * Math.sin(rad)];
  const across = (metres: number): [number, number] => [-metres * Math.sin(rad), metres * Math.cos(rad)];
  switch (kind) {
    case 0:
      return [wing(0, 0, 48, 12, 0, 4)];
    case 1:
      return [wing(0, 0, 24, 24, 0, 2)];
    case 2: {
      const [eastM, northM] = along(-18);
      const [offsetEastM, offsetNorthM] = across(18);
      return [wing(0, 0, 48, 12, 0, 4), wing(eastM + offsetEastM, northM + offsetNorthM, 24, 12, 90, 2)];
    }
    default: {
      const [northEastM, northNorthM] = across(18);
      const [eastEastM, eastNorthM] = along(18);
      return [
        wing(northEastM, northNorthM, 48, 12, 0, 3),
        wing(-northEastM, -northNorthM, 48, 12, 180, 3),
        wing(eastEastM, eastNorthM, 24, 12, 90, 2),
        wing(-eastEastM, -eastNorthM, 24, 12, 270, 2),
      ];
    }
  }
}

const KIND_NAMES = ['slab', 'tower', 'l_shape', 'courtyard'] as const;

/** Writes a fresh district database at `dbPath`; returns the number of units. */
export function createFixtureDistrict(dbPath: string, options: FixtureOptions): number {
  const random = mulberry32(options.seed ?? 1);
  const center = options.center ?? DEFAULT_CENTER;
  const db = new Database(dbPath);
  db.exec(readFileSync(SCHEMA_PATH, 'utf8'));
  db.prepare("INSERT INTO grids VALUES (?, NULL, 4, 'grid', 'grid', '{}', ?, ?)").run(GRID_CODE, center.lon, center.lat);
  const insertBuilding = db.prepare(
    `INSERT INTO buildings (id, grid_code, name, name_en, address, kind, floors, units_per_floor, floor_height_m,
       origin_lon, origin_lat, wings, footprint, built_year) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, '{}', 2000)`,
  );
  const insertUnit = db.prepare("INSERT INTO units (building_id, floor, unit_no, room_label, use, area_m2) VALUES (?, ?, ?, ?, 'residential', ?)");
  const perRow = Math.ceil(Math.sqrt(options.buildingCount));
  let unitCount = 0;
  db.transaction(() => {
    for (let index = 0; index < options.buildingCount; index++) {
      const kind = index % KIND_NAMES.length;
      const wings = wingsFor(kind, Math.floor(random() * 90));
      const floors = 2 + Math.floor(random() * 18);
      const origin = toLonLat(center, ((index % perRow) - perRow / 2) * BUILDING_SPACING_M, (Math.floor(index / perRow) - perRow / 2) * BUILDING_SPACING_M);
      const buildingId = index + 1;
      const perFloor = unitsPerFloor(wings);
      insertBuilding.run(buildingId, GRID_CODE, `B${buildingId}`, `B${buildingId}`, KIND_NAMES[kind], floors, perFloor, FLOOR_HEIGHT_M, origin.lon, origin.lat, JSON.stringify(wings));
      for (let floor = 1; floor <= floors; floor++) {
        for (let unitNo = 1; unitNo <= perFloor; unitNo++) {
          insertUnit.run(buildingId, floor, unitNo, roomLabel(floor, unitNo), UNIT_AREA_M2);
          unitCount++;
        }
      }
    }
  })();
  db.close();
  return unitCount;
}
