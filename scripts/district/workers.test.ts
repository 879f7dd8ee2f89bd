import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { identifierSealerFor } from '../../src/server/store/dataKeyFiles';
import { addDemoWorkersIfMissing, baseGridOutlinesOf } from './demoWorkerRows';
import { generateTestDistrict, type TestDistrict } from './testDistrict';
import { pickWorkerName, romaniseName } from './workerNames';
import { WORKER_MOBILE_PREFIXES, findNeighbourGrids } from './workers';

interface WorkerRow {
  id: number;
  name: string;
  name_en: string;
  phone: string;
  synthetic: number;
}

/** The workers with their phones opened (they are sealed at rest). */
function workerRows(db: Database.Database): { workers: WorkerRow[]; bindings: unknown[] } {
  const sealer = identifierSealerFor(db);
  const stored = db
    .prepare('SELECT id, name, name_en, phone_sealed, synthetic FROM workers ORDER BY id')
    .all() as Array<Omit<WorkerRow, 'phone'> & { phone_sealed: Buffer }>;
  return {
    workers: stored.map(({ phone_sealed, ...worker }) => ({
      ...worker,
      phone: sealer.open('worker_phone', phone_sealed),
    })),
    bindings: db.prepare('SELECT * FROM worker_grids ORDER BY worker_id, grid_code').all(),
  };
}

describe('worker names', () => {
  it('romanises surname and given name in pinyin, compound surnames as one word', () => {
    expect(romaniseName('林伟明')).toBe('Lin Weiming');
    expect(romaniseName('欧阳明')).toBe('Ouyang Ming');
    expect(romaniseName('陈静')).toBe('Chen Jing');
    expect(() => romaniseName('林龘')).toThrow(RangeError);
  });

  it('has a romanisation for every name a worker can be given', () => {
    const random = createSeededRandom(3);
    for (let draw = 0; draw < 20_000; draw++) {
      const { name, nameEn } = pickWorkerName(random);
      expect(nameEn).toMatch(/^[A-Z][a-z]+ [A-Z][a-z']+$/);
      expect(name.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('demo workers of a generated district', () => {
  let district: TestDistrict;
  let grids: { code: string; polygon: string }[];
  let rows: ReturnType<typeof workerRows>;

  beforeAll(() => {
    district = generateTestDistrict({ seed: 11 });
    grids = district.db
      .prepare('SELECT code, polygon FROM grids WHERE level = 4 ORDER BY code')
      .all() as { code: string; polygon: string }[];
    rows = workerRows(district.db);
  });
  afterAll(() => district.dispose());

  it('gives every base grid one or two workers of its own, some also covering a neighbour', () => {
    const bindings = rows.bindings as { worker_id: number; grid_code: string }[];
    const gridsOfWorker = new Map<number, string[]>();
    for (const binding of bindings) {
      gridsOfWorker.set(binding.worker_id, [
        ...(gridsOfWorker.get(binding.worker_id) ?? []),
        binding.grid_code,
      ]);
    }
    expect(gridsOfWorker.size).toBe(rows.workers.length);
    expect(district.summary.workerCount).toBe(rows.workers.length);
    const neighbours = findNeighbourGrids(baseGridOutlinesOf(grids));
    const indexOf = new Map(grids.map((grid, index) => [grid.code, index]));
    let sharedCount = 0;
    for (const codes of gridsOfWorker.values()) {
      expect(codes.length).toBeGreaterThanOrEqual(1);
      expect(codes.length).toBeLessThanOrEqual(2);
      if (codes.length === 2) {
        sharedCount++;
        expect(neighbours[indexOf.get(codes[0]!)!]).toContain(indexOf.get(codes[1]!));
      }
    }
    expect(sharedCount).toBeGreaterThan(0);
    // Every grid is covered; one or two own workers each means between n and 2n workers.
    expect(new Set(bindings.map((binding) => binding.grid_code)).size).toBe(grids.length);
    expect(rows.workers.length).toBeGreaterThanOrEqual(grids.length);
    expect(rows.workers.length).toBeLessThanOrEqual(2 * grids.length);
    expect(rows.workers.length).toBeGreaterThan(grids.length);
  });

  it('finds neighbours only where grids share a boundary stretch', () => {
    const neighbours = findNeighbourGrids(baseGridOutlinesOf(grids));
    expect(neighbours.every((list) => list.length > 0)).toBe(true);
    neighbours.forEach((list, index) => {
      expect(list).not.toContain(index);
      for (const other of list) expect(neighbours[other]).toContain(index);
    });
  });

  it('makes synthetic workers with unique phones that no resident has', () => {
    expect(rows.workers.every((worker) => worker.synthetic === 1)).toBe(true);
    const phones = rows.workers.map((worker) => worker.phone);
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) {
      expect(phone).toMatch(/^1\d{10}$/);
      expect(WORKER_MOBILE_PREFIXES).toContain(phone.slice(0, 3));
    }
    // Residents' phones are sealed at rest: opened with the district's key to read the prefix.
    const sealer = identifierSealerFor(district.db);
    const sealedPhones = district.db
      .prepare('SELECT phone_sealed FROM persons WHERE phone_sealed IS NOT NULL')
      .all() as { phone_sealed: Buffer }[];
    const residentPrefixes = new Set(
      sealedPhones.map((row) => sealer.open('phone', row.phone_sealed).slice(0, 3)),
    );
    expect(residentPrefixes.size).toBeGreaterThan(0);
    for (const prefix of residentPrefixes) expect(WORKER_MOBILE_PREFIXES).not.toContain(prefix);
    for (const worker of rows.workers) expect(worker.name_en).toBe(romaniseName(worker.name));
  });

  it('adds exactly the generated workers to a district that has none, leaving residents alone', () => {
    const olderPath = `${district.dbPath}.older.sqlite`;
    copyFileSync(district.dbPath, olderPath);
    const older = new Database(olderPath);
    older.exec('DELETE FROM worker_grids; DELETE FROM workers');
    const personsBefore = older.prepare('SELECT count(*) AS n FROM persons').get();
    older.close();

    expect(addDemoWorkersIfMissing(olderPath)).toBe(rows.workers.length);
    expect(addDemoWorkersIfMissing(olderPath)).toBe(0);
    const after = new Database(olderPath, { readonly: true });
    try {
      expect(workerRows(after)).toEqual(rows);
      expect(after.prepare('SELECT count(*) AS n FROM persons').get()).toEqual(personsBefore);
    } finally {
      after.close();
    }
  });
});
