/**
 * Reads what the tileset needs from the district database: building placement and shape, and
 * the keys of every floor unit. Nothing about people is read, so nothing about people can leak
 * into the tiles.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Wing } from '../../src/domain/buildingLayout';

export interface UnitKey {
  id: number;
  floor: number;
  unitNo: number;
}

export interface BuildingSource {
  id: number;
  originLon: number;
  originLat: number;
  floors: number;
  floorHeightM: number;
  wings: Wing[];
  /** Sorted by floor, then unit number. */
  units: UnitKey[];
}

export interface DistrictSource {
  buildings: BuildingSource[];
  unitCount: number;
  /** Hash of every row and column read here; equal hashes mean equal tiles. */
  contentHash: string;
}

interface BuildingRow {
  id: number;
  origin_lon: number;
  origin_lat: number;
  floors: number;
  floor_height_m: number;
  wings: string;
}

interface UnitRow {
  id: number;
  building_id: number;
  floor: number;
  unit_no: number;
}

const BUILDING_SQL =
  'SELECT id, origin_lon, origin_lat, floors, floor_height_m, wings FROM buildings ORDER BY id';
const UNIT_SQL =
  'SELECT id, building_id, floor, unit_no FROM units ORDER BY building_id, floor, unit_no';

export function readBuildings(dbPath: string): DistrictSource {
  if (!existsSync(dbPath))
    throw new Error(`no district database at ${dbPath} (npm run generate makes one)`);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const buildings = new Map<number, BuildingSource>();
    for (const row of db.prepare(BUILDING_SQL).iterate() as Iterable<BuildingRow>) {
      hash.update(
        `b${row.id},${row.origin_lon},${row.origin_lat},${row.floors},${row.floor_height_m},${row.wings}\n`,
      );
      buildings.set(row.id, {
        id: row.id,
        originLon: row.origin_lon,
        originLat: row.origin_lat,
        floors: row.floors,
        floorHeightM: row.floor_height_m,
        wings: JSON.parse(row.wings) as Wing[],
        units: [],
      });
    }
    let unitCount = 0;
    for (const row of db.prepare(UNIT_SQL).iterate() as Iterable<UnitRow>) {
      hash.update(`u${row.id},${row.building_id},${row.floor},${row.unit_no}\n`);
      const building = buildings.get(row.building_id);
      if (!building)
        throw new Error(`unit ${row.id} refers to missing building ${row.building_id}`);
      building.units.push({ id: row.id, floor: row.floor, unitNo: row.unit_no });
      unitCount++;
    }
    return { buildings: [...buildings.values()], unitCount, contentHash: hash.digest('hex') };
  } finally {
    db.close();
  }
}
