/**
 * UnitVolumes on SQLite (model/unitVolumes.ts): the buildings and their units read in one
 * transaction.
 */
import type { VolumeBuilding } from '../../domain/geo/unitVolumes';
import type { Wing } from '../../domain/buildingLayout';
import type { UnitVolumes, VolumeArea } from '../model/unitVolumes';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { prefixFilter, subtreeInScopeFilter } from './scopeSql';

export function sqliteUnitVolumes(db: SqliteDatabase): UnitVolumes {
  return promisedMethods(new SqliteUnitVolumes(db), ['listVolumeBuildings']);
}

interface BuildingRow {
  id: number;
  origin_lon: number;
  origin_lat: number;
  floor_height_m: number;
  wings: string;
  base_height_m: number | null;
}

interface UnitRow {
  id: number;
  building_id: number;
  floor: number;
  unit_no: number;
  rings: string | null;
}

class SqliteUnitVolumes {
  constructor(private readonly db: SqliteDatabase) {}

  /** Buildings with their units, at most `limit` buildings; `truncated` when there were more. */
  listVolumeBuildings(
    area: VolumeArea,
    scopes: readonly string[],
    limit: number,
  ): { buildings: VolumeBuilding[]; truncated: boolean } {
    return this.db.transaction(() => this.readVolumeBuildings(area, scopes, limit))();
  }

  private readVolumeBuildings(
    area: VolumeArea,
    scopes: readonly string[],
    limit: number,
  ): { buildings: VolumeBuilding[]; truncated: boolean } {
    const scope =
      area.gridCode === null
        ? prefixFilter('b.grid_code', scopes)
        : subtreeInScopeFilter('b.grid_code', area.gridCode, scopes);
    const where = [scope.sql];
    const params: (string | number)[] = [...scope.params];
    if (area.bbox) {
      where.push('b.origin_lon BETWEEN ? AND ? AND b.origin_lat BETWEEN ? AND ?');
      params.push(area.bbox[0], area.bbox[2], area.bbox[1], area.bbox[3]);
    }
    const rows = this.db
      .prepare(
        `SELECT b.id, b.origin_lon, b.origin_lat, b.floor_height_m, b.wings, s.base_height_m
         FROM buildings b LEFT JOIN building_sources s ON s.building_id = b.id
         WHERE ${where.join(' AND ')} ORDER BY b.id LIMIT ?`,
      )
      .all(...params, limit + 1) as BuildingRow[];
    const truncated = rows.length > limit;
    const kept = rows.slice(0, limit);
    const units = this.db.prepare(
      `SELECT u.id, u.building_id, u.floor, u.unit_no, s.rings
       FROM units u LEFT JOIN unit_shapes s ON s.unit_id = u.id
       WHERE u.building_id = ? ORDER BY u.floor, u.unit_no`,
    );
    const buildings = kept.map((row): VolumeBuilding => ({
      id: row.id,
      origin: { lon: row.origin_lon, lat: row.origin_lat },
      floorHeightM: row.floor_height_m,
      baseHeightM: row.base_height_m ?? 0,
      wings: JSON.parse(row.wings) as Wing[],
      units: (units.all(row.id) as UnitRow[]).map((unit) => ({
        id: unit.id,
        floor: unit.floor,
        unitNo: unit.unit_no,
        ...(unit.rings ? { rings: JSON.parse(unit.rings) as [number, number][][] } : {}),
      })),
    }));
    return { buildings, truncated };
  }
}
