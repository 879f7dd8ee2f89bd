/**
 * The PostgreSQL adapter of DoorKnockRepository (the register's tables and `door_knock_tasks` of
 * migration 0007), checked with the SQLite one by emergency/emergencyRepositories.contract.test.ts.
 * A claim is one `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`: of claims of one
 * household at once, on any node, the first to insert holds it and the others find its row
 * (the conflict waits for that insert's commit) and get nothing. Households are claimed in id
 * order, so two claims of overlapping sets cannot deadlock.
 */
import type { DoorKnockRepository, StoredDoorKnockMember } from '../../emergency/doorKnocking';
import type { PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

const MEMBERS_SQL =
  'SELECT h.id AS household_id, b.id AS building_id, b.name AS building_name, ' +
  'b.name_en AS building_name_en, b.grid_code, b.origin_lon, b.origin_lat, u.floor, ' +
  'u.room_label, (h.head_person_id = p.id) AS is_head, p.name, p.phone_masked, ' +
  'substr(p.birth_date, 1, 4) AS birth_year, p.tags ' +
  'FROM buildings b JOIN units u ON u.building_id = b.id JOIN households h ON h.unit_id = u.id ' +
  'JOIN persons p ON p.household_id = h.id WHERE b.id = ANY($1::int[]) ORDER BY h.id, p.id';

const CLAIM_SQL =
  'INSERT INTO door_knock_tasks (scenario_id, household_id, incident_id, claimed_at_ms) ' +
  'SELECT $1, household.id, NULL, $3 FROM unnest($2::int[]) AS household(id) ' +
  'ORDER BY household.id ' +
  'ON CONFLICT (scenario_id, household_id) DO UPDATE SET claimed_at_ms = excluded.claimed_at_ms ' +
  'WHERE door_knock_tasks.incident_id IS NULL AND door_knock_tasks.claimed_at_ms < $4 ' +
  'RETURNING household_id';

export class PostgresDoorKnockStore implements DoorKnockRepository {
  constructor(private readonly pool: PostgresPool) {}

  async listMembers(buildingIds: readonly number[]): Promise<StoredDoorKnockMember[]> {
    if (buildingIds.length === 0) return [];
    const { rows } = await this.pool.query(MEMBERS_SQL, [buildingIds]);
    return (rows as Row[]).map((row) => ({
      householdId: Number(row.household_id),
      buildingId: Number(row.building_id),
      buildingName: String(row.building_name),
      buildingNameEn: String(row.building_name_en),
      gridCode: String(row.grid_code),
      lon: Number(row.origin_lon),
      lat: Number(row.origin_lat),
      floor: Number(row.floor),
      roomLabel: String(row.room_label),
      isHead: row.is_head === true,
      name: String(row.name),
      phoneMasked: row.phone_masked as string | null,
      birthYear: Number(row.birth_year),
      tags: String(row.tags),
    }));
  }

  async listTasks(scenarioId: string): Promise<Map<number, string | null>> {
    const { rows } = await this.pool.query(
      'SELECT household_id, incident_id FROM door_knock_tasks WHERE scenario_id = $1',
      [scenarioId],
    );
    return new Map(
      (rows as Row[]).map((row) => [Number(row.household_id), row.incident_id as string | null]),
    );
  }

  async claimHouseholds(
    scenarioId: string,
    householdIds: readonly number[],
    atMs: number,
    staleBeforeMs: number,
  ): Promise<number[]> {
    const distinct = [...new Set(householdIds)];
    if (distinct.length === 0) return [];
    const { rows } = await this.pool.query(CLAIM_SQL, [scenarioId, distinct, atMs, staleBeforeMs]);
    const claimed = new Set((rows as Row[]).map((row) => Number(row.household_id)));
    return distinct.filter((householdId) => claimed.has(householdId));
  }

  async setTaskIncident(
    scenarioId: string,
    householdIds: readonly number[],
    incidentId: string,
  ): Promise<void> {
    await this.pool.query(
      'UPDATE door_knock_tasks SET incident_id = $1 WHERE scenario_id = $2 ' +
        'AND incident_id IS NULL AND household_id = ANY($3::int[])',
      [incidentId, scenarioId, householdIds],
    );
  }

  async releaseHouseholds(scenarioId: string, householdIds: readonly number[]): Promise<void> {
    await this.pool.query(
      'DELETE FROM door_knock_tasks WHERE scenario_id = $1 AND incident_id IS NULL ' +
        'AND household_id = ANY($2::int[])',
      [scenarioId, householdIds],
    );
  }
}
