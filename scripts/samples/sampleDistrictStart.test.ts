/**
 * A district made only from the sample files: the configuration's identity into an empty
 * register, the sample grids imported, and the real server then answers with that district —
 * its name, not demo, its ten grids — and no generated data anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDistrictConfig } from '../../src/server/config/districtConfig';
import { createServer, type RunningServer } from '../../src/server/createServer';
import { ensureDemoUsers } from '../../src/server/demoUsers';
import { gridsImportKind } from '../../src/server/imports/grids/gridsImportKind';
import { applyDistrictMeta } from '../../src/server/store/districtMetaRows';
import { openDatabase } from '../../src/server/store/openDatabase';
import { SAMPLE_DISTRICT_CONFIG } from './generateSamples';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));
const PASSWORD = 'sample-district-test';
let dir: string;
let server: RunningServer;
let baseUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-sample-district-'));
  const config = parseDistrictConfig(
    { ...SAMPLE_DISTRICT_CONFIG, dataDir: dir },
    join(SAMPLES, 'district.config.json'),
  );
  applyDistrictMeta(config.dbPath, {
    code: config.code,
    nameZh: config.name.zh,
    nameEn: config.name.en,
    timeZone: config.timeZone,
  });
  const db = openDatabase(config.dbPath);
  const summary = await gridsImportKind.run(db, join(SAMPLES, 'grids-gcj02.geojson'), {
    crs: 'gcj02',
    dryRun: false,
    actor: 'admin',
  });
  db.close();
  expect(summary.problems).toEqual([]);
  await ensureDemoUsers(config.dbPath, PASSWORD);
  server = await createServer({ dbPath: config.dbPath, imagery: config.imagery });
  baseUrl = await server.listen(0, '127.0.0.1');
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('serves the configured district with its imported grids and bundled imagery', async () => {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const get = async (path: string): Promise<unknown> =>
    (await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
  expect(await get('/api/config')).toMatchObject({
    districtCode: '350102',
    districtName: SAMPLE_DISTRICT_CONFIG.name.zh,
    demoData: false,
  });
  const grids = (await get('/api/grids')) as Array<{ code: string }>;
  expect(grids).toHaveLength(10);
  expect(await get('/api/imagery')).toEqual({ type: 'bundled' });
});
