/**
 * CLI for the demo district generator.
 *   npm run generate -- [--db path] [--seed n] [--buildings n] [--residents n]
 * The database defaults to $DATA_DIR/district.sqlite (DATA_DIR defaults to ./data).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDistrict } from './district/generateDistrict';

const DEFAULT_DATA_DIR = './data';
const DEFAULT_DB_FILE = 'district.sqlite';

function optionalInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value)) throw new Error(`--${name} must be an integer, got ${text}`);
  return value;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      seed: { type: 'string' },
      buildings: { type: 'string' },
      residents: { type: 'string' },
    },
  });
  const dbPath = values.db ?? join(process.env.DATA_DIR ?? DEFAULT_DATA_DIR, DEFAULT_DB_FILE);
  mkdirSync(dirname(dbPath), { recursive: true });
  let lastLine = '';
  const summary = generateDistrict(dbPath, {
    seed: optionalInteger('seed', values.seed),
    buildingCount: optionalInteger('buildings', values.buildings),
    residentCount: optionalInteger('residents', values.residents),
    onProgress(stage, done, total) {
      const line = `${stage}: ${Math.floor((100 * done) / Math.max(1, total))}%`;
      if (line !== lastLine) console.log(line);
      lastLine = line;
    },
  });
  console.log(
    [
      `wrote ${summary.dbPath} in ${(summary.elapsedMs / 1000).toFixed(1)} s (seed ${summary.seed})`,
      `  grids: ${summary.streetCount} streets, ${summary.communityCount} communities, ${summary.gridCount} base grids; area ${summary.districtAreaKm2.toFixed(1)} km²`,
      `  ${summary.buildingCount} buildings, ${summary.unitCount} units, ${summary.householdCount} households, ${summary.personCount} residents`,
      `  ${summary.basemapFeatureCount} base-map features; data_hash ${summary.dataHash}`,
    ].join('\n'),
  );
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
