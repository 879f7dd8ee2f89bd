/**
 * Writes planned buildings into the register in one transaction: new source keys become new
 * buildings, changed ones are updated in place (units upserted by floor and unit number, so
 * households stay linked), equal ones are left alone. A unit that would disappear while
 * households still live in it refuses that building instead of orphaning them.
 */
import type Database from 'better-sqlite3';
import type { ImportChanges, ImportProblem } from '../importKind';
import type { PlannedBuilding } from './plannedBuilding';

export interface ExistingSource {
  building_id: number;
  content_hash: string;
}

export interface ExistingUnit {
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

/** A building's row as either engine writes it. */
export interface BuildingRow {
  id: number;
  gridCode: string;
  name: string;
  address: string;
  kind: string;
  floors: number;
  unitsPerFloor: number;
  floorHeightM: number;
  originLon: number;
  originLat: number;
  wings: string;
  footprint: string;
  builtYear: number;
}

/** What a plan writes for one building (either engine applies it in this order). */
export interface BuildingWrite {
  row: BuildingRow;
  /** Updated in place (else created). */
  existing: boolean;
  source: { key: string; baseHeightM: number; kind: string; contentHash: string };
  units: Array<{
    id: number;
    isNew: boolean;
    floor: number;
    unitNo: number;
    roomLabel: string;
    use: string;
    areaM2: number;
    /** The unit's exact shape as stored (unit_shapes.rings). */
    rings: string;
  }>;
  /** Units gone from the new layout (none of them with households). */
  removedUnitIds: number[];
}

/** What the plan reads of the register, and where new ids come from. */
export interface BuildingRegister {
  source(sourceKey: string): ExistingSource | undefined;
  units(buildingId: number): ExistingUnit[];
  newBuildingId(): number;
  newUnitId(): number;
}

function hasTable(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

/**
 * Compares the plan with the register: what to write, building by building. Problems found on
 * the way (units with households that would vanish) are appended and refuse their building only.
 */
export function planBuildingWrites(
  planned: readonly PlannedBuilding[],
  problems: ImportProblem[],
  register: BuildingRegister,
): WriteOutcome & { writes: BuildingWrite[] } {
  const changes: ImportChanges = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const refused = new Set<string>();
  const changedBuildingIds: number[] = [];
  const writes: BuildingWrite[] = [];
  for (const building of planned) {
    const existing = register.source(building.sourceKey);
    if (existing && existing.content_hash === building.contentHash) {
      changes.unchanged++;
      continue;
    }
    const existingUnits = existing ? register.units(existing.building_id) : [];
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
    const id = existing ? existing.building_id : register.newBuildingId();
    if (existing) changes.updated++;
    else changes.created++;
    changedBuildingIds.push(id);
    const byKey = new Map(existingUnits.map((unit) => [`${unit.floor}:${unit.unit_no}`, unit]));
    const units = building.units.map((unit) => {
      const key = `${unit.floor}:${unit.unitNo}`;
      const current = byKey.get(key);
      byKey.delete(key);
      return {
        id: current ? current.id : register.newUnitId(),
        isNew: current === undefined,
        floor: unit.floor,
        unitNo: unit.unitNo,
        roomLabel: unit.roomLabel,
        use: unit.use,
        areaM2: unit.areaM2,
        rings: JSON.stringify(unit.rings.map((ring) => ring.map(([x, y]) => [round(x), round(y)]))),
      };
    });
    writes.push({
      row: {
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
      },
      existing: existing !== undefined,
      source: {
        key: building.sourceKey,
        baseHeightM: building.baseHeightM,
        kind: building.sourceKind,
        contentHash: building.contentHash,
      },
      units,
      // What is left had no households (checked above): it is simply gone from the new layout.
      removedUnitIds: [...byKey.values()].map((unit) => unit.id),
    });
  }
  return { changes, refused, changedBuildingIds, writes };
}

/**
 * Compares the plan with the register and, unless `dryRun`, applies it, in one transaction (a
 * dry run compares inside the same read snapshot and writes nothing).
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
  const largest = (table: string) =>
    (db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM ${table}`).get() as { id: number }).id;

  return db.transaction(() => {
    let nextBuildingId = largest('buildings') + 1;
    let nextUnitId = largest('units') + 1;
    const { writes, ...outcome } = planBuildingWrites(planned, problems, {
      source: (key) => findSource.get(key),
      units: (buildingId) => unitsOf.all(buildingId),
      newBuildingId: () => nextBuildingId++,
      newUnitId: () => nextUnitId++,
    });
    if (dryRun) return outcome;
    for (const { row, existing, source, units, removedUnitIds } of writes) {
      if (existing) updateBuilding.run(row);
      else insertBuilding.run(row);
      upsertSource.run(row.id, source.key, source.baseHeightM, source.kind, source.contentHash);
      for (const unit of units) {
        if (unit.isNew) {
          insertUnit.run(
            unit.id,
            row.id,
            unit.floor,
            unit.unitNo,
            unit.roomLabel,
            unit.use,
            unit.areaM2,
          );
        } else {
          updateUnit.run(unit.roomLabel, unit.use, unit.areaM2, unit.id);
        }
        upsertShape.run(unit.id, unit.rings);
      }
      for (const unitId of removedUnitIds) {
        deleteUnitShape.run(unitId);
        deleteUnit.run(unitId);
      }
    }
    return outcome;
  })();
}

/** Millimetres are plenty for a footprint and keep the stored text short and stable. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
