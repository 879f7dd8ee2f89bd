import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { getAppConfig } from '../registry/mapQueries';
import { applyDistrictMeta } from './districtMetaRows';
import { openDatabase } from './openDatabase';
import { sqliteRegistryRepository } from './sqliteRegistry';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a configured district starts from an empty register with its own name, marked not demo', async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-meta-'));
  const dbPath = join(dir, 'district.sqlite');
  const counts = applyDistrictMeta(dbPath, {
    code: '350102',
    nameZh: '示范街道',
    nameEn: 'Sample street',
    timeZone: 'Asia/Shanghai',
  });
  expect(counts).toEqual({ grids: 0, buildings: 0 });
  const db = openDatabase(dbPath);
  const config = await getAppConfig(sqliteRegistryRepository(db));
  db.close();
  expect(config).toMatchObject({
    districtCode: '350102',
    districtName: '示范街道',
    districtNameEn: 'Sample street',
    demoData: false,
  });
});
