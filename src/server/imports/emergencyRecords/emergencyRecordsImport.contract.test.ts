/**
 * The emergency records' imports on both engines (docs/decisions/0040): the same shelters file,
 * imported and then changed, gives the same summaries and records (grid found by position, the
 * contact sealed the same) on SQLite and PostgreSQL (SQLite first; PostgreSQL compared with it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IdentifierSealer } from '../../store/sealedIdentifiers';
import { identifierSealerFor } from '../../store/dataKeyFiles';
import { comparableRows, sameAsSqlite } from '../../testing/comparableRows';
import { districtContractEngines } from '../../testing/districtContractEngines';
import type { ImportTarget } from '../importKind';
import { runImport } from '../runImport';

process.env.DATA_KEY = '77'.repeat(32);

interface Opened {
  target: ImportTarget;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

let sealer: IdentifierSealer;
let site: { lon: number; lat: number };
let dir: string;
const sameAsSqliteAt = sameAsSqlite();

const { engines } = districtContractEngines<Opened>({
  label: 'records-import',
  size: {
    streetCount: 1,
    communitiesPerStreet: 1,
    gridsPerCommunity: 2,
    buildingsPerGrid: 1,
    floors: 1,
    unitsPerFloor: 1,
    vacantEvery: 100,
    rentalEvery: 100,
    householdsPerUnit: 1,
    personsPerHousehold: 1,
  },
  tables: ['emergency_records'],
  seed(db) {
    sealer = identifierSealerFor(db);
    site = db
      .prepare('SELECT origin_lon AS lon, origin_lat AS lat FROM buildings LIMIT 1')
      .get() as {
      lon: number;
      lat: number;
    };
  },
  sqlite: (db) => ({
    target: { engine: 'sqlite', db },
    rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
    close: () => db.close(),
  }),
  postgres: ([pool]) => ({
    target: { engine: 'postgres', pool: pool!, sealer },
    rows: async (sql) => (await pool!.query(sql)).rows as Record<string, unknown>[],
    close: () => {},
  }),
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-records-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(engines)('emergency record imports on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const importLines = async (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`, 'utf8');
    const result = await runImport(opened.target, {
      kind: 'shelters',
      filePath: path,
      crs: 'wgs84',
      dryRun: false,
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
  const records = async () =>
    comparableRows(
      await opened.rows(
        'SELECT kind, name, lon, lat, grid_code, attributes, contact_sealed, contact_masked, demo, ' +
          'updated_by FROM emergency_records ORDER BY kind, name',
      ),
    );

  it('imports and re-imports shelters as SQLite does', async () => {
    const { lon, lat } = site;
    const first = await importLines('shelters.csv', [
      '名称,经度,纬度,容纳人数,面积（平方米）,状态,地址',
      `鼓楼第一中学操场,${lon},${lat},1200,8000,可用,某路1号`,
      `西湖公园,${lon},${lat},3000,5000,可用,`,
      `某广场,${lon},,500,2000,可用,`,
    ]);
    expect(first).toMatchObject({ rows: 3, accepted: 2 });
    const second = await importLines('shelters-2.csv', [
      '名称,经度,纬度,容纳人数,面积（平方米）,状态,地址',
      `鼓楼第一中学操场,${lon},${lat},1000,8000,关闭,某路1号`,
    ]);
    expect(second.changes).toMatchObject({ created: 0, updated: 1 });
    const stored = await records();
    expect(stored).toHaveLength(2);
    sameAsSqliteAt(engine.name, 'shelters', { first, second, stored });
  });
});
