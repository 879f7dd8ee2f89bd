/**
 * A city's tiles are built without holding its units: buildings are partitioned by their unit
 * counts alone, and each leaf's units are read when the leaf is built, a bounded number of leaves
 * at a time (issue 14 §3: 200,000 buildings have ten million units).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDistrict } from '../district/generateDistrict';
import { buildTileset, forEachBounded } from './buildTileset';
import { readBuildingOutlines, readBuildings, UnitReader } from './readBuildings';

const BUILDING_COUNT = 60;
const RESIDENT_COUNT = 50;
const SEED = 11;
const MAX_BUILDINGS_PER_TILE = 3;
const WORKERS = 2;
/** buildTileset's LEAVES_IN_FLIGHT_PER_WORKER. */
const LEAVES_PER_WORKER = 2;

let workDir: string;
let dbPath: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'gcc-tiles-streaming-'));
  dbPath = join(workDir, 'district.sqlite');
  generateDistrict(dbPath, {
    seed: SEED,
    buildingCount: BUILDING_COUNT,
    residentCount: RESIDENT_COUNT,
  });
});

afterAll(() => {
  vi.restoreAllMocks();
  rmSync(workDir, { recursive: true, force: true });
});

describe('forEachBounded', () => {
  it('never runs more than the limit at once, and runs every item once in order of starting', async () => {
    const started: number[] = [];
    let running = 0;
    let mostRunning = 0;
    await forEachBounded(
      Array.from({ length: 50 }, (_, index) => index),
      3,
      async (item) => {
        started.push(item);
        running++;
        mostRunning = Math.max(mostRunning, running);
        // Uneven durations, so lanes overtake one another.
        for (let tick = 0; tick < (item % 4) + 1; tick++) await new Promise(setImmediate);
        running--;
      },
    );
    expect(mostRunning).toBe(3);
    expect(started).toEqual(Array.from({ length: 50 }, (_, index) => index));
  });

  it('starts nothing more after a failure', async () => {
    const started: number[] = [];
    const run = forEachBounded([1, 2, 3, 4, 5, 6], 2, async (item) => {
      started.push(item);
      await new Promise(setImmediate);
      if (item === 2) throw new Error('leaf 2 failed');
    });
    await expect(run).rejects.toThrow('leaf 2 failed');
    await new Promise(setImmediate);
    expect(started.length).toBeLessThanOrEqual(3);
  });
});

describe('reading a district for tiles', () => {
  it('outlines count the units without keeping them, and agree with the full read', () => {
    const outline = readBuildingOutlines(dbPath);
    const full = readBuildings(dbPath);
    const db = new Database(dbPath, { readonly: true });
    const unitRows = (db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
    db.close();
    expect(outline.unitCount).toBe(unitRows);
    expect(outline.contentHash).toBe(full.contentHash);
    for (const building of outline.buildings) expect(building).not.toHaveProperty('units');
    expect(outline.buildings.map((building) => building.unitCount)).toEqual(
      full.buildings.map((building) => building.units.length),
    );
  });

  it('reads one building’s units sorted by floor and unit number', () => {
    const [first] = readBuildingOutlines(dbPath).buildings;
    const reader = new UnitReader(dbPath);
    try {
      const units = reader.withUnits(first!).units;
      expect(units).toHaveLength(first!.unitCount);
      const order = units.map((unit) => unit.floor * 1000 + unit.unitNo);
      expect(order).toEqual([...order].sort((left, right) => left - right));
    } finally {
      reader.close();
    }
  });
});

describe('building a tileset on workers', () => {
  it('holds the units of a bounded number of leaves at a time, not of the whole district', async () => {
    let loaded = 0;
    let done = 0;
    let mostOutstanding = 0;
    const withUnits = UnitReader.prototype.withUnits;
    vi.spyOn(UnitReader.prototype, 'withUnits').mockImplementation(function (
      this: UnitReader,
      building,
    ) {
      loaded++;
      mostOutstanding = Math.max(mostOutstanding, loaded - done);
      return withUnits.call(this, building);
    });
    const result = await buildTileset({
      dbPath,
      outDir: join(workDir, 'tiles'),
      force: true,
      workers: WORKERS,
      maxBuildingsPerTile: MAX_BUILDINGS_PER_TILE,
      onProgress: (doneBuildings) => {
        done = doneBuildings;
      },
    });
    expect(result.buildingCount).toBe(BUILDING_COUNT);
    expect(loaded).toBe(BUILDING_COUNT);
    expect(mostOutstanding).toBeLessThanOrEqual(
      WORKERS * LEAVES_PER_WORKER * MAX_BUILDINGS_PER_TILE,
    );
    expect(mostOutstanding).toBeLessThan(BUILDING_COUNT / 2);
  });
});
