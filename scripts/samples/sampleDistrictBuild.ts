/**
 * `npm run sample:district`: a district made only from the sample files (no generator), as a
 * street office would make its own: the configuration's identity, then the imports a user runs
 * one by one — grids (GCJ-02), building footprints (GCJ-02), the population register (XLSX,
 * with its deliberate mistakes refused) and the grid workers' roster — through the same
 * `runImport` as the CLI and the admin page, each audited. Then
 * `DISTRICT_CONFIG=samples/district.config.json npm start` builds its tiles and serves it.
 * Refuses to touch a register that already holds buildings (run it on an empty dataDir).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Crs } from '../../src/domain/geo/crs';
import { loadDistrictConfig, type DistrictConfig } from '../../src/server/config/districtConfig';
import { runImport, type ImportResult } from '../../src/server/imports/runImport';
import { applyDistrictMeta } from '../../src/server/store/districtMetaRows';
import { openDatabase } from '../../src/server/store/openDatabase';
import { SqliteAuditStore } from '../../src/server/store/sqliteAuditStore';

export const SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));

/** The imports, in the order they depend on each other. */
export const SAMPLE_DISTRICT_STEPS: ReadonlyArray<{ kind: string; file: string; crs: Crs }> = [
  { kind: 'grids', file: 'grids-gcj02.geojson', crs: 'gcj02' },
  { kind: 'buildings', file: 'footprints-gcj02.geojson', crs: 'gcj02' },
  { kind: 'registers', file: 'register-sample.xlsx', crs: 'wgs84' },
  { kind: 'workers', file: 'workers.csv', crs: 'wgs84' },
];

export class SampleDistrictExists extends Error {}

export async function buildSampleDistrict(
  config: DistrictConfig,
  options: {
    samplesDir?: string;
    actor?: string;
    /** The first n steps only (the register sample is made from grids and buildings). */
    steps?: number;
    onStep?: (result: ImportResult) => void;
  } = {},
): Promise<ImportResult[]> {
  const samplesDir = options.samplesDir ?? SAMPLES_DIR;
  mkdirSync(dirname(config.dbPath), { recursive: true });
  const counts = applyDistrictMeta(config.dbPath, {
    code: config.code,
    nameZh: config.name.zh,
    nameEn: config.name.en,
    timeZone: config.timeZone,
  });
  if (counts.buildings > 0) {
    throw new SampleDistrictExists(
      `${config.dbPath} 已有 ${counts.buildings} 栋建筑，未改动 / already holds ${counts.buildings} buildings, left as it is`,
    );
  }
  const db = openDatabase(config.dbPath);
  const audit = new SqliteAuditStore(db);
  const results: ImportResult[] = [];
  try {
    for (const step of SAMPLE_DISTRICT_STEPS.slice(0, options.steps)) {
      const result = await runImport(
        { engine: 'sqlite', db },
        {
          kind: step.kind,
          filePath: join(samplesDir, step.file),
          crs: step.crs,
          dryRun: false,
          actor: options.actor ?? 'sample:district',
          dataDir: config.dataDir,
          recordAudit: (record) => audit.recordAudit(record),
        },
      );
      results.push(result);
      options.onStep?.(result);
    }
  } finally {
    db.close();
  }
  return results;
}

async function main(): Promise<void> {
  const configPath = process.env.DISTRICT_CONFIG || join(SAMPLES_DIR, 'district.config.json');
  const config = loadDistrictConfig(configPath);
  const results = await buildSampleDistrict(config, {
    onStep: (result) =>
      console.error(
        `${result.kind.padEnd(10)} ${result.fileName}: ${result.rows} rows, ${result.accepted} accepted, ` +
          `${result.rejected} refused${result.errorFile === null ? '' : ` (problems: ${result.errorFile})`}`,
      ),
  });
  console.error(
    `示范辖区已导入 Sample district imported into ${config.dbPath}\n` +
      `启动 Start it: DISTRICT_CONFIG=${configPath} npm start`,
  );
  console.log(
    JSON.stringify(
      results.map(({ kind, rows, accepted, rejected, errorFile }) => ({
        kind,
        rows,
        accepted,
        rejected,
        errorFile,
      })),
    ),
  );
}

const isMain =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
