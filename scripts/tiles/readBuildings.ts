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

/** A building without its units: what the tiles are partitioned by (a city's units stay on disk). */
export type BuildingOutline = Omit<BuildingSource, 'units'> & { unitCount: number };

export interface DistrictOutline {
  buildings: BuildingOutline[];
  unitCount: number;
  /** Hash of every row and column read here and by `UnitReader`; equal hashes mean equal tiles. */
  contentHash: string;
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
  /** Only imported buildings' units have a shape of their own. */
  rings: string | null;
}

const BUILDING_SQL =
  'SELECT id, origin_lon, origin_lat, floors, floor_height_m, wings FROM buildings ORDER BY id';
// In the order of the UNIQUE (building_id, floor, unit_no) index: read row by row, never sorted
// in memory. Imported buildings keep a base height and exact unit shapes in their own tables
// (absent from registers made before imports existed, which is why they are looked up first).
const UNIT_COLUMNS = 'u.id, u.building_id, u.floor, u.unit_no';
const ALL_UNITS_ORDER = 'ORDER BY u.building_id, u.floor, u.unit_no';
const BUILDING_UNITS_WHERE = 'WHERE u.building_id = ? ORDER BY u.floor, u.unit_no';
const SHAPE_JOIN = 'LEFT JOIN unit_shapes s ON s.unit_id = u.id';
const BASE_SQL = 'SELECT building_id, base_height_m FROM building_sources ORDER BY building_id';

function hasTable(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

function unitSql(db: Database.Database, filter: string): string {
  return hasTable(db, 'unit_shapes')
    ? `SELECT ${UNIT_COLUMNS}, s.rings FROM units u ${SHAPE_JOIN} ${filter}`
    : `SELECT ${UNIT_COLUMNS}, NULL AS rings FROM units u ${filter}`;
}

function openDistrict(dbPath: string): Database.Database {
  if (!existsSync(dbPath))
    throw new Error(`no district database at ${dbPath} (npm run generate makes one)`);
  return new Database(dbPath, { readonly: true, fileMustExist: true });
}

function unitKeyOf(row: UnitRow): UnitKey {
  return row.rings === null
    ? { id: row.id, floor: row.floor, unitNo: row.unit_no }
    : {
        id: row.id,
        floor: row.floor,
        unitNo: row.unit_no,
        rings: JSON.parse(row.rings) as [number, number][][],
      };
}

/**
 * Every building with its unit count, and the hash of everything the tiles are made of. Units are
 * hashed and counted as they stream past, not kept: memory follows the buildings, not the units
 * (a city of 200,000 buildings has ten million units).
 */
export function readBuildingOutlines(dbPath: string): DistrictOutline {
  const db = openDistrict(dbPath);
  try {
    const hash = createHash('sha256');
    const buildings = new Map<number, BuildingOutline>();
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
        unitCount: 0,
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
    let unitCount = 0;
    const units = db.prepare(unitSql(db, ALL_UNITS_ORDER));
    for (const row of units.iterate() as Iterable<UnitRow>) {
      hash.update(`u${row.id},${row.building_id},${row.floor},${row.unit_no}\n`);
      const building = buildings.get(row.building_id);
      if (!building)
        throw new Error(`unit ${row.id} refers to missing building ${row.building_id}`);
      if (row.rings !== null) hash.update(`s${row.id},${row.rings}\n`);
      building.unitCount++;
      unitCount++;
    }
    return { buildings: [...buildings.values()], unitCount, contentHash: hash.digest('hex') };
  } finally {
    db.close();
  }
}

/** Reads one building's units at a time, when its tile is built. */
export class UnitReader {
  private readonly db: Database.Database;
  private readonly units: Database.Statement;

  constructor(dbPath: string) {
    this.db = openDistrict(dbPath);
    this.units = this.db.prepare(unitSql(this.db, BUILDING_UNITS_WHERE));
  }

  /** The building with its units (sorted by floor, then unit number), as `readBuildings` gives it. */
  withUnits(outline: BuildingOutline): BuildingSource {
    // Keys in the order readBuildings always had: leaf names hash the JSON of each building.
    return {
      id: outline.id,
      originLon: outline.originLon,
      originLat: outline.originLat,
      floors: outline.floors,
      floorHeightM: outline.floorHeightM,
      wings: outline.wings,
      baseHeightM: outline.baseHeightM,
      units: (this.units.all(outline.id) as UnitRow[]).map(unitKeyOf),
    };
  }

  close(): void {
    this.db.close();
  }
}

/** Every building with all its units in memory: for small districts, tests and benchmarks. */
export function readBuildings(dbPath: string): DistrictSource {
  const outline = readBuildingOutlines(dbPath);
  const reader = new UnitReader(dbPath);
  try {
    return {
      buildings: outline.buildings.map((building) => reader.withUnits(building)),
      unitCount: outline.unitCount,
      contentHash: outline.contentHash,
    };
  } finally {
    reader.close();
  }
}
