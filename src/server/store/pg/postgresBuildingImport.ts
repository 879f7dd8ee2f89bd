/**
 * The buildings import's reads and writes on PostgreSQL (SQLite: imports/buildings/
 * writeBuildings.ts, whose plan both engines share): one transaction under the imports' advisory
 * lock reads the file's buildings' sources and units in two statements, plans, and applies the
 * plan as multi-row statements; new buildings and units are numbered from their sequences.
 */
import type {
  BuildingWrite,
  ExistingSource,
  ExistingUnit,
  WriteOutcome,
} from '../../imports/buildings/writeBuildings';
import { planBuildingWrites } from '../../imports/buildings/writeBuildings';
import type { BaseGrid, PlannedBuilding } from '../../imports/buildings/plannedBuilding';
import type { ImportProblem } from '../../imports/importKind';
import type { AreaGeometry } from '../../../domain/geo/polygonContainment';
import { IMPORT_LOCK_SQL } from './postgresImportBatches';
import { columns } from './postgresPersonRows';
import { inRetriedTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

export async function postgresBaseGrids(pool: PostgresPool): Promise<BaseGrid[]> {
  const { rows } = await pool.query('SELECT code, polygon FROM grids WHERE level = 4');
  return (rows as Row[]).map((row) => ({
    code: String(row.code),
    area: JSON.parse(String(row.polygon)) as AreaGeometry,
  }));
}

/** Ids from a table's sequence, smallest first. */
async function reserveIds(client: PostgresClient, table: string, count: number): Promise<number[]> {
  const { rows } = await client.query(
    `SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id FROM generate_series(1, $1)`,
    [count],
  );
  return (rows as Row[]).map((row) => Number(row.id)).sort((a, b) => a - b);
}

export function writePostgresBuildings(
  pool: PostgresPool,
  planned: readonly PlannedBuilding[],
  problems: ImportProblem[],
  dryRun: boolean,
): Promise<WriteOutcome> {
  return inRetriedTransaction(pool, async (client) => {
    if (!dryRun) await client.query(IMPORT_LOCK_SQL);
    const sources = await client.query(
      'SELECT source_key, building_id, content_hash FROM building_sources ' +
        'WHERE source_key = ANY($1::text[])',
      [planned.map((building) => building.sourceKey)],
    );
    const sourceOf = new Map(
      (sources.rows as Row[]).map((row) => [
        String(row.source_key),
        { building_id: Number(row.building_id), content_hash: String(row.content_hash) },
      ]),
    ) as Map<string, ExistingSource>;
    const units = await client.query(
      'SELECT u.id, u.building_id, u.floor, u.unit_no, (SELECT COUNT(*) FROM households h ' +
        'WHERE h.unit_id = u.id) AS households FROM units u WHERE u.building_id = ANY($1::integer[])',
      [[...sourceOf.values()].map((source) => source.building_id)],
    );
    const unitsOf = new Map<number, ExistingUnit[]>();
    for (const row of units.rows as Row[]) {
      const list = unitsOf.get(Number(row.building_id)) ?? [];
      list.push({
        id: Number(row.id),
        floor: Number(row.floor),
        unit_no: Number(row.unit_no),
        households: Number(row.households),
      });
      unitsOf.set(Number(row.building_id), list);
    }
    // At most every planned building and unit is new: ids for as many (a gap for the rest).
    const buildingIds = dryRun ? [] : await reserveIds(client, 'buildings', planned.length);
    const unitIds = dryRun
      ? []
      : await reserveIds(
          client,
          'units',
          planned.reduce((sum, building) => sum + building.units.length, 0),
        );
    let placeholder = 0;
    // This attempt's problems: a transaction run again (inRetriedTransaction) finds them again.
    const found: ImportProblem[] = [];
    const { writes, ...outcome } = planBuildingWrites(planned, found, {
      source: (key) => sourceOf.get(key),
      units: (buildingId) => unitsOf.get(buildingId) ?? [],
      newBuildingId: () => buildingIds.shift() ?? --placeholder,
      newUnitId: () => unitIds.shift() ?? --placeholder,
    });
    if (!dryRun) await applyWrites(client, writes);
    return { found, outcome };
  }).then(({ found, outcome }) => {
    problems.push(...found);
    return outcome;
  });
}

async function applyWrites(
  client: PostgresClient,
  writes: readonly BuildingWrite[],
): Promise<void> {
  const rows = writes.map((write) => write.row);
  await client.query(
    'INSERT INTO buildings (id, grid_code, name, name_en, address, kind, floors, units_per_floor, ' +
      'floor_height_m, origin_lon, origin_lat, wings, footprint, built_year) ' +
      'SELECT id, grid_code, name, name, address, kind, floors, units_per_floor, floor_height_m, ' +
      'origin_lon, origin_lat, wings, footprint, built_year FROM unnest($1::integer[], $2::text[], ' +
      '$3::text[], $4::text[], $5::text[], $6::integer[], $7::integer[], $8::double precision[], ' +
      '$9::double precision[], $10::double precision[], $11::text[], $12::text[], $13::integer[]) ' +
      'AS v(id, grid_code, name, address, kind, floors, units_per_floor, floor_height_m, origin_lon, ' +
      'origin_lat, wings, footprint, built_year) ' +
      'ON CONFLICT (id) DO UPDATE SET grid_code = excluded.grid_code, name = excluded.name, ' +
      'name_en = excluded.name_en, address = excluded.address, kind = excluded.kind, ' +
      'floors = excluded.floors, units_per_floor = excluded.units_per_floor, ' +
      'floor_height_m = excluded.floor_height_m, origin_lon = excluded.origin_lon, ' +
      'origin_lat = excluded.origin_lat, wings = excluded.wings, footprint = excluded.footprint, ' +
      'built_year = excluded.built_year',
    columns(
      rows,
      (row) => row.id,
      (row) => row.gridCode,
      (row) => row.name,
      (row) => row.address,
      (row) => row.kind,
      (row) => row.floors,
      (row) => row.unitsPerFloor,
      (row) => row.floorHeightM,
      (row) => row.originLon,
      (row) => row.originLat,
      (row) => row.wings,
      (row) => row.footprint,
      (row) => row.builtYear,
    ),
  );
  await client.query(
    'INSERT INTO building_sources (building_id, source_key, base_height_m, source_kind, ' +
      'content_hash) SELECT * FROM unnest($1::integer[], $2::text[], $3::double precision[], ' +
      '$4::text[], $5::text[]) ON CONFLICT (building_id) DO UPDATE SET ' +
      'source_key = excluded.source_key, base_height_m = excluded.base_height_m, ' +
      'source_kind = excluded.source_kind, content_hash = excluded.content_hash',
    columns(
      writes,
      (write) => write.row.id,
      (write) => write.source.key,
      (write) => write.source.baseHeightM,
      (write) => write.source.kind,
      (write) => write.source.contentHash,
    ),
  );
  const removed = writes.flatMap((write) => write.removedUnitIds);
  await client.query('DELETE FROM unit_shapes WHERE unit_id = ANY($1::integer[])', [removed]);
  await client.query('DELETE FROM units WHERE id = ANY($1::integer[])', [removed]);
  const units = writes.flatMap((write) =>
    write.units.map((unit) => ({ ...unit, buildingId: write.row.id })),
  );
  await client.query(
    'INSERT INTO units (id, building_id, floor, unit_no, room_label, use, area_m2) ' +
      'SELECT * FROM unnest($1::integer[], $2::integer[], $3::integer[], $4::integer[], ' +
      '$5::text[], $6::text[], $7::double precision[]) ON CONFLICT (id) DO UPDATE SET ' +
      'room_label = excluded.room_label, use = excluded.use, area_m2 = excluded.area_m2',
    columns(
      units,
      (unit) => unit.id,
      (unit) => unit.buildingId,
      (unit) => unit.floor,
      (unit) => unit.unitNo,
      (unit) => unit.roomLabel,
      (unit) => unit.use,
      (unit) => unit.areaM2,
    ),
  );
  await client.query(
    'INSERT INTO unit_shapes (unit_id, rings) SELECT * FROM unnest($1::integer[], $2::text[]) ' +
      'ON CONFLICT (unit_id) DO UPDATE SET rings = excluded.rings',
    columns(
      units,
      (unit) => unit.id,
      (unit) => unit.rings,
    ),
  );
}
