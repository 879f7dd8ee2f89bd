/**
 * Builds the district's buildings into a 3D Tiles 1.1 tileset: spatially grouped leaf tiles of
 * .glb content, one feature per floor unit. The output folder is replaced only by a complete
 * build, and the build is skipped when the source rows and the builder have not changed.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  BUILDER_VERSION,
  readStamp,
  stampsEqual,
  STAMP_FILE,
  TILESET_FILE,
  type BuildStamp,
} from './buildStamp';
import { LeafTilePool, tileWorkersFrom } from './leafTilePool';
import { leavesOf, partitionBuildings, type TileNode } from './partitionBuildings';
import {
  readBuildingOutlines,
  UnitReader,
  type BuildingOutline,
  type BuildingSource,
} from './readBuildings';
import { MAX_FEATURES_PER_TILE } from './tileGlb';
import { leafTileJson, parentTileJson, tilesetJsonOf, type TileJson } from './tilesetJson';

/** A few hundred buildings per tile: one request per neighbourhood, a few hundred KB at most. */
export const DEFAULT_MAX_BUILDINGS_PER_TILE = 300;
const CONTENT_FOLDER = 'tiles';
/**
 * What each leaf file was built from, so that a rebuild after an import takes the unchanged
 * leaves over as they are (same file, not rewritten) and builds only the changed ones.
 */
const MANIFEST_FILE = 'tiles-manifest.json';
/**
 * Leaves whose units are read and in flight at once, per tile worker: two keep every worker busy
 * while the next leaf is read, and bound memory whatever the city's size (one leaf holds at most
 * MAX_FEATURES_PER_TILE units).
 */
const LEAVES_IN_FLIGHT_PER_WORKER = 2;

interface ManifestEntry {
  region: TileJson['boundingVolume']['region'];
  origin: { lon: number; lat: number };
  featureCount: number;
  bytes: number;
}
type Manifest = Record<string, ManifestEntry>;

function readManifest(outDir: string): Manifest {
  try {
    return JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return {};
  }
}

/** The leaf's content name: its place in the tree and a hash of everything its tile is made of. */
function leafUri(
  node: { path: string; buildings: readonly BuildingSource[] },
  settingsKey: string,
): string {
  const hash = createHash('sha256').update(BUILDER_VERSION).update(settingsKey);
  for (const building of node.buildings) hash.update(JSON.stringify(building));
  return `${CONTENT_FOLDER}/t${node.path || 'root'}-${hash.digest('hex').slice(0, 16)}.glb`;
}

export interface BuildTilesetOptions {
  dbPath: string;
  /** The tileset folder, e.g. tilesets/district; replaced as a whole. */
  outDir: string;
  /** Build even when the stamp says nothing changed. */
  force?: boolean;
  maxBuildingsPerTile?: number;
  /** Off only to compare sizes or debug; meshopt-encoded content is the default. */
  meshopt?: boolean;
  /**
   * Threads building leaf tiles (default TILE_WORKERS, else one per core but one); 1 builds in
   * this thread. The tiles are the same bytes whatever the count.
   */
  workers?: number;
  onProgress?: (doneBuildings: number, totalBuildings: number) => void;
}

export interface BuildTilesetResult {
  skipped: boolean;
  tilesetPath: string;
  buildingCount: number;
  tileCount: number;
  featureCount: number;
  /** Bytes of tileset.json and every .glb, uncompressed. */
  bytes: number;
  /** Leaves taken over unchanged from the previous build (0 when forced). */
  reusedTileCount: number;
}

interface BuildState {
  tmpDir: string;
  pool: LeafTilePool;
  units: UnitReader;
  doneBuildings: number;
  totalBuildings: number;
  tileCount: number;
  featureCount: number;
  bytes: number;
  reusedTileCount: number;
  /** The previous build's folder and manifest; null when forced or there is none. */
  previous: { dir: string; manifest: Manifest } | null;
  manifest: Manifest;
  /** Each leaf's content, by the leaf's path. */
  leaves: Map<string, { uri: string; entry: ManifestEntry }>;
  settingsKey: string;
  onProgress?: (doneBuildings: number, totalBuildings: number) => void;
}

/** Takes an unchanged leaf over from the previous build: a hard link keeps the very same file. */
function reuseLeaf(uri: string, state: BuildState): ManifestEntry | null {
  const entry = state.previous?.manifest[uri];
  const source = state.previous ? join(state.previous.dir, uri) : '';
  if (!entry || !existsSync(source)) return null;
  try {
    linkSync(source, join(state.tmpDir, uri));
  } catch {
    copyFileSync(source, join(state.tmpDir, uri));
  }
  return entry;
}

/**
 * Runs `work` on every item, at most `limit` at a time, in order of starting; stops starting new
 * ones after a failure. What `work` holds is in memory `limit` times over, never `items` times.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** Reads one leaf's units, builds (or takes over) its content and writes it. */
async function buildLeaf(
  leaf: { path: string; buildings: readonly BuildingOutline[] },
  state: BuildState,
): Promise<void> {
  const buildings = leaf.buildings.map((building) => state.units.withUnits(building));
  const uri = leafUri({ path: leaf.path, buildings }, state.settingsKey);
  let entry = reuseLeaf(uri, state);
  if (entry) state.reusedTileCount++;
  else {
    const built = await state.pool.build(buildings);
    writeFileSync(join(state.tmpDir, uri), built.glb);
    entry = {
      region: built.region,
      origin: built.origin,
      featureCount: built.featureCount,
      bytes: built.glb.byteLength,
    };
  }
  state.manifest[uri] = entry;
  state.leaves.set(leaf.path, { uri, entry });
  state.tileCount++;
  state.featureCount += entry.featureCount;
  state.bytes += entry.bytes;
  state.doneBuildings += leaf.buildings.length;
  state.onProgress?.(state.doneBuildings, state.totalBuildings);
}

function tileJsonOf(node: TileNode<BuildingOutline>, state: BuildState): TileJson {
  if (node.kind === 'internal')
    return parentTileJson(node.children.map((child) => tileJsonOf(child, state)));
  const { uri, entry } = state.leaves.get(node.path)!;
  return leafTileJson(entry.region, entry.origin, uri);
}

/** Moves the finished build into place; the old tileset stays whole until the last moment. */
function replaceFolder(tmpDir: string, outDir: string): void {
  const previousDir = `${outDir}.previous-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, previousDir);
  renameSync(tmpDir, outDir);
  rmSync(previousDir, { recursive: true, force: true });
}

export async function buildTileset(options: BuildTilesetOptions): Promise<BuildTilesetResult> {
  const outDir = resolve(options.outDir);
  const tilesetPath = join(outDir, TILESET_FILE);
  const source = readBuildingOutlines(options.dbPath);
  const maxBuildingsPerTile = options.maxBuildingsPerTile ?? DEFAULT_MAX_BUILDINGS_PER_TILE;
  const meshopt = options.meshopt ?? true;
  const stamp: BuildStamp = {
    builderVersion: BUILDER_VERSION,
    contentHash: source.contentHash,
    settings: { maxBuildingsPerTile, meshopt },
  };
  const previous = readStamp(outDir);
  if (!options.force && previous && stampsEqual(previous, stamp)) {
    return {
      skipped: true,
      tilesetPath,
      buildingCount: source.buildings.length,
      tileCount: 0,
      featureCount: 0,
      bytes: 0,
      reusedTileCount: 0,
    };
  }
  // A building without units has nothing to pick, so it gets no geometry either.
  const buildings = source.buildings.filter((building) => building.unitCount > 0);
  if (buildings.length === 0)
    throw new Error(`${options.dbPath} has no building units to build tiles from`);

  const tree = partitionBuildings(buildings, {
    maxBuildingsPerTile,
    maxUnitsPerTile: MAX_FEATURES_PER_TILE,
  });
  const tmpDir = `${outDir}.building-${process.pid}`;
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(join(tmpDir, CONTENT_FOLDER), { recursive: true });
  const state: BuildState = {
    tmpDir,
    pool: new LeafTilePool(options.workers ?? tileWorkersFrom(process.env), meshopt),
    units: new UnitReader(options.dbPath),
    doneBuildings: 0,
    totalBuildings: buildings.length,
    tileCount: 0,
    featureCount: 0,
    bytes: 0,
    reusedTileCount: 0,
    previous:
      options.force || !existsSync(outDir) ? null : { dir: outDir, manifest: readManifest(outDir) },
    manifest: {},
    leaves: new Map(),
    settingsKey: JSON.stringify(stamp.settings),
    onProgress: options.onProgress,
  };
  try {
    // Leaves in tree order, a bounded number at a time: in this thread one (tiles are large
    // enough that memory, not CPU, is what to keep low), with workers two per worker.
    const inFlight = state.pool.size > 1 ? state.pool.size * LEAVES_IN_FLIGHT_PER_WORKER : 1;
    await forEachBounded(leavesOf(tree), inFlight, (leaf) => buildLeaf(leaf, state));
    const root = tileJsonOf(tree, state);
    const tilesetText = JSON.stringify(tilesetJsonOf(root, BUILDER_VERSION));
    writeFileSync(join(tmpDir, TILESET_FILE), tilesetText);
    // Sorted: leaves finish in any order on workers, the manifest is the same file.
    const manifest = Object.fromEntries(
      Object.entries(state.manifest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    writeFileSync(join(tmpDir, MANIFEST_FILE), JSON.stringify(manifest));
    // Written last: a stamp only ever sits beside a complete tileset.
    writeFileSync(join(tmpDir, STAMP_FILE), JSON.stringify(stamp, null, 2));
    mkdirSync(dirname(outDir), { recursive: true });
    replaceFolder(tmpDir, outDir);
    return {
      skipped: false,
      tilesetPath,
      buildingCount: buildings.length,
      tileCount: state.tileCount,
      featureCount: state.featureCount,
      bytes: state.bytes + Buffer.byteLength(tilesetText),
      reusedTileCount: state.reusedTileCount,
    };
  } catch (error) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  } finally {
    state.units.close();
    await state.pool.close();
  }
}
