import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTileset } from './buildTileset';
import { generateDistrict } from '../district/generateDistrict';

/** People do not reach the tiles; a few keep the generator quick. */
const RESIDENT_COUNT = 50;
const SEED = 7;
const BUILDING_COUNT = 6;

let workDir: string;
let dbPath: string;
let outDir: string;

/** Every file of the tileset, so any changed tile shows. */
function folderDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (entry.endsWith('.glb') || entry.endsWith('.json'))
      hash.update(entry).update(readFileSync(join(dir, entry)));
  }
  return hash.digest('hex');
}

function run(sql: string, ...parameters: unknown[]): void {
  const db = new Database(dbPath);
  db.prepare(sql).run(...parameters);
  db.close();
}

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'tiles-rebuild-'));
  dbPath = join(workDir, 'district.sqlite');
  outDir = join(workDir, 'district');
  generateDistrict(dbPath, {
    buildingCount: BUILDING_COUNT,
    residentCount: RESIDENT_COUNT,
    seed: SEED,
  });
});

afterEach(() => rmSync(workDir, { recursive: true, force: true }));

describe('buildTileset rebuilds only when it must', () => {
  it('skips when neither the data nor the builder changed, and rebuilds with force', async () => {
    expect((await buildTileset({ dbPath, outDir })).skipped).toBe(false);
    const before = readFileSync(join(outDir, 'tileset.json'), 'utf8');
    const progress: number[] = [];
    const again = await buildTileset({ dbPath, outDir, onProgress: (done) => progress.push(done) });
    expect(again.skipped).toBe(true);
    expect(progress).toEqual([]);
    expect(readFileSync(join(outDir, 'tileset.json'), 'utf8')).toBe(before);
    expect((await buildTileset({ dbPath, outDir, force: true })).skipped).toBe(false);
  });

  it('rebuilds after a building moves or a unit is added', async () => {
    await buildTileset({ dbPath, outDir });
    const before = folderDigest(outDir);
    run('UPDATE buildings SET origin_lon = origin_lon - 0.001 WHERE id = 1');
    const moved = await buildTileset({ dbPath, outDir });
    expect(moved.skipped).toBe(false);
    expect(folderDigest(outDir)).not.toBe(before);

    run(
      "INSERT INTO units (building_id, floor, unit_no, room_label, use, area_m2) VALUES (1, 99, 1, '9901', 'vacant', 80)",
    );
    const grown = await buildTileset({ dbPath, outDir });
    expect(grown.skipped).toBe(false);
    expect(grown.featureCount).toBe(moved.featureCount + 1);
  });

  it('does not rebuild for changes to data the tiles do not show', async () => {
    await buildTileset({ dbPath, outDir });
    run("UPDATE buildings SET name = 'renamed', address = 'elsewhere' WHERE id = 1");
    expect((await buildTileset({ dbPath, outDir })).skipped).toBe(true);
  });

  it('keeps the previous tileset whole when a build fails', async () => {
    await buildTileset({ dbPath, outDir });
    const before = readFileSync(join(outDir, 'tileset.json'), 'utf8');
    run(
      "INSERT INTO units (building_id, floor, unit_no, room_label, use, area_m2) VALUES (1, 1, 999, '1999', 'vacant', 80)",
    );
    await expect(buildTileset({ dbPath, outDir })).rejects.toThrow(
      /outside the layout of building 1/,
    );
    expect(readFileSync(join(outDir, 'tileset.json'), 'utf8')).toBe(before);
    expect(existsSync(join(outDir, 'build-stamp.json'))).toBe(true);
    // The data key beside the database is the register's, not the build's.
    expect(
      readdirSync(workDir)
        .filter((name) => name !== 'data.key')
        .sort(),
    ).toEqual(['district', 'district.sqlite']);
  });

  it('says clearly when there is no database, and writes nothing', async () => {
    await expect(buildTileset({ dbPath: join(workDir, 'missing.sqlite'), outDir })).rejects.toThrow(
      /no district database/,
    );
    expect(existsSync(outDir)).toBe(false);
  });
});
