/**
 * Which base grid a point lies in, asked of PostGIS (issue 14: point in grid in the database):
 * the base grids covering the point, found on their GiST index (0007's grids.geom), boundaries
 * included. A point on an edge is covered by both grids there (by none of them for the
 * JavaScript GridLocator on the district's outer edge): the candidates, usually one, are decided
 * by the same test GridLocator makes (isPointInArea), so both answer alike everywhere
 * (postgresPointInGrid.test.ts compares them point by point).
 */
import { isPointInArea, type AreaGeometry } from '../../../domain/geo/polygonContainment';
import type { LonLat } from '../../../domain/registry';
import type { PostgresPool } from './postgresPool';

const BASE_GRID_LEVEL = 4;

export class PostgresPointInGrid {
  constructor(private readonly pool: PostgresPool) {}

  async locate(point: LonLat): Promise<string | null> {
    if (!Number.isFinite(point.lon) || !Number.isFinite(point.lat)) return null;
    const { rows } = await this.pool.query<{ code: string; polygon: string }>(
      `SELECT code, polygon FROM grids
        WHERE level = $1 AND ST_Covers(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))
        ORDER BY code`,
      [BASE_GRID_LEVEL, point.lon, point.lat],
    );
    const inside = rows.find((row) =>
      isPointInArea(point, JSON.parse(row.polygon) as AreaGeometry),
    );
    return inside?.code ?? null;
  }
}
