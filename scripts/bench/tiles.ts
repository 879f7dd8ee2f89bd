/**
 * npm run bench:tiles — builds the tileset for a 20,000-building district and, in the same run,
 * a naive baseline (one float32 .glb per building, every unit a closed box). Prints seconds per
 * 1,000 buildings and gzipped bytes per building and per unit for both; the last line is JSON.
 * The district comes from the demo generator (scripts/district), so shapes are the real mix.
 * The tileset is built twice: in one thread and on worker threads (one per core, at least two;
 * BENCH_TILE_WORKERS sets it), the same bytes; `threadSpeedup` is the ratio of their times.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateDistrict } from '../district/generateDistrict';
import { buildTileset } from '../tiles/buildTileset';
import { centreOf } from '../tiles/leafTile';
import { encodeNaiveBuildingGlb } from '../tiles/naiveBuildingGlb';
import { readBuildings } from '../tiles/readBuildings';
import {
  leafTileJson,
  parentTileJson,
  regionAroundEnuBox,
  tilesetJsonOf,
} from '../tiles/tilesetJson';

const BUILDING_COUNT = Number(process.env.BENCH_BUILDINGS ?? 20_000);
const THREADED_WORKERS = Number(
  process.env.BENCH_TILE_WORKERS ?? Math.max(2, availableParallelism()),
);
const SEED = 42;
/** People never reach the tiles; one per building keeps generation quick without changing units. */
const RESIDENTS_PER_BUILDING = 1;
/** The target: about what Cesium OSM Buildings spends on a building. */
const TARGET_GZIP_BYTES_PER_BUILDING = 1024;
const BUILDINGS_PER_THOUSAND = 1000;
/** Loose bound for the baseline's regions: taller than any generated building. */
const BASELINE_MAX_HEIGHT_M = 400;
const BASELINE_HALF_WIDTH_M = 100;

interface FolderSize {
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

/** Every file gzipped on its own, as an HTTP server with compression would send it. */
function measureFolder(dir: string): FolderSize {
  const size: FolderSize = { files: 0, rawBytes: 0, gzipBytes: 0 };
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    if (!statSync(path).isFile() || entry.endsWith('build-stamp.json')) continue;
    const bytes = readFileSync(path);
    size.files++;
    size.rawBytes += bytes.byteLength;
    size.gzipBytes += gzipSync(bytes).byteLength;
  }
  return size;
}

async function buildBaseline(dbPath: string, outDir: string): Promise<number> {
  const source = readBuildings(dbPath);
  mkdirSync(join(outDir, 'buildings'), { recursive: true });
  const tiles = [];
  for (const building of source.buildings) {
    if (building.units.length === 0) continue;
    const uri = `buildings/b${building.id}.glb`;
    writeFileSync(join(outDir, uri), await encodeNaiveBuildingGlb(building));
    const origin = centreOf([building]);
    const region = regionAroundEnuBox(
      origin,
      [-BASELINE_HALF_WIDTH_M, -BASELINE_HALF_WIDTH_M, 0],
      [BASELINE_HALF_WIDTH_M, BASELINE_HALF_WIDTH_M, BASELINE_MAX_HEIGHT_M],
    );
    tiles.push(leafTileJson(region, origin, uri));
  }
  writeFileSync(
    join(outDir, 'tileset.json'),
    JSON.stringify(tilesetJsonOf(parentTileJson(tiles), 'baseline')),
  );
  return tiles.length;
}

function figuresOf(
  size: FolderSize,
  seconds: number,
  buildings: number,
  units: number,
  tiles: number,
) {
  return {
    seconds: Number(seconds.toFixed(2)),
    secondsPer1000Buildings: Number(((seconds * BUILDINGS_PER_THOUSAND) / buildings).toFixed(3)),
    files: size.files,
    tiles,
    rawBytes: size.rawBytes,
    gzipBytes: size.gzipBytes,
    gzipBytesPerBuilding: Number((size.gzipBytes / buildings).toFixed(1)),
    gzipBytesPerUnit: Number((size.gzipBytes / units).toFixed(2)),
  };
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-tiles-'));
  try {
    const dbPath = join(workDir, 'district.sqlite');
    console.log(`bench:tiles: generating ${BUILDING_COUNT} buildings`);
    generateDistrict(dbPath, {
      buildingCount: BUILDING_COUNT,
      residentCount: BUILDING_COUNT * RESIDENTS_PER_BUILDING,
      seed: SEED,
    });
    const source = readBuildings(dbPath);
    const buildings = source.buildings.length;
    const units = source.unitCount;

    let startedMs = performance.now();
    const ours = await buildTileset({
      dbPath,
      outDir: join(workDir, 'ours'),
      force: true,
      workers: 1,
      onProgress: (done, total) => {
        if (done === total) console.log(`bench:tiles: tileset built (${total} buildings)`);
      },
    });
    const oursSeconds = (performance.now() - startedMs) / 1000;
    startedMs = performance.now();
    await buildTileset({
      dbPath,
      outDir: join(workDir, 'threaded'),
      force: true,
      workers: THREADED_WORKERS,
    });
    const threadedSeconds = (performance.now() - startedMs) / 1000;
    const threadSpeedup = Number((oursSeconds / threadedSeconds).toFixed(2));
    startedMs = performance.now();
    const baselineTiles = await buildBaseline(dbPath, join(workDir, 'baseline'));
    const baselineSeconds = (performance.now() - startedMs) / 1000;

    const figures = figuresOf(
      measureFolder(join(workDir, 'ours')),
      oursSeconds,
      buildings,
      units,
      ours.tileCount,
    );
    const baseline = figuresOf(
      measureFolder(join(workDir, 'baseline')),
      baselineSeconds,
      buildings,
      units,
      baselineTiles,
    );
    const ratio = Number((baseline.gzipBytesPerBuilding / figures.gzipBytesPerBuilding).toFixed(2));
    const speedRatio = Number((baseline.seconds / figures.seconds).toFixed(2));
    const meetsTarget = figures.gzipBytesPerBuilding <= TARGET_GZIP_BYTES_PER_BUILDING;
    console.log(
      `bench:tiles: ${buildings} buildings, ${units} units (${(units / buildings).toFixed(1)} per building)`,
    );
    console.log(
      `  ours:     ${figures.secondsPer1000Buildings} s/1000 buildings, ${figures.gzipBytesPerBuilding} B/building, ${figures.gzipBytesPerUnit} B/unit gzipped, ${figures.tiles} tiles`,
    );
    console.log(
      `  baseline: ${baseline.secondsPer1000Buildings} s/1000 buildings, ${baseline.gzipBytesPerBuilding} B/building, ${baseline.gzipBytesPerUnit} B/unit gzipped, ${baseline.tiles} files`,
    );
    console.log(
      `  on ${THREADED_WORKERS} worker threads: ${Number(threadedSeconds.toFixed(2))} s against ${Number(oursSeconds.toFixed(2))} s in one thread (${threadSpeedup}x)`,
    );
    console.log(
      `  ${ratio}x smaller than the baseline; target ≤ ${TARGET_GZIP_BYTES_PER_BUILDING} B/building: ${meetsTarget ? 'met' : 'MISSED'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'tiles',
        buildings,
        units,
        figures,
        baseline,
        ratio,
        speedRatio,
        threaded: { workers: THREADED_WORKERS, seconds: Number(threadedSeconds.toFixed(2)) },
        threadSpeedup,
        target: { gzipBytesPerBuilding: TARGET_GZIP_BYTES_PER_BUILDING, met: meetsTarget },
      }),
    );
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
