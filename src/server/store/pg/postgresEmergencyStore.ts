/**
 * The PostgreSQL adapters of EmergencyRepository and EvacuationRepository (the register's tables
 * of migration 0007), checked with the SQLite ones by emergency/emergencyRepositories.contract.test.ts.
 * The buildings under a plume are a PostGIS question: each zone polygon (GeoJSON, lon/lat) is
 * matched with `ST_DWithin(buildings.origin, zone, margin)`, answered through the GiST index on
 * `origin`; the use case then decides each zone by its profile, as on SQLite. Counts group the
 * residents of the buildings found; nobody is named.
 */
import type { PolygonGeometry } from '../../../domain/geo/polygonContainment';
import type { StoredBuildingPlace } from '../../emergency/evacuationPlanner';
import type { EvacuationRepository } from '../../emergency/evacuationPlanner';
import {
  ZONE_EDGE_MARGIN_DEG,
  type BuildingPoint,
  type EmergencyRepository,
  type StoredResidentGroup,
} from '../../emergency/plumeAssessment';
import type { PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

/**
 * The buildings near any of the zones (`$1`: their GeoJSON, `$2`: the margin in degrees). The
 * zones are collected once (an uncorrelated subquery, so a constant of the scan): `ST_DWithin`
 * on it is an index condition on the GiST index of `origin`. `extra` narrows them further.
 */
export function buildingsInZonesSql(columns: string, extra: string): string {
  return (
    `SELECT ${columns} FROM buildings b WHERE ${extra} AND ST_DWithin(b.origin, ` +
    '(SELECT ST_SetSRID(ST_Collect(ST_GeomFromGeoJSON(zone.geojson)), 4326) ' +
    'FROM unnest($1::text[]) AS zone(geojson)), $2) ORDER BY b.id'
  );
}

function zoneParams(zones: readonly PolygonGeometry[]): unknown[] {
  return [zones.map((zone) => JSON.stringify(zone)), ZONE_EDGE_MARGIN_DEG];
}

const RESIDENTS_JOIN =
  'FROM units u JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id ' +
  'WHERE u.building_id = ANY($1::int[])';

export class PostgresEmergencyStore implements EmergencyRepository {
  constructor(private readonly pool: PostgresPool) {}

  async listBuildingPointsInZones(
    scopes: readonly string[],
    zones: readonly PolygonGeometry[],
  ): Promise<BuildingPoint[]> {
    if (zones.length === 0) return [];
    const params = zoneParams(zones);
    const scope = postgresPrefixFilter('b.grid_code', scopes, params);
    const { rows } = await this.pool.query(
      buildingsInZonesSql('b.id, b.origin_lon, b.origin_lat', scope),
      params,
    );
    return (rows as Row[]).map((row) => ({
      id: Number(row.id),
      lon: Number(row.origin_lon),
      lat: Number(row.origin_lat),
    }));
  }

  async listResidentGroups(buildingIds: readonly number[]): Promise<StoredResidentGroup[]> {
    if (buildingIds.length === 0) return [];
    const { rows } = await this.pool.query(
      'SELECT u.building_id, substr(p.birth_date, 1, 4) AS birth_year, p.tags, ' +
        `COUNT(*) AS residents ${RESIDENTS_JOIN} GROUP BY u.building_id, birth_year, p.tags`,
      [buildingIds],
    );
    return (rows as Row[]).map((row) => ({
      buildingId: Number(row.building_id),
      birthYear: Number(row.birth_year),
      tags: String(row.tags),
      count: Number(row.residents),
    }));
  }
}

export class PostgresEvacuationStore implements EvacuationRepository {
  constructor(private readonly pool: PostgresPool) {}

  async listBuildingPlacesInZones(
    zones: readonly PolygonGeometry[],
  ): Promise<StoredBuildingPlace[]> {
    if (zones.length === 0) return [];
    const { rows } = await this.pool.query(
      buildingsInZonesSql(
        'b.id, b.name, b.name_en, b.grid_code, b.origin_lon, b.origin_lat',
        'true',
      ),
      zoneParams(zones),
    );
    return (rows as Row[]).map((row) => ({
      id: Number(row.id),
      name: String(row.name),
      nameEn: String(row.name_en),
      gridCode: String(row.grid_code),
      lon: Number(row.origin_lon),
      lat: Number(row.origin_lat),
    }));
  }

  async countResidents(buildingIds: readonly number[]): Promise<Map<number, number>> {
    if (buildingIds.length === 0) return new Map();
    const { rows } = await this.pool.query(
      `SELECT u.building_id, COUNT(*) AS persons ${RESIDENTS_JOIN} GROUP BY u.building_id`,
      [buildingIds],
    );
    return new Map((rows as Row[]).map((row) => [Number(row.building_id), Number(row.persons)]));
  }
}
