/**
 * UnitVolumes on PostgreSQL (model/unitVolumes.ts, migration 0007's buildings and units), checked
 * with the SQLite adapter by model/unitVolumes.contract.test.ts. One statement (one snapshot):
 * the buildings whose origin lies in the box (`&&` on the GiST-indexed origin point) and each
 * one's units aggregated beside it.
 */
import type { VolumeBuilding } from '../../../domain/geo/unitVolumes';
import type { Wing } from '../../../domain/buildingLayout';
import type { UnitVolumes, VolumeArea } from '../../model/unitVolumes';
import type { PostgresPool } from './postgresPool';
import { postgresSubtreeInScopeFilter } from './postgresScopeSql';

interface BuildingRow {
  id: number;
  origin_lon: number;
  origin_lat: number;
  floor_height_m: number;
  wings: string;
  base_height_m: number | null;
  units: Array<{ id: number; floor: number; unit_no: number; rings: string | null }> | null;
}

export class PostgresUnitVolumes implements UnitVolumes {
  constructor(private readonly pool: PostgresPool) {}

  async listVolumeBuildings(
    area: VolumeArea,
    scopes: readonly string[],
    limit: number,
  ): Promise<{ buildings: VolumeBuilding[]; truncated: boolean }> {
    const params: unknown[] = [];
    const where = [postgresSubtreeInScopeFilter('b.grid_code', area.gridCode, scopes, params)];
    if (area.bbox) {
      params.push(...area.bbox);
      const n = params.length;
      where.push(`b.origin && ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 4326)`);
    }
    params.push(limit + 1);
    const { rows } = await this.pool.query<BuildingRow>(
      `SELECT b.id, b.origin_lon, b.origin_lat, b.floor_height_m, b.wings, s.base_height_m,
         (SELECT json_agg(json_build_object('id', u.id, 'floor', u.floor, 'unit_no', u.unit_no,
                 'rings', us.rings) ORDER BY u.floor, u.unit_no)
          FROM units u LEFT JOIN unit_shapes us ON us.unit_id = u.id
          WHERE u.building_id = b.id) AS units
       FROM buildings b LEFT JOIN building_sources s ON s.building_id = b.id
       WHERE ${where.join(' AND ')} ORDER BY b.id LIMIT $${params.length}`,
      params,
    );
    const truncated = rows.length > limit;
    const buildings = rows.slice(0, limit).map((row): VolumeBuilding => ({
      id: row.id,
      origin: { lon: row.origin_lon, lat: row.origin_lat },
      floorHeightM: row.floor_height_m,
      baseHeightM: row.base_height_m ?? 0,
      wings: JSON.parse(row.wings) as Wing[],
      units: (row.units ?? []).map((unit) => ({
        id: unit.id,
        floor: unit.floor,
        unitNo: unit.unit_no,
        ...(unit.rings ? { rings: JSON.parse(unit.rings) as [number, number][][] } : {}),
      })),
    }));
    return { buildings, truncated };
  }
}
