/**
 * SQLite adapter of EmergencyRepository (`sqliteEmergencyRepository`, over the synchronous
 * store): building points and grouped counts, no personal columns. SQLite has no spatial index on
 * buildings: the zones' bounding box (with the edge margin) is the candidate set.
 */
import { boundsOfAreas, type PolygonGeometry } from '../../domain/geo/polygonContainment';
import {
  ZONE_EDGE_MARGIN_DEG,
  type BuildingPoint,
  type EmergencyRepository,
  type StoredResidentGroup,
} from '../emergency/plumeAssessment';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { prefixFilter } from './scopeSql';
import { StatementCache } from './statementCache';

interface ResidentGroupRow {
  building_id: number;
  birth_year: string;
  tags: string;
  residents: number;
}

/** `origin_lon BETWEEN ? AND ? AND origin_lat BETWEEN ? AND ?` around the zones, with its values. */
export function zonesBoxFilter(zones: readonly PolygonGeometry[]): {
  sql: string;
  params: number[];
} {
  const [west, south, east, north] = boundsOfAreas(zones);
  return {
    sql: 'origin_lon BETWEEN ? AND ? AND origin_lat BETWEEN ? AND ?',
    params: [
      west - ZONE_EDGE_MARGIN_DEG,
      east + ZONE_EDGE_MARGIN_DEG,
      south - ZONE_EDGE_MARGIN_DEG,
      north + ZONE_EDGE_MARGIN_DEG,
    ],
  };
}

export function sqliteEmergencyRepository(db: SqliteDatabase): EmergencyRepository {
  return promisedMethods(new SqliteEmergencyStore(db), [
    'listBuildingPointsInZones',
    'listResidentGroups',
  ]);
}

export class SqliteEmergencyStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listBuildingPointsInZones(
    scopes: readonly string[],
    zones: readonly PolygonGeometry[],
  ): BuildingPoint[] {
    if (zones.length === 0) return [];
    const scope = prefixFilter('grid_code', scopes);
    const box = zonesBoxFilter(zones);
    const sql =
      'SELECT id, origin_lon AS lon, origin_lat AS lat FROM buildings ' +
      `WHERE ${scope.sql} AND ${box.sql} ORDER BY id`;
    return this.statements.get(sql).all(...scope.params, ...box.params) as BuildingPoint[];
  }

  /** Buildings come from listBuildingPointsInZones, already limited to the caller's scope. */
  listResidentGroups(buildingIds: readonly number[]): StoredResidentGroup[] {
    if (buildingIds.length === 0) return [];
    const sql =
      'SELECT u.building_id, substr(p.birth_date, 1, 4) AS birth_year, p.tags, COUNT(*) AS residents ' +
      'FROM units u JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id ' +
      'WHERE u.building_id IN (SELECT value FROM json_each(?)) ' +
      'GROUP BY u.building_id, birth_year, p.tags';
    const rows = this.statements.get(sql).all(JSON.stringify(buildingIds)) as ResidentGroupRow[];
    return rows.map((row) => ({
      buildingId: row.building_id,
      birthYear: Number(row.birth_year),
      tags: row.tags,
      count: Number(row.residents),
    }));
  }
}
