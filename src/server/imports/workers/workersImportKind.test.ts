/**
 * The workers' roster import: a roster with every kind of mistake lists each one (row, column,
 * reason in zh and en) and writes nothing it refused; a re-import changes nothing; an edited
 * roster updates names, phones and grids in place.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '../../config/districtConfig';
import { openDatabase } from '../../store/openDatabase';
import { identifierSealerFor } from '../../store/dataKeyFiles';
import { SAMPLE_DISTRICT_CONFIG } from '../../../../scripts/samples/generateSamples';
import { buildSampleDistrict, SAMPLES_DIR } from '../../../../scripts/samples/sampleDistrictBuild';
import { runWorkersImport } from './workersImportKind';

const GRID_A = '350102901001001';
const GRID_B = '350102901001002';
let dir: string;
let db: Database.Database;

function roster(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${['工号,姓名,手机号码,负责网格', ...lines].join('\n')}\n`, 'utf8');
  return path;
}

function run(path: string, dryRun = false) {
  return runWorkersImport(db, path, { crs: 'wgs84', dryRun, actor: 'test' });
}

/** The stored workers, their sealed phones opened. */
function workerRows(): Array<{ id: number; name: string; phone: string; grids: string }> {
  const sealer = identifierSealerFor(db);
  return (
    db
      .prepare(
        'SELECT w.id, w.name, w.phone_sealed, group_concat(g.grid_code) AS grids FROM workers w ' +
          'JOIN worker_grids g ON g.worker_id = w.id GROUP BY w.id ORDER BY w.id',
      )
      .all() as Array<{ id: number; name: string; phone_sealed: Buffer; grids: string }>
  ).map(({ phone_sealed, ...worker }) => ({
    ...worker,
    phone: sealer.open('worker_phone', phone_sealed),
  }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workers-import-'));
  const config = parseDistrictConfig(
    { ...SAMPLE_DISTRICT_CONFIG, dataDir: dir },
    join(SAMPLES_DIR, 'district.config.json'),
  );
  await buildSampleDistrict(config, { steps: 1 });
  db = openDatabase(config.dbPath);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('workers roster import', () => {
  it('lists every mistake with its row and column, and writes only the good rows', async () => {
    const file = roster('mistakes.csv', [
      `7,林晓峰,139 0591 0001,${GRID_A}`,
      `x7,陈美玲,13905910002,${GRID_A}`,
      `8,,13905910003,${GRID_A}`,
      `9,黄建明,0591-8765432,${GRID_A}`,
      `10,郑秀琴,13905910001,${GRID_A}`,
      `7,王志强,13905910005,${GRID_A}`,
      '11,吴丽娟,13905910006,350102901',
      '12,刘海燕,13905910007,',
    ]);
    const dry = await run(file, true);
    expect(dry.problems.map((problem) => [problem.row, problem.column, problem.code])).toEqual([
      [2, '工号', 'worker-number-invalid'],
      [3, '姓名', 'name-empty'],
      [4, '手机号码', 'phone-invalid'],
      [5, '手机号码', 'duplicate-in-file'],
      [6, '工号', 'duplicate-in-file'],
      [7, '负责网格', 'grid-unknown'],
      [8, '负责网格', 'grids-empty'],
    ]);
    for (const problem of dry.problems) {
      expect(problem.messageZh).not.toBe('');
      expect(problem.messageEn).not.toBe('');
    }
    expect(dry).toMatchObject({ rows: 8, accepted: 1, rejected: 7 });
    expect(workerRows()).toEqual([]);
    await run(file);
    expect(workerRows()).toEqual([{ id: 7, name: '林晓峰', phone: '13905910001', grids: GRID_A }]);
  });

  it('refuses a file without a required column and writes nothing', async () => {
    const path = join(dir, 'no-grids.csv');
    writeFileSync(path, '工号,姓名,手机号码\n20,林晓峰,13905910020\n', 'utf8');
    const summary = await run(path);
    expect(summary.accepted).toBe(0);
    expect(summary.problems).toMatchObject([{ row: null, code: 'column-missing' }]);
    expect(workerRows().map((row) => row.id)).toEqual([7]);
  });

  it('re-imports without change, and updates a worker in place when the roster changes', async () => {
    const first = roster('roster.csv', [
      `7,林晓峰,13905910001,${GRID_A}`,
      `21,陈美玲,13905910021,${GRID_A}、${GRID_B}`,
    ]);
    expect((await run(first)).changes).toEqual({ created: 1, updated: 0, moved: 0, unchanged: 1 });
    expect((await run(first)).changes).toEqual({ created: 0, updated: 0, moved: 0, unchanged: 2 });
    const edited = roster('edited.csv', [
      `7,林晓峰,13905910001,${GRID_B}`,
      `21,陈美玲,13905910021,${GRID_A}、${GRID_B}`,
    ]);
    expect((await run(edited)).changes).toEqual({ created: 0, updated: 1, moved: 0, unchanged: 1 });
    expect(workerRows()).toEqual([
      { id: 7, name: '林晓峰', phone: '13905910001', grids: GRID_B },
      { id: 21, name: '陈美玲', phone: '13905910021', grids: `${GRID_A},${GRID_B}` },
    ]);
  });
});
