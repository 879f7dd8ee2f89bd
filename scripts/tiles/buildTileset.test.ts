import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { validateBytes } from 'gltf-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitFootprints, type Wing } from '../../src/domain/buildingLayout';
import { toLocalMetres } from '../../src/domain/geo/localFrame';
import { buildTileset, type BuildTilesetResult } from './buildTileset';
import { generateDistrict } from '../district/generateDistrict';
import type { TileJson, TilesetJson } from './tilesetJson';
import {
  decodeTile,
  ecefToGeodetic,
  gltfToEcef,
  withoutMeshopt,
  type DecodedTile,
} from './tileTestKit';

/** People do not reach the tiles; a few keep the generator quick. */
const RESIDENT_COUNT = 50;
const SEED = 7;
const BUILDING_COUNT = 24;
/** Small tiles so that even the test district has a tree of several levels. */
const MAX_BUILDINGS_PER_TILE = 5;
/** Quantisation steps are centimetres at this size; allow a few. */
const POSITION_TOLERANCE_M = 0.1;
const RAD_TO_DEG = 180 / Math.PI;

interface UnitRow {
  id: number;
  building_id: number;
  floor: number;
  unit_no: number;
}
interface BuildingRow {
  id: number;
  origin_lon: number;
  origin_lat: number;
  floor_height_m: number;
  wings: string;
}
interface LoadedTile {
  tile: TileJson;
  ancestors: TileJson[];
  decoded: DecodedTile;
  glb: Uint8Array;
}

let workDir: string;
let dbPath: string;
let outDir: string;
let firstBuild: BuildTilesetResult;
let tileset: TilesetJson;
let tiles: LoadedTile[];
const progress: Array<[number, number]> = [];

function allTiles(
  tile: TileJson,
  ancestors: TileJson[] = [],
): Array<{ tile: TileJson; ancestors: TileJson[] }> {
  return [
    { tile, ancestors },
    ...(tile.children ?? []).flatMap((child) => allTiles(child, [...ancestors, tile])),
  ];
}

function insideRegion(
  region: readonly number[],
  lonDeg: number,
  latDeg: number,
  heightM: number,
): boolean {
  const [west, south, east, north, minHeightM, maxHeightM] = region as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return (
    lonDeg >= west * RAD_TO_DEG &&
    lonDeg <= east * RAD_TO_DEG &&
    latDeg >= south * RAD_TO_DEG &&
    latDeg <= north * RAD_TO_DEG &&
    heightM >= minHeightM &&
    heightM <= maxHeightM
  );
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'tiles-test-'));
  dbPath = join(workDir, 'district.sqlite');
  outDir = join(workDir, 'tilesets', 'district');
  generateDistrict(dbPath, {
    buildingCount: BUILDING_COUNT,
    residentCount: RESIDENT_COUNT,
    seed: SEED,
  });
  firstBuild = await buildTileset({
    dbPath,
    outDir,
    maxBuildingsPerTile: MAX_BUILDINGS_PER_TILE,
    workers: 1,
    onProgress: (done, total) => progress.push([done, total]),
  });
  tileset = JSON.parse(readFileSync(join(outDir, 'tileset.json'), 'utf8')) as TilesetJson;
  tiles = [];
  for (const { tile, ancestors } of allTiles(tileset.root)) {
    if (!tile.content) continue;
    const glb = readFileSync(join(outDir, tile.content.uri));
    tiles.push({ tile, ancestors, glb, decoded: await decodeTile(glb) });
  }
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('buildTileset', () => {
  it('writes several tiles and reports progress up to every building', () => {
    expect(firstBuild.skipped).toBe(false);
    expect(firstBuild.tileCount).toBeGreaterThan(2);
    expect(tiles).toHaveLength(firstBuild.tileCount);
    expect(progress.at(-1)).toEqual([BUILDING_COUNT, BUILDING_COUNT]);
    expect(readdirSync(join(workDir, 'tilesets'))).toEqual(['district']);
  });

  it('builds the same bytes on worker threads as in this thread', async () => {
    const threadedDir = join(workDir, 'threaded', 'district');
    const threaded = await buildTileset({
      dbPath,
      outDir: threadedDir,
      maxBuildingsPerTile: MAX_BUILDINGS_PER_TILE,
      workers: 3,
    });
    expect(firstBuild.tileCount).toBeGreaterThan(3);
    expect(threaded.tileCount).toBe(firstBuild.tileCount);
    const files = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(dir.length))
        .sort();
    expect(files(threadedDir)).toEqual(files(outDir));
    for (const file of files(outDir))
      expect(
        readFileSync(join(threadedDir, file)).equals(readFileSync(join(outDir, file))),
        file,
      ).toBe(true);
  });

  it('gives every .glb a clean gltf-validator report, compressed and decoded', async () => {
    for (const { glb, decoded, tile } of tiles) {
      const report = await validateBytes(glb, { uri: tile.content!.uri });
      expect(report.issues.numErrors, JSON.stringify(report.issues.messages)).toBe(0);
      // The validator cannot look inside meshopt streams, so check the decoded data as well.
      const plain = await validateBytes(await withoutMeshopt(decoded.document));
      expect(plain.issues.numErrors, JSON.stringify(plain.issues.messages)).toBe(0);
      expect(plain.issues.numWarnings, JSON.stringify(plain.issues.messages)).toBe(0);
    }
  });

  it('has exactly one feature per unit in the database, with its keys', () => {
    const db = new Database(dbPath, { readonly: true });
    const units = db
      .prepare('SELECT id, building_id, floor, unit_no FROM units')
      .all() as UnitRow[];
    db.close();
    const byId = new Map(units.map((unit) => [unit.id, unit]));
    const seen = new Set<number>();
    let featureCount = 0;
    for (const { decoded } of tiles) {
      featureCount += decoded.featureCount;
      expect(decoded.unitIds).toHaveLength(decoded.featureCount);
      decoded.unitIds.forEach((unitId, featureId) => {
        expect(seen.has(unitId)).toBe(false);
        seen.add(unitId);
        expect(byId.get(unitId)).toMatchObject({
          building_id: decoded.buildingIds[featureId],
          floor: decoded.floors[featureId],
        });
      });
      expect(new Set(decoded.featureIds).size).toBe(decoded.featureCount);
      expect(Math.max(...decoded.featureIds)).toBe(decoded.featureCount - 1);
    }
    expect(featureCount).toBe(units.length);
    expect(firstBuild.featureCount).toBe(units.length);
  });

  it('writes a well-formed 3D Tiles 1.1 tileset.json', () => {
    expect(tileset.asset.version).toBe('1.1');
    expect(tileset.root.refine).toBe('ADD');
    expect(tileset.geometricError).toBeGreaterThanOrEqual(tileset.root.geometricError);
    for (const { tile, ancestors } of allTiles(tileset.root)) {
      expect(tile.boundingVolume.region).toHaveLength(6);
      expect(Number.isFinite(tile.geometricError) && tile.geometricError >= 0).toBe(true);
      const parent = ancestors.at(-1);
      if (parent) {
        expect(tile.geometricError).toBeLessThanOrEqual(parent.geometricError);
        const [west, south, east, north, low, high] = tile.boundingVolume.region;
        expect(
          insideRegion(parent.boundingVolume.region, west * RAD_TO_DEG, south * RAD_TO_DEG, low),
        ).toBe(true);
        expect(
          insideRegion(parent.boundingVolume.region, east * RAD_TO_DEG, north * RAD_TO_DEG, high),
        ).toBe(true);
      }
      if (tile.content) {
        expect(tile.content.uri).toMatch(/\.glb$/);
        expect(existsSync(join(outDir, tile.content.uri))).toBe(true);
        expect(tile.transform).toHaveLength(16);
      } else {
        expect(tile.children?.length).toBeGreaterThan(0);
      }
    }
  });

  it('places every unit at its building, on its floor, inside its tile', () => {
    const db = new Database(dbPath, { readonly: true });
    const buildings = new Map(
      (
        db
          .prepare('SELECT id, origin_lon, origin_lat, floor_height_m, wings FROM buildings')
          .all() as BuildingRow[]
      ).map((row) => [row.id, row]),
    );
    const units = new Map(
      (db.prepare('SELECT id, building_id, floor, unit_no FROM units').all() as UnitRow[]).map(
        (unit) => [unit.id, unit],
      ),
    );
    db.close();
    for (const { tile, decoded } of tiles) {
      for (let vertex = 0; vertex < decoded.featureIds.length; vertex++) {
        const [x, y, z] = [0, 1, 2].map((axis) => decoded.positionsGltf[vertex * 3 + axis]!) as [
          number,
          number,
          number,
        ];
        const place = ecefToGeodetic(gltfToEcef(tile.transform!, x, y, z));
        expect(insideRegion(tile.boundingVolume.region, place.lon, place.lat, place.heightM)).toBe(
          true,
        );
        const unit = units.get(decoded.unitIds[decoded.featureIds[vertex]!]!)!;
        const building = buildings.get(unit.building_id)!;
        const footprint = unitFootprints(JSON.parse(building.wings) as Wing[])[unit.unit_no - 1]!;
        const local = toLocalMetres({ lon: building.origin_lon, lat: building.origin_lat }, place);
        const eastValues = footprint.map(([eastM]) => eastM);
        const northValues = footprint.map(([, northM]) => northM);
        expect(local.eastM).toBeGreaterThan(Math.min(...eastValues) - POSITION_TOLERANCE_M);
        expect(local.eastM).toBeLessThan(Math.max(...eastValues) + POSITION_TOLERANCE_M);
        expect(local.northM).toBeGreaterThan(Math.min(...northValues) - POSITION_TOLERANCE_M);
        expect(local.northM).toBeLessThan(Math.max(...northValues) + POSITION_TOLERANCE_M);
        expect(place.heightM).toBeGreaterThan(
          (unit.floor - 1) * building.floor_height_m - POSITION_TOLERANCE_M,
        );
        expect(place.heightM).toBeLessThan(
          unit.floor * building.floor_height_m + POSITION_TOLERANCE_M,
        );
      }
    }
  });

  it('winds every triangle counter-clockwise around its outward normal', () => {
    for (const { decoded } of tiles) {
      const point = (vertex: number) =>
        [0, 1, 2].map((axis) => decoded.positionsGltf[vertex * 3 + axis]!) as [
          number,
          number,
          number,
        ];
      for (let corner = 0; corner < decoded.indices.length; corner += 3) {
        const [a, b, c] = [0, 1, 2].map((offset) => decoded.indices[corner + offset]!) as [
          number,
          number,
          number,
        ];
        const [pa, pb, pc] = [point(a), point(b), point(c)];
        const ab = [pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]];
        const ac = [pc[0] - pa[0], pc[1] - pa[1], pc[2] - pa[2]];
        const cross = [
          ab[1]! * ac[2]! - ab[2]! * ac[1]!,
          ab[2]! * ac[0]! - ab[0]! * ac[2]!,
          ab[0]! * ac[1]! - ab[1]! * ac[0]!,
        ];
        const normal = [0, 1, 2].map((axis) => decoded.normalsGltf[a * 3 + axis]!);
        const alignment =
          (cross[0]! * normal[0]! + cross[1]! * normal[1]! + cross[2]! * normal[2]!) /
          Math.hypot(...cross);
        expect(alignment).toBeGreaterThan(0.99);
      }
    }
  });
});
