/**
 * SQLite adapter of DoorKnockRepository: the households of given buildings with their address
 * in the building, head of household and each member's birth year and tags. Names leave here
 * only as the head's, for the use case to mask by role; ID numbers never.
 */
import type { DoorKnockRepository, StoredDoorKnockMember } from '../emergency/doorKnocking';
import type { SqliteDatabase } from './openDatabase';
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

export class SqliteDoorKnockStore implements DoorKnockRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
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
