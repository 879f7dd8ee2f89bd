/** SQLite adapter of EmergencyRepository: building points and grouped counts, no personal columns. */
import type {
  BuildingPoint,
  EmergencyRepository,
  StoredResidentGroup,
} from '../emergency/plumeAssessment';
import type { SqliteDatabase } from './openDatabase';
import { prefixFilter } from './scopeSql';
import { StatementCache } from './statementCache';

interface ResidentGroupRow {
  building_id: number;
  birth_year: string;
  tags: string;
  residents: number;
}

export class SqliteEmergencyStore implements EmergencyRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listBuildingPoints(scopes: readonly string[]): BuildingPoint[] {
    const scope = prefixFilter('grid_code', scopes);
    const sql = `SELECT id, origin_lon AS lon, origin_lat AS lat FROM buildings WHERE ${scope.sql} ORDER BY id`;
    return this.statements.get(sql).all(...scope.params) as BuildingPoint[];
  }

  /** Buildings come from listBuildingPoints, already limited to the caller's scope. */
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
