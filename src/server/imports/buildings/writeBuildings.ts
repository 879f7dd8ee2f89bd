/**
 * Writes planned buildings into the register in one transaction: new source keys become new
 * buildings, changed ones are updated in place (units upserted by floor and unit number, so
 * households stay linked), equal ones are left alone. A unit that would disappear while
 * households still live in it refuses that building instead of orphaning them.
 */
import type Database from 'better-sqlite3';
import type { ImportChanges, ImportProblem } from '../importKind';
import type { PlannedBuilding } from './planBuildings';

interface ExistingSource {
  building_id: number;
  content_hash: string;
}

interface ExistingUnit {
  id: number;
  floor: number;
  unit_no: number;
  households: number;
}

export interface WriteOutcome {
  changes: ImportChanges;
  /** Source keys refused while comparing with the register. */
  refused: Set<string>;
  /** Ids of buildings created or updated (their tiles need rebuilding). */
  changedBuildingIds: number[];
}

function hasTable(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

/**
 * Compares the plan with the register and, unless `dryRun`, applies it. Problems found on the
 * way (units with households that would vanish) are appended and refuse their building only.
 */
export function writeBuildings(
  db: Database.Database,
  planned: readonly PlannedBuilding[],
  problems: ImportProblem[],
  dryRun: boolean,
): WriteOutcome {
  if (!hasTable(db, 'building_sources') || !hasTable(db, 'unit_shapes')) {
    throw new Error(
      'the register has no building_sources/unit_shapes tables (open it with openDatabase to upgrade it)',
    );
  }
  const findSource = db.prepare<[string], ExistingSource>(
    'SELECT building_id, content_hash FROM building_sources WHERE source_key = ?',
  );
  const unitsOf = db.prepare<[number], ExistingUnit>(
    `SELECT u.id, u.floor, u.unit_no, (SELECT COUNT(*) FROM households h WHERE h.unit_id = u.id) AS households
     FROM units u WHERE u.building_id = ?`,
  );
  const insertBuilding = db.prepare(
    `INSERT INTO buildings (id, grid_code, name, name_en, address, kind, floors, units_per_floor,
       floor_height_m, origin_lon, origin_lat, wings, footprint, built_year)
     VALUES (@id, @gridCode, @name, @name, @address, @kind, @floors, @unitsPerFloor,
       @floorHeightM, @originLon, @originLat, @wings, @footprint, @builtYear)`,
  );
  const updateBuilding = db.prepare(
    `UPDATE buildings SET grid_code = @gridCode, name = @name, name_en = @name, address = @address,
       kind = @kind, floors = @floors, units_per_floor = @unitsPerFloor,
       floor_height_m = @floorHeightM, origin_lon = @originLon, origin_lat = @originLat,
       wings = @wings, footprint = @footprint, built_year = @builtYear
     WHERE id = @id`,
  );
  const upsertSource = db.prepare(
    `INSERT INTO building_sources (building_id, source_key, base_height_m, source_kind, content_hash)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(building_id) DO UPDATE SET source_key = excluded.source_key,
       base_height_m = excluded.base_height_m, source_kind = excluded.source_kind,
       content_hash = excluded.content_hash`,
  );
  const insertUnit = db.prepare(
    `INSERT INTO units (id, building_id, floor, unit_no, room_label, use, area_m2)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateUnit = db.prepare(
    'UPDATE units SET room_label = ?, use = ?, area_m2 = ? WHERE id = ?',
  );
  const deleteUnitShape = db.prepare('DELETE FROM unit_shapes WHERE unit_id = ?');
  const deleteUnit = db.prepare('DELETE FROM units WHERE id = ?');
  const upsertShape = db.prepare(
    'INSERT INTO unit_shapes (unit_id, rings) VALUES (?, ?) ON CONFLICT(unit_id) DO UPDATE SET rings = excluded.rings',
  );
  const maxBuildingId = () =>
    (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM buildings').get() as { id: number }).id;
  const maxUnitId = () =>
    (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM units').get() as { id: number }).id;

  const changes: ImportChanges = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const refused = new Set<string>();
  const changedBuildingIds: number[] = [];

  const apply = () => {
    let nextBuildingId = maxBuildingId() + 1;
    let nextUnitId = maxUnitId() + 1;
    for (const building of planned) {
      const existing = findSource.get(building.sourceKey);
      if (existing && existing.content_hash === building.contentHash) {
        changes.unchanged++;
        continue;
      }
      const existingUnits = existing ? unitsOf.all(existing.building_id) : [];
      const wanted = new Set(building.units.map((unit) => `${unit.floor}:${unit.unitNo}`));
      const orphaned = existingUnits.filter(
        (unit) => unit.households > 0 && !wanted.has(`${unit.floor}:${unit.unit_no}`),
      );
      if (orphaned.length > 0) {
        refused.add(building.sourceKey);
        problems.push({
          row: building.featureIndex,
          feature: building.sourceKey,
          code: 'units-with-households-removed',
          messageZh: `新的户型会去掉 ${orphaned.length} 个仍有住户的房屋（如 ${orphaned[0]!.floor} 层 ${orphaned[0]!.unit_no} 号），该楼未更新`,
          messageEn: `the new layout would remove ${orphaned.length} units that still have households (e.g. floor ${orphaned[0]!.floor} unit ${orphaned[0]!.unit_no}); building not updated`,
          severity: 'error',
        });
        continue;
      }
      const id = existing ? existing.building_id : nextBuildingId++;
      if (existing) changes.updated++;
      else changes.created++;
      changedBuildingIds.push(id);
      if (dryRun) continue;
      const row = {
        id,
        gridCode: building.gridCode,
        name: building.name,
        address: building.address,
        kind: building.kind,
        floors: building.floors,
        unitsPerFloor: building.unitsPerFloor,
        floorHeightM: building.floorHeightM,
        originLon: building.origin.lon,
        originLat: building.origin.lat,
        wings: JSON.stringify(building.wings),
        footprint: JSON.stringify(building.footprint),
        builtYear: building.builtYear,
      };
      if (existing) updateBuilding.run(row);
      else insertBuilding.run(row);
      upsertSource.run(
        id,
        building.sourceKey,
        building.baseHeightM,
        building.sourceKind,
        building.contentHash,
      );
      const byKey = new Map(existingUnits.map((unit) => [`${unit.floor}:${unit.unit_no}`, unit]));
      for (const unit of building.units) {
        const key = `${unit.floor}:${unit.unitNo}`;
        const current = byKey.get(key);
        let unitId: number;
        if (current) {
          unitId = current.id;
          updateUnit.run(unit.roomLabel, unit.use, unit.areaM2, unitId);
          byKey.delete(key);
        } else {
          unitId = nextUnitId++;
          insertUnit.run(
            unitId,
            id,
            unit.floor,
            unit.unitNo,
            unit.roomLabel,
            unit.use,
            unit.areaM2,
          );
        }
        upsertShape.run(
          unitId,
          JSON.stringify(unit.rings.map((ring) => ring.map(([x, y]) => [round(x), round(y)]))),
        );
      }
      // What is left had no households (checked above): it is simply gone from the new layout.
      for (const unit of byKey.values()) {
        deleteUnitShape.run(unit.id);
        deleteUnit.run(unit.id);
      }
    }
  };
  // Dry runs compare inside the same read snapshot and write nothing.
  db.transaction(apply)();
  return { changes, refused, changedBuildingIds };
}

/** Millimetres are plenty for a footprint and keep the stored text short and stable. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
