/**
 * The buildings import on both engines (docs/decisions/0040): the same footprints, previewed,
 * committed, committed again and changed, give the same summaries, buildings, units and unit
 * shapes on SQLite and on PostgreSQL (SQLite runs first; PostgreSQL compares with what it read),
 * with an audit row for each commit.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadIdentifierSealer } from '../../store/dataKeyFiles';
import { comparableRows, sameAsSqlite } from '../../testing/comparableRows';
import { postgresContractEngine, type ContractEngine } from '../../testing/contractEngines';
import { copySqliteToPostgres } from '../../testing/copySqliteToPostgres';
import type { ImportTarget } from '../importKind';
import { runImport } from '../runImport';
import { fourBuildings, kitDatabase, writeFootprints } from './footprintTestKit';

process.env.DATA_KEY = '66'.repeat(32);

interface Opened {
  target: ImportTarget;
  dir: string;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

const sqliteEngine: ContractEngine<Opened> = {
  name: 'SQLite',
  prepare: async () => {},
  open: async () => {
    const { db, dir } = kitDatabase();
    return {
      target: { engine: 'sqlite', db },
      dir,
      rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      close: () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  dispose: async () => {},
};

const postgresEngine = postgresContractEngine<Opened>({
  tables: ['grids', 'buildings', 'units', 'building_sources', 'unit_shapes', 'audit_log'],
  poolSize: 2,
  open: async ([pool]) => {
    const { db, dir } = kitDatabase();
    try {
      await copySqliteToPostgres(db, pool!, ['grids']);
    } finally {
      db.close();
    }
    return {
      target: { engine: 'postgres', pool: pool!, sealer: loadIdentifierSealer(dir) },
      dir,
      rows: async (sql) => (await pool!.query(sql)).rows as Record<string, unknown>[],
      close: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

const STATE = {
  buildings:
    'SELECT s.source_key, s.base_height_m, s.source_kind, s.content_hash, b.grid_code, b.name, ' +
    'b.name_en, b.address, b.kind, b.floors, b.units_per_floor, b.floor_height_m, b.origin_lon, ' +
    'b.origin_lat, b.wings, b.footprint, b.built_year FROM buildings b ' +
    'JOIN building_sources s ON s.building_id = b.id ORDER BY s.source_key',
  units:
    'SELECT s.source_key, u.floor, u.unit_no, u.room_label, u.use, u.area_m2, us.rings ' +
    'FROM units u JOIN building_sources s ON s.building_id = u.building_id ' +
    'LEFT JOIN unit_shapes us ON us.unit_id = u.id ORDER BY s.source_key, u.floor, u.unit_no',
  audit: 'SELECT username, action, target_type FROM audit_log ORDER BY id',
};
const sameAsSqliteAt = sameAsSqlite();

describe.each([sqliteEngine, postgresEngine])('buildings import on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const sameAs = (step: string, value: unknown) => sameAsSqliteAt(engine.name, step, value);
  const stateOf = async () => ({
    buildings: comparableRows(await opened.rows(STATE.buildings)),
    units: comparableRows(await opened.rows(STATE.units)),
    audit: comparableRows(await opened.rows(STATE.audit)),
  });
  const importFile = async (filePath: string, dryRun: boolean) => {
    const result = await runImport(opened.target, {
      kind: 'buildings',
      filePath,
      crs: 'wgs84',
      dryRun,
      actor: 'admin',
      dataDir: opened.dir,
      recordAudit: () => 0,
    });
    return {
      rows: result.rows,
      accepted: result.accepted,
      changes: result.changes,
      problems: result.problems.map((problem) => [problem.row, problem.code, problem.severity]),
    };
  };

  it('previews, commits, re-imports and changes the buildings as SQLite does', async () => {
    const file = writeFootprints(opened.dir, 'four', fourBuildings());
    const preview = await importFile(file, true);
    expect(preview.changes.created).toBe(4);
    expect((await stateOf()).buildings).toEqual([]);

    const commit = await importFile(file, false);
    expect(commit.changes).toMatchObject({ created: 4, updated: 0, unchanged: 0 });
    const committed = await stateOf();
    expect(committed.buildings).toHaveLength(4);
    expect(committed.audit).toEqual([
      { username: 'admin', action: 'import', target_type: 'buildings' },
    ]);
    sameAs('committed', { preview, commit, committed });

    const again = await importFile(file, false);
    expect(again.changes).toMatchObject({ created: 0, updated: 0, unchanged: 4 });

    const taller = writeFootprints(opened.dir, 'taller', fourBuildings('wgs84', 8));
    const changed = await importFile(taller, false);
    expect(changed.changes.updated).toBeGreaterThan(0);
    const after = await stateOf();
    expect(after.units.length).toBeGreaterThan(committed.units.length);
    sameAs('changed', { again, changed, after });
  });
});
