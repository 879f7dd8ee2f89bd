/** SQLite adapter of EvacuationRepository: building places and resident counts, nobody named. */
import type { EvacuationRepository, StoredBuildingPlace } from '../emergency/evacuationPlanner';
import type { SqliteDatabase } from './openDatabase';
import { StatementCache } from './statementCache';

const PLACES_SQL =
  'SELECT id, name, name_en AS nameEn, grid_code AS gridCode, origin_lon AS lon, origin_lat AS lat FROM buildings ORDER BY id';
const COUNTS_SQL =
  'SELECT u.building_id AS buildingId, COUNT(*) AS persons ' +
  'FROM units u JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id ' +
  'WHERE u.building_id IN (SELECT value FROM json_each(?)) GROUP BY u.building_id';

export class SqliteEvacuationStore implements EvacuationRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listBuildingPlaces(): StoredBuildingPlace[] {
    return this.statements.get(PLACES_SQL).all() as StoredBuildingPlace[];
  }

  countResidents(buildingIds: readonly number[]): Map<number, number> {
    if (buildingIds.length === 0) return new Map();
    const rows = this.statements.get(COUNTS_SQL).all(JSON.stringify(buildingIds)) as Array<{
      buildingId: number;
      persons: number;
    }>;
    return new Map(rows.map((row) => [row.buildingId, Number(row.persons)]));
  }
}
