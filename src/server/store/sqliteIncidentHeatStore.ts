/**
 * SQLite adapter of IncidentHeatRepository: two narrow reads, no personal columns. The server
 * takes `sqliteIncidentHeatRepository` (the same reads as Promises).
 */
import type {
  HeatIncidentFilter,
  HeatIncidentRecord,
  IncidentHeatRepository,
} from '../incidents/incidentHeatQueries';
import type { ResidentPoint } from '../../shared/incidentHeat';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { prefixFilter } from './scopeSql';
import { StatementCache } from './statementCache';

interface HeatIncidentRow {
  id: string;
  lon: number;
  lat: number;
  reported_at_ms: number;
  category_code: string;
  grid_code: string;
}

interface ResidentPointRow {
  lon: number;
  lat: number;
  residents: number;
}

export class SqliteIncidentHeatStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listHeatIncidents(filter: HeatIncidentFilter): HeatIncidentRecord[] {
    const scope = prefixFilter('grid_code', filter.scopes);
    const category = filter.categoryCode === undefined ? '' : ' AND category_code = ?';
    // Newest `limit` first by the reported index, then turned oldest-first for the caller.
    const sql =
      'SELECT id, lon, lat, reported_at_ms, category_code, grid_code FROM incidents ' +
      `WHERE reported_at_ms >= ? AND reported_at_ms < ?${category} AND ${scope.sql} ` +
      'ORDER BY reported_at_ms DESC, seq DESC LIMIT ?';
    const params: Array<string | number> = [filter.fromMs, filter.toMs];
    if (filter.categoryCode !== undefined) params.push(filter.categoryCode);
    params.push(...scope.params, filter.limit);
    const rows = this.statements.get(sql).all(...params) as HeatIncidentRow[];
    return rows.reverse().map((row) => ({
      id: row.id,
      lon: row.lon,
      lat: row.lat,
      reportedAtMs: row.reported_at_ms,
      categoryCode: row.category_code,
      gridCode: row.grid_code,
    }));
  }

  listResidentPoints(scopes: readonly string[]): ResidentPoint[] {
    const scope = prefixFilter('b.grid_code', scopes);
    const sql =
      'SELECT b.origin_lon AS lon, b.origin_lat AS lat, COUNT(p.id) AS residents ' +
      'FROM buildings b JOIN units u ON u.building_id = b.id ' +
      'JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id ' +
      `WHERE ${scope.sql} GROUP BY b.id ORDER BY b.id`;
    const rows = this.statements.get(sql).all(...scope.params) as ResidentPointRow[];
    return rows.map((row): ResidentPoint => [row.lon, row.lat, Number(row.residents)]);
  }
}

export function sqliteIncidentHeatRepository(db: SqliteDatabase): IncidentHeatRepository {
  return promisedMethods(new SqliteIncidentHeatStore(db), [
    'listHeatIncidents',
    'listResidentPoints',
  ]);
}
