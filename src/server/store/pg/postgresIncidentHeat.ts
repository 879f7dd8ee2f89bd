/**
 * The PostgreSQL adapter of IncidentHeatRepository (migration 0007), checked with the SQLite one
 * by incidents/incidentHeatRepository.contract.test.ts: the same two narrow reads, no personal
 * columns. Grid codes compare COLLATE "C", so a scope is a range of codes as on SQLite.
 */
import type {
  HeatIncidentFilter,
  HeatIncidentRecord,
  IncidentHeatRepository,
} from '../../incidents/incidentHeatQueries';
import type { ResidentPoint } from '../../../shared/incidentHeat';
import type { PostgresPool } from './postgresPool';
import { postgresPrefixFilter } from './postgresScopeSql';

type Row = Record<string, unknown>;

export class PostgresIncidentHeat implements IncidentHeatRepository {
  constructor(private readonly pool: PostgresPool) {}

  async listHeatIncidents(filter: HeatIncidentFilter): Promise<HeatIncidentRecord[]> {
    const params: unknown[] = [filter.fromMs, filter.toMs];
    let category = '';
    if (filter.categoryCode !== undefined) {
      params.push(filter.categoryCode);
      category = ` AND category_code = $${params.length}`;
    }
    const scope = postgresPrefixFilter('grid_code', filter.scopes, params);
    params.push(filter.limit);
    // Newest `limit` first by the reported index, then turned oldest-first for the caller.
    const { rows } = await this.pool.query(
      'SELECT id, lon, lat, reported_at_ms, category_code, grid_code FROM incidents ' +
        `WHERE reported_at_ms >= $1 AND reported_at_ms < $2${category} AND ${scope} ` +
        `ORDER BY reported_at_ms DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
    return (rows as Row[]).reverse().map((row) => ({
      id: String(row.id),
      lon: Number(row.lon),
      lat: Number(row.lat),
      reportedAtMs: Number(row.reported_at_ms),
      categoryCode: String(row.category_code),
      gridCode: String(row.grid_code),
    }));
  }

  async listResidentPoints(scopes: readonly string[]): Promise<ResidentPoint[]> {
    const params: unknown[] = [];
    const scope = postgresPrefixFilter('b.grid_code', scopes, params);
    const { rows } = await this.pool.query(
      'SELECT b.origin_lon AS lon, b.origin_lat AS lat, count(p.id) AS residents ' +
        'FROM buildings b JOIN units u ON u.building_id = b.id ' +
        'JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id ' +
        `WHERE ${scope} GROUP BY b.id ORDER BY b.id`,
      params,
    );
    return (rows as Row[]).map((row): ResidentPoint => [
      Number(row.lon),
      Number(row.lat),
      Number(row.residents),
    ]);
  }
}
