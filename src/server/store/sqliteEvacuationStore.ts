/**
 * SQLite adapter of EvacuationRepository (`sqliteEvacuationRepository`, over the synchronous
 * store): building places and resident counts, nobody named.
 */
import type { PolygonGeometry } from '../../domain/geo/polygonContainment';
import type { EvacuationRepository, StoredBuildingPlace } from '../emergency/evacuationPlanner';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { zonesBoxFilter } from './sqliteEmergencyStore';
import { StatementCache } from './statementCache';

const PLACE_COLUMNS =
  'id, name, name_en AS nameEn, grid_code AS gridCode, origin_lon AS lon, origin_lat AS lat';
const COUNTS_SQL =
  'SELECT u.building_id AS buildingId, COUNT(*) AS persons ' +
  'FROM units u JOIN households h ON h.unit_id = u.id JOIN persons p ON p.household_id = h.id ' +
  'WHERE u.building_id IN (SELECT value FROM json_each(?)) GROUP BY u.building_id';

export function sqliteEvacuationRepository(db: SqliteDatabase): EvacuationRepository {
  return promisedMethods(new SqliteEvacuationStore(db), [
    'listBuildingPlacesInZones',
    'countResidents',
  ]);
}

export class SqliteEvacuationStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listBuildingPlacesInZones(zones: readonly PolygonGeometry[]): StoredBuildingPlace[] {
    if (zones.length === 0) return [];
    const box = zonesBoxFilter(zones);
    return this.statements
      .get(`SELECT ${PLACE_COLUMNS} FROM buildings WHERE ${box.sql} ORDER BY id`)
      .all(...box.params) as StoredBuildingPlace[];
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
