/**
 * The grids import on both engines (docs/decisions/0040): the same file, previewed, committed,
 * changed and committed again, gives the same summaries and the same `grids` rows on SQLite and
 * on PostgreSQL (SQLite runs first; PostgreSQL compares with what it read), and a file with an
 * error writes nothing on either.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/openDatabase';
import { loadIdentifierSealer } from '../../store/dataKeyFiles';
import { comparableRows, sameAsSqlite } from '../../testing/comparableRows';
import {
  postgresContractEngine,
  sqliteContractEngine,
  type ContractEngine,
} from '../../testing/contractEngines';
import type { ImportTarget } from '../importKind';
import { runImport } from '../runImport';

process.env.DATA_KEY = '55'.repeat(32);

interface Opened {
  target: ImportTarget;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

const WEST = 119.3;
const SOUTH = 26.08;
const SIZE_DEG = 0.01;

/** A grid over [x0, y0, x1, y1] in hundredths of the district's side. */
function feature(code: string, name: string, level: number, box: number[]) {
  const [x0, y0, x1, y1] = box.map((part) => (part * SIZE_DEG) / 100);
  const ring = [
    [WEST + x0!, SOUTH + y0!],
    [WEST + x1!, SOUTH + y0!],
    [WEST + x1!, SOUTH + y1!],
    [WEST + x0!, SOUTH + y1!],
    [WEST + x0!, SOUTH + y0!],
  ];
  return {
    type: 'Feature',
    properties: { 网格编码: code, 网格名称: name, 层级: level },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

const DISTRICT = [
  feature('350102', '鼓楼区', 1, [0, 0, 100, 100]),
  feature('350102001', '东街街道', 2, [0, 0, 100, 100]),
  feature('350102001001', '东一社区', 3, [0, 0, 50, 100]),
  feature('350102001002', '东二社区', 3, [50, 0, 100, 100]),
  feature('350102001001001', '东一网格1', 4, [0, 0, 50, 50]),
  feature('350102001001002', '东一网格2', 4, [0, 50, 50, 100]),
  feature('350102001002001', '东二网格1', 4, [50, 0, 100, 50]),
  feature('350102001002002', '东二网格2', 4, [50, 50, 100, 100]),
];

let dir: string;
const sameAsSqliteAt = sameAsSqlite();

const engines: ContractEngine<Opened>[] = [
  sqliteContractEngine<Opened>('grids-import', (path) => {
    const db = openDatabase(path);
    return {
      target: { engine: 'sqlite', db },
      rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['grids', 'audit_log'],
    poolSize: 2,
    open: ([pool]) => ({
      target: {
        engine: 'postgres',
        pool: pool!,
        sealer: loadIdentifierSealer(dir, { create: false }),
      },
      rows: async (sql) => (await pool!.query(sql)).rows as Record<string, unknown>[],
      close: () => {},
    }),
  }),
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-grids-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, features: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }));
  return path;
}

describe.each(engines)('grids import on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const sameAs = (step: string, value: unknown) => sameAsSqliteAt(engine.name, step, value);
  const gridRows = async () =>
    comparableRows(
      await opened.rows(
        'SELECT code, parent_code, level, name, name_en, polygon, center_lon, center_lat ' +
          'FROM grids ORDER BY code',
      ),
    );
  const importFile = async (filePath: string, dryRun: boolean) => {
    const result = await runImport(opened.target, {
      kind: 'grids',
      filePath,
      crs: 'wgs84',
      dryRun,
      actor: 'admin',
      dataDir: dir,
      recordAudit: () => 0,
    });
    return {
      rows: result.rows,
      accepted: result.accepted,
      changes: result.changes,
      problems: result.problems.map((problem) => [problem.row, problem.code, problem.severity]),
    };
  };

  it('previews, commits, and commits a changed file as SQLite does', async () => {
    const file = fileOf('district.geojson', DISTRICT);
    const preview = await importFile(file, true);
    expect(preview.changes.created).toBe(8);
    expect(await gridRows()).toEqual([]);
    const commit = await importFile(file, false);
    expect(commit.changes).toEqual({ created: 8, updated: 0, moved: 0, unchanged: 0 });
    const committed = await gridRows();
    expect(committed).toHaveLength(8);
    sameAs('committed', { preview, commit, committed });

    const renamed = DISTRICT.map((grid, index) =>
      index === 4 ? feature('350102001001001', '东一网格甲', 4, [0, 0, 50, 50]) : grid,
    );
    const again = await importFile(fileOf('renamed.geojson', renamed), false);
    expect(again.changes).toEqual({ created: 0, updated: 1, moved: 0, unchanged: 7 });
    sameAs('renamed', { again, rows: await gridRows() });
  });

  it('writes nothing from a file with an error', async () => {
    const orphan = [...DISTRICT, feature('350102009001001', '无主网格', 4, [0, 0, 10, 10])];
    const result = await importFile(fileOf('orphan.geojson', orphan), false);
    expect(result.accepted).toBe(0);
    expect(await gridRows()).toEqual([]);
    sameAs('orphan', result);
  });
});
