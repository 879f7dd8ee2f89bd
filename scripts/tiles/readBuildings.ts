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
  /**
   * The unit's own footprint (outer ring then holes, local metres around the building origin)
   * for buildings imported from arbitrary polygons; absent for wing buildings.
   */
  rings?: [number, number][][];
}

export interface BuildingSource {
  id: number;
  originLon: number;
  originLat: number;
  floors: number;
  floorHeightM: number;
  wings: Wing[];
  /** Height of the ground floor's base (imported buildings on podiums or slopes); 0 for most. */
  baseHeightM?: number;
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
// Imported buildings keep a base height and exact unit shapes in their own tables (absent from
// registers made before imports existed, which is why they are looked up first).
const BASE_SQL = 'SELECT building_id, base_height_m FROM building_sources ORDER BY building_id';
const SHAPE_SQL = 'SELECT unit_id, rings FROM unit_shapes ORDER BY unit_id';

function hasTable(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

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
        baseHeightM: 0,
        units: [],
      });
    }
    if (hasTable(db, 'building_sources')) {
      for (const row of db.prepare(BASE_SQL).iterate() as Iterable<{
        building_id: number;
        base_height_m: number;
      }>) {
        const building = buildings.get(row.building_id);
        if (!building || row.base_height_m === 0) continue;
        building.baseHeightM = row.base_height_m;
        hash.update(`h${row.building_id},${row.base_height_m}\n`);
      }
    }
    const shapes = new Map<number, string>();
    if (hasTable(db, 'unit_shapes')) {
      for (const row of db.prepare(SHAPE_SQL).iterate() as Iterable<{
        unit_id: number;
        rings: string;
      }>) {
        shapes.set(row.unit_id, row.rings);
      }
    }
    let unitCount = 0;
    for (const row of db.prepare(UNIT_SQL).iterate() as Iterable<UnitRow>) {
      hash.update(`u${row.id},${row.building_id},${row.floor},${row.unit_no}\n`);
      const building = buildings.get(row.building_id);
      if (!building)
        throw new Error(`unit ${row.id} refers to missing building ${row.building_id}`);
      const shape = shapes.get(row.id);
      if (shape === undefined) {
        building.units.push({ id: row.id, floor: row.floor, unitNo: row.unit_no });
      } else {
        hash.update(`s${row.id},${shape}\n`);
        building.units.push({
          id: row.id,
          floor: row.floor,
          unitNo: row.unit_no,
          rings: JSON.parse(shape) as [number, number][][],
        });
      }
      unitCount++;
    }
    return { buildings: [...buildings.values()], unitCount, contentHash: hash.digest('hex') };
  } finally {
    db.close();
  }
}
