/**
 * The workers' roster import on both engines (docs/decisions/0040): the same roster gives the
 * same summary, workers (phones sealed alike) and grids on SQLite and on PostgreSQL (SQLite
 * first; PostgreSQL compared with what it read), and a re-import changes nothing.
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

process.env.DATA_KEY = '88'.repeat(32);

interface Opened {
  target: ImportTarget;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

let sealer: IdentifierSealer;
let dir: string;
const sameAsSqliteAt = sameAsSqlite();

const { engines, district } = districtContractEngines<Opened>({
  label: 'workers-import',
  size: {
    streetCount: 1,
    communitiesPerStreet: 1,
    gridsPerCommunity: 3,
    buildingsPerGrid: 1,
    floors: 1,
    unitsPerFloor: 1,
    vacantEvery: 100,
    rentalEvery: 100,
    householdsPerUnit: 1,
    personsPerHousehold: 1,
  },
  seed(db) {
    sealer = identifierSealerFor(db);
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
  dir = mkdtempSync(join(tmpdir(), 'gcc-workers-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(engines)('workers roster import on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const importRoster = async (lines: string[]) => {
    const path = join(dir, `roster-${engine.name}.csv`);
    writeFileSync(path, `${['工号,姓名,手机号码,负责网格', ...lines].join('\n')}\n`, 'utf8');
    const result = await runImport(opened.target, {
      kind: 'workers',
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
  const stored = async () => ({
    workers: comparableRows(
      await opened.rows(
        'SELECT id, name, name_en, phone_sealed, phone_index, phone_masked, synthetic ' +
          'FROM workers ORDER BY id',
      ),
    ),
    grids: comparableRows(
      await opened.rows(
        'SELECT worker_id, grid_code FROM worker_grids ORDER BY worker_id, grid_code',
      ),
    ),
  });

  it('creates and updates workers as SQLite does; a re-import changes nothing', async () => {
    const [gridA, gridB, gridC] = district().baseGridCodes;
    const lines = [
      `1,林晓峰,13905910001,${gridA}`,
      `100,陈美玲,13905910002,${gridB}、${gridC}`,
      `101,黄建明,0591-8765432,${gridA}`,
      `102,郑秀琴,13905910004,350102999999999`,
    ];
    const first = await importRoster(lines);
    expect(first).toMatchObject({ rows: 4, accepted: 2 });
    expect(first.changes).toMatchObject({ created: 1, updated: 1 });
    const after = await stored();
    sameAsSqliteAt(engine.name, 'roster', { first, after });
    const again = await importRoster(lines);
    expect(again.changes).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await stored()).toEqual(after);
  });
});
