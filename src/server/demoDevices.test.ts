import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DEVICE_CREATED_BY, ensureDemoDevices } from './demoDevices';
import { openDatabase } from './store/openDatabase';
import { SqliteTrackingStore, sqliteTrackingRepository } from './store/sqliteTrackingStore';
import { writeSyntheticDistrict } from './testing/syntheticDistrict';
import { TEST_DISTRICT_SIZE } from './testing/testServer';
import { authenticateDeviceToken } from './tracking/deviceTokens';

let rootDir: string;
let dbPath: string;
let workerIds: number[];

beforeEach(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-demo-devices-'));
  dbPath = join(rootDir, 'district.sqlite');
  workerIds = writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE).workerIds;
});

afterEach(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

describe('ensureDemoDevices', () => {
  it('issues one demo token per worker and revokes the previous demo tokens', async () => {
    const first = ensureDemoDevices(dbPath);
    expect(first.map((device) => device.workerId)).toEqual(workerIds);
    const second = ensureDemoDevices(dbPath, { workerIds: [workerIds[1]!] });
    const db = openDatabase(dbPath);
    try {
      const store = new SqliteTrackingStore(db);
      const repository = sqliteTrackingRepository(store);
      for (const device of first) {
        expect(await authenticateDeviceToken(repository, device.token)).toBeNull();
      }
      expect(await authenticateDeviceToken(repository, second[0]!.token)).toMatchObject({
        workerId: workerIds[1],
      });
      const tokens = store.listDeviceTokens();
      expect(
        tokens.every((token) => token.demo && token.createdBy === DEMO_DEVICE_CREATED_BY),
      ).toBe(true);
      expect(tokens.filter((token) => token.revokedAt === null)).toHaveLength(1);
      // Only hashes are stored.
      const stored = JSON.stringify(db.prepare('SELECT * FROM device_tokens').all());
      expect(stored).not.toContain(second[0]!.token);
    } finally {
      db.close();
    }
  });

  it('leaves tokens issued by an administrator alone', () => {
    const db = openDatabase(dbPath);
    try {
      const store = new SqliteTrackingStore(db);
      store.insertDeviceToken({
        tokenHash: 'admin-issued',
        workerId: workerIds[0]!,
        label: 'phone',
        createdAt: '2026-11-27T00:00:00.000Z',
        createdBy: 'admin',
        demo: false,
      });
      ensureDemoDevices(db);
      expect(store.deviceTokenByHash('admin-issued')).not.toBeNull();
    } finally {
      db.close();
    }
  });
});
