import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDistrict } from './generateDistrict';
import {
  generateTestDistrict,
  TEST_BUILDING_COUNT,
  TEST_RESIDENT_COUNT,
  type TestDistrict,
} from './testDistrict';

const DUMPED_TABLES = [
  'meta',
  'grids',
  'basemap_features',
  'buildings',
  'units',
  'households',
  'persons',
  'workers',
  'worker_grids',
];

/** A hash over every row of every generated table, independent of the generator's own hash. */
function dumpHash(district: TestDistrict): string {
  const hash = createHash('sha256');
  for (const table of DUMPED_TABLES) {
    // worker_grids is WITHOUT ROWID: its primary key orders it.
    const order = table === 'worker_grids' ? 'worker_id, grid_code' : 'rowid';
    for (const row of district.db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate())
      hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

describe('generateDistrict determinism', () => {
  let first: TestDistrict;
  let second: TestDistrict;
  let otherSeed: TestDistrict;

  beforeAll(() => {
    first = generateTestDistrict({ seed: 7 });
    second = generateTestDistrict({ seed: 7 });
    otherSeed = generateTestDistrict({ seed: 8 });
  });
  afterAll(() => {
    for (const district of [first, second, otherSeed]) district.dispose();
  });

  it('gives the same data for the same seed: data_hash, full dump and file bytes', () => {
    expect(first.summary.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.summary.dataHash).toBe(first.summary.dataHash);
    expect(dumpHash(second)).toBe(dumpHash(first));
    expect(readFileSync(second.dbPath).equals(readFileSync(first.dbPath))).toBe(true);
  });

  it('gives different data for a different seed', () => {
    expect(otherSeed.summary.dataHash).not.toBe(first.summary.dataHash);
    expect(dumpHash(otherSeed)).not.toBe(dumpHash(first));
  });

  it('stores the data hash and the parameters in meta', () => {
    const meta = Object.fromEntries(
      (
        first.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]
      ).map((row) => [row.key, row.value]),
    );
    expect(meta).toMatchObject({
      seed: '7',
      district_code: '350102',
      district_name: '鼓楼区',
      district_name_en: 'Gulou District',
      demo_data: '1',
      data_hash: first.summary.dataHash,
    });
    expect(JSON.parse(meta.params!)).toEqual({
      buildingCount: TEST_BUILDING_COUNT,
      residentCount: TEST_RESIDENT_COUNT,
    });
    expect(meta.generator_version).toBeTruthy();
  });

  it('makes exactly the buildings asked for, about the residents asked for, and synthetic workers', () => {
    const count = (sql: string) => (first.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM buildings')).toBe(TEST_BUILDING_COUNT);
    expect(first.summary.buildingCount).toBe(TEST_BUILDING_COUNT);
    const persons = count('SELECT count(*) AS n FROM persons');
    expect(persons).toBe(first.summary.personCount);
    expect(Math.abs(persons - TEST_RESIDENT_COUNT) / TEST_RESIDENT_COUNT).toBeLessThan(0.03);
    expect(count('SELECT count(*) AS n FROM persons WHERE synthetic <> 1')).toBe(0);
    expect(count('SELECT count(*) AS n FROM workers')).toBe(first.summary.workerCount);
    expect(count('SELECT count(*) AS n FROM workers WHERE synthetic <> 1')).toBe(0);
  });
});

describe('generateDistrict parameters', () => {
  it('rejects bad sizes and seeds before touching the file', () => {
    expect(() => generateDistrict('/nonexistent/x.sqlite', { buildingCount: 0 })).toThrow(
      RangeError,
    );
    expect(() => generateDistrict('/nonexistent/x.sqlite', { residentCount: 1.5 })).toThrow(
      RangeError,
    );
    expect(() => generateDistrict('/nonexistent/x.sqlite', { seed: -1 })).toThrow(RangeError);
  });

  it('reports progress through every stage up to done', () => {
    const folder = mkdtempSync(join(tmpdir(), 'district-progress-'));
    const stages = new Set<string>();
    const dbPath = join(folder, 'nested', 'small.sqlite');
    try {
      generateDistrict(dbPath, {
        buildingCount: 40,
        residentCount: 2000,
        onProgress: (stage, done, total) => {
          expect(done).toBeLessThanOrEqual(total);
          stages.add(stage);
        },
      });
      // Written beside the target and moved into place: no partial file is left behind.
      expect(existsSync(dbPath)).toBe(true);
      expect(existsSync(`${dbPath}.partial`)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect([...stages]).toEqual(
      expect.arrayContaining(['layout', 'buildings', 'units and residents', 'done']),
    );
  });
});
