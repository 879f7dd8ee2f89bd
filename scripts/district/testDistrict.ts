/** Test helper: a small generated district in a temporary folder, opened read-only. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATA_KEY_FILE_NAME } from '../../src/server/store/sealedIdentifiers';
import { writeKeyFile } from '../../src/server/store/dataKeyFiles';
import { generateDistrict, type GenerateSummary } from './generateDistrict';

export interface TestDistrict {
  dbPath: string;
  db: Database.Database;
  summary: GenerateSummary;
  dispose(): void;
}

export const TEST_BUILDING_COUNT = 300;
export const TEST_RESIDENT_COUNT = 20_000;
/** Every test district seals with this key, so the same seed gives the same file bytes. */
export const TEST_DATA_KEY_HEX = '7e57'.repeat(16);

export function generateTestDistrict(
  options: {
    seed?: number;
    buildingCount?: number;
    residentCount?: number;
    fileName?: string;
  } = {},
): TestDistrict {
  const folder = mkdtempSync(join(tmpdir(), 'district-'));
  const dbPath = join(folder, options.fileName ?? 'district.sqlite');
  writeKeyFile(join(folder, DATA_KEY_FILE_NAME), TEST_DATA_KEY_HEX);
  const summary = generateDistrict(dbPath, {
    seed: options.seed,
    buildingCount: options.buildingCount ?? TEST_BUILDING_COUNT,
    residentCount: options.residentCount ?? TEST_RESIDENT_COUNT,
  });
  const db = new Database(dbPath, { readonly: true });
  return {
    dbPath,
    db,
    summary,
    dispose() {
      db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
