/**
 * npm run tiles [-- --db data/district.sqlite --out tilesets/district --force]
 * Builds the district's buildings into 3D Tiles; skips the build when nothing changed.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_TILESET_NAME } from '../src/shared/tileset';
import { buildTileset } from './tiles/buildTileset';

const DEFAULT_DATA_DIR = './data';
const DEFAULT_TILESETS_DIR = './tilesets';
const DB_FILE = 'district.sqlite';
/** Print progress at most this often, so a big build does not flood the terminal. */
const PROGRESS_STEP_PERCENT = 5;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: join(process.env.DATA_DIR ?? DEFAULT_DATA_DIR, DB_FILE) },
      out: {
        type: 'string',
        default: join(process.env.TILESETS_DIR ?? DEFAULT_TILESETS_DIR, DEMO_TILESET_NAME),
      },
      force: { type: 'boolean', default: false },
    },
  });
  const startedMs = performance.now();
  let lastPercent = -PROGRESS_STEP_PERCENT;
  const result = await buildTileset({
    dbPath: values.db,
    outDir: values.out,
    force: values.force,
    onProgress: (doneBuildings, totalBuildings) => {
      const percent = Math.floor((100 * doneBuildings) / totalBuildings);
      if (percent - lastPercent < PROGRESS_STEP_PERCENT && doneBuildings < totalBuildings) return;
      lastPercent = percent;
      console.log(`tiles: ${percent}% (${doneBuildings}/${totalBuildings} buildings)`);
    },
  });
  if (result.skipped) {
    console.log(`tiles: ${result.tilesetPath} is up to date (use --force to rebuild)`);
    return;
  }
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(
    `tiles: wrote ${result.tilesetPath}: ${result.tileCount} tiles, ${result.buildingCount} buildings, ` +
      `${result.featureCount} units, ${(result.bytes / 1024).toFixed(0)} KiB in ${seconds} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`tiles: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
