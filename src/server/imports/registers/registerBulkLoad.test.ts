/**
 * A register batch large against the register goes in as a bulk load (store/registerBulkLoad.ts):
 * what it leaves must equal what the triggers would have left row by row, and a batch stopped
 * half-way must leave the register, its triggers and its indexes as they were.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../../domain/idNumber';
import { openDatabase, type SqliteDatabase } from '../../store/openDatabase';
import { RegisterImportStore } from '../../store/registerImportStore';
import { rebuildSearchIndex } from '../../store/searchIndex';
import { dumpStatsRollups, rebuildStatsRollups } from '../../store/statsRollups';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import { runRegistersImport } from './registersImportKind';

const dir = mkdtempSync(join(tmpdir(), 'register-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = ['姓名', '公民身份号码', '性别', '房屋地址', '房号', '与户主关系', '人员类别'];
const ROOMS = ['101', '102', '201', '202'];

/** Person i, with an ID number of its own; buildings 1–2 lie in the first grid, 3–4 in the second. */
function row(index: number, building: number): string[] {
  const birth = `${1950 + Math.floor(index / 7000)}${String(101 + (index % 28)).padStart(4, '0')}`;
  const body = `350102${birth}${String(index % 1000).padStart(3, '0')}`;
  return [
    `批量居民${index}`,
    body + idCheckCharacter(body),
    index % 2 === 0 ? '女' : '男',
    `幸福路${building}号`,
    ROOMS[index % ROOMS.length]!,
    index % 4 === 0 ? '户主' : '子女',
    index % 3 === 0 ? '流动' : '户籍',
  ];
}

function writeCsv(name: string, rows: string[][]): string {
  const file = join(dir, name);
  writeFileSync(file, Papa.unparse([HEADER, ...rows]));
  return file;
}

function schemaObjects(db: SqliteDatabase): unknown[] {
  return db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name",
    )
    .all();
}

function movements(db: SqliteDatabase): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { grid_code, kind, n } of db
    .prepare(
      'SELECT grid_code, kind, SUM(count) AS n FROM register_movements WHERE demo = 0 GROUP BY 1, 2',
    )
    .all() as Array<{ grid_code: string; kind: string; n: number }>) {
    counts[`${grid_code} ${kind}`] = n;
  }
  return counts;
}

/** The register's rows an import writes, in id order. */
function registerRows(db: SqliteDatabase): unknown[] {
  return ['persons', 'households', 'person_details', 'person_moves'].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all(),
  );
}

function grams(db: SqliteDatabase): unknown[] {
  return db.prepare('SELECT gram, person_id FROM person_name_grams ORDER BY 1, 2').all();
}

describe('register bulk load', () => {
  it('leaves the search index, movements and rollups as the triggers would, and its schema as it was', async () => {
    const dbPath = join(dir, 'district.sqlite');
    const district = writeSyntheticDistrict(dbPath, {
      streetCount: 1,
      communitiesPerStreet: 1,
      gridsPerCommunity: 2,
      buildingsPerGrid: 2,
      floors: 2,
      unitsPerFloor: 2,
      vacantEvery: 1000,
      rentalEvery: 1000,
      householdsPerUnit: 0,
      personsPerHousehold: 0,
    });
    const [first, second] = district.baseGridCodes as [string, string];
    const db = openDatabase(dbPath);
    const schema = schemaObjects(db);

    // An empty register: the whole batch is a bulk load. 300 people, 200 in the first grid.
    const arrivals = Array.from({ length: 300 }, (_, index) => row(index, (index % 3) + 1));
    const created = await runRegistersImport(db, writeCsv('arrivals.csv', arrivals), {
      crs: 'wgs84',
      dryRun: false,
      actor: 't',
    });
    expect(created.problems).toEqual([]);
    expect(created.changes.created).toBe(300);
    expect(schemaObjects(db)).toEqual(schema);
    expect(movements(db)).toEqual({
      [`${first} registration`]: 200,
      [`${second} registration`]: 100,
    });
    const registerAfterArrivals = registerRows(db);

    // 150 new people first (the batch turns bulk at a quarter of the register), then 40 of the
    // first grid's people move to the second grid and 10 inside the first grid.
    const moves = [
      ...Array.from({ length: 150 }, (_, index) => row(1000 + index, 4)),
      ...Array.from({ length: 40 }, (_, index) => row(index * 3, 3)),
      ...Array.from({ length: 10 }, (_, index) => row(index * 3 + 1, 1)),
    ];
    const moved = await runRegistersImport(db, writeCsv('moves.csv', moves), {
      crs: 'wgs84',
      dryRun: false,
      actor: 't',
    });
    expect(moved.problems).toEqual([]);
    expect(moved.changes).toEqual({ created: 150, updated: 0, moved: 50, unchanged: 0 });
    expect(schemaObjects(db)).toEqual(schema);
    expect(movements(db)).toEqual({
      [`${first} registration`]: 200,
      [`${first} departure`]: 40,
      [`${second} registration`]: 100 + 150 + 40,
    });

    // The full-text index matches its content table, the grams and rollups equal a rebuild.
    db.exec("INSERT INTO persons_name_fts (persons_name_fts) VALUES ('integrity-check')");
    const found = db
      .prepare("SELECT COUNT(*) AS n FROM persons_name_fts WHERE name MATCH '批量居民'")
      .get() as { n: number };
    expect(found.n).toBe(450);
    const gramsAfter = grams(db);
    const rollupsAfter = dumpStatsRollups(db);
    rebuildSearchIndex(db);
    rebuildStatsRollups(db);
    expect(grams(db)).toEqual(gramsAfter);
    expect(dumpStatsRollups(db)).toEqual(rollupsAfter);

    // Rolled back from its journal (written a run of new rows at a time), newest batch first.
    const store = new RegisterImportStore(db);
    store.rollback(moved.batchId!, 't', 'now');
    expect(registerRows(db)).toEqual(registerAfterArrivals);
    store.rollback(created.batchId!, 't', 'now');
    expect(registerRows(db)).toEqual([[], [], [], []]);
    db.close();
  });

  it('stopped half-way, leaves the register, its triggers and indexes as they were', async () => {
    const dbPath = join(dir, 'stopped.sqlite');
    writeSyntheticDistrict(dbPath, {
      streetCount: 1,
      communitiesPerStreet: 1,
      gridsPerCommunity: 1,
      buildingsPerGrid: 2,
      floors: 2,
      unitsPerFloor: 2,
      vacantEvery: 1000,
      rentalEvery: 1000,
      householdsPerUnit: 1,
      personsPerHousehold: 2,
    });
    const db = openDatabase(dbPath);
    const schema = schemaObjects(db);
    const persons = () =>
      (db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
    const before = persons();
    const stop = new AbortController();
    const file = writeCsv(
      'stopped.csv',
      Array.from({ length: 5_000 }, (_, index) => row(index, (index % 2) + 1)),
    );
    await expect(
      runRegistersImport(db, file, {
        crs: 'wgs84',
        dryRun: false,
        actor: 't',
        signal: stop.signal,
        onProgress: () => stop.abort(),
      }),
    ).rejects.toThrow('import stopped');
    expect(db.inTransaction).toBe(false);
    expect(persons()).toBe(before);
    expect(schemaObjects(db)).toEqual(schema);
    expect(db.prepare('SELECT COUNT(*) AS n FROM import_batches').get()).toEqual({ n: 0 });
    db.close();
  });
});
