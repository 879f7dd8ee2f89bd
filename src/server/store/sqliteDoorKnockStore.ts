/**
 * SQLite adapter of DoorKnockRepository (`sqliteDoorKnockRepository`, over the synchronous
 * store): the households of given buildings with their address in the building, head of
 * household and each member's birth year and tags, and the scenario's claimed households
 * (`door_knock_tasks`). Names leave here only as the head's, for the use case to mask by role;
 * ID numbers never.
 */
import type { DoorKnockRepository, StoredDoorKnockMember } from '../emergency/doorKnocking';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

interface MemberRow {
  household_id: number;
  building_id: number;
  building_name: string;
  building_name_en: string;
  grid_code: string;
  lon: number;
  lat: number;
  floor: number;
  room_label: string;
  is_head: number;
  name: string;
  phone_masked: string | null;
  birth_year: string;
  tags: string;
}

const MEMBERS_SQL =
  'SELECT h.id AS household_id, b.id AS building_id, b.name AS building_name, ' +
  'b.name_en AS building_name_en, b.grid_code, b.origin_lon AS lon, b.origin_lat AS lat, ' +
  'u.floor, u.room_label, (h.head_person_id = p.id) AS is_head, p.name, p.phone_masked, ' +
  'substr(p.birth_date, 1, 4) AS birth_year, p.tags ' +
  'FROM buildings b JOIN units u ON u.building_id = b.id JOIN households h ON h.unit_id = u.id ' +
  'JOIN persons p ON p.household_id = h.id ' +
  'WHERE b.id IN (SELECT value FROM json_each(?)) ORDER BY h.id, p.id';

const CLAIM_SQL =
  'INSERT INTO door_knock_tasks (scenario_id, household_id, incident_id, claimed_at_ms) ' +
  'VALUES (?, ?, NULL, ?) ON CONFLICT (scenario_id, household_id) DO UPDATE ' +
  'SET claimed_at_ms = excluded.claimed_at_ms ' +
  'WHERE door_knock_tasks.incident_id IS NULL AND door_knock_tasks.claimed_at_ms < ? ' +
  'RETURNING household_id';

export function sqliteDoorKnockRepository(db: SqliteDatabase): DoorKnockRepository {
  return promisedMethods(new SqliteDoorKnockStore(db), [
    'listMembers',
    'listTasks',
    'claimHouseholds',
    'setTaskIncident',
    'releaseHouseholds',
  ]);
}

export class SqliteDoorKnockStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listTasks(scenarioId: string): Map<number, string | null> {
    const rows = this.statements
      .get('SELECT household_id, incident_id FROM door_knock_tasks WHERE scenario_id = ?')
      .all(scenarioId) as Array<{ household_id: number; incident_id: string | null }>;
    return new Map(rows.map((row) => [row.household_id, row.incident_id]));
  }

  claimHouseholds(
    scenarioId: string,
    householdIds: readonly number[],
    atMs: number,
    staleBeforeMs: number,
  ): number[] {
    const claim = this.statements.get(CLAIM_SQL);
    return this.db.transaction(() =>
      householdIds.filter(
        (householdId) => claim.get(scenarioId, householdId, atMs, staleBeforeMs) !== undefined,
      ),
    )();
  }

  setTaskIncident(scenarioId: string, householdIds: readonly number[], incidentId: string): void {
    this.statements
      .get(
        'UPDATE door_knock_tasks SET incident_id = ? WHERE scenario_id = ? AND incident_id IS NULL ' +
          'AND household_id IN (SELECT value FROM json_each(?))',
      )
      .run(incidentId, scenarioId, JSON.stringify(householdIds));
  }

  releaseHouseholds(scenarioId: string, householdIds: readonly number[]): void {
    this.statements
      .get(
        'DELETE FROM door_knock_tasks WHERE scenario_id = ? AND incident_id IS NULL ' +
          'AND household_id IN (SELECT value FROM json_each(?))',
      )
      .run(scenarioId, JSON.stringify(householdIds));
  }

  /** Buildings come from the scenario's assessment, already limited to the caller's scope. */
  listMembers(buildingIds: readonly number[]): StoredDoorKnockMember[] {
    if (buildingIds.length === 0) return [];
    const rows = this.statements.get(MEMBERS_SQL).all(JSON.stringify(buildingIds)) as MemberRow[];
    return rows.map((row) => ({
      householdId: row.household_id,
      buildingId: row.building_id,
      buildingName: row.building_name,
      buildingNameEn: row.building_name_en,
      gridCode: row.grid_code,
      lon: row.lon,
      lat: row.lat,
      floor: row.floor,
      roomLabel: row.room_label,
      isHead: row.is_head === 1,
      name: row.name,
      phoneMasked: row.phone_masked,
      birthYear: Number(row.birth_year),
      tags: row.tags,
    }));
  }
}
