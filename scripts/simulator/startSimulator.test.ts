/**
 * The simulator against the real server: a generated district, createServer on a free port,
 * demo device tokens, and heavy injected duplicates and out-of-order delivery. Every fix the
 * simulator made must be stored exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../src/server/createServer';
import { ensureDemoDevices } from '../../src/server/demoDevices';
import { ensureDemoUsers } from '../../src/server/demoUsers';
import { generateDistrict } from '../district/generateDistrict';
import {
  NO_FAULTS,
  loadSimulationNetworkFromApi,
  loadSimulationNetworkFromDb,
  startSimulator,
  type RunningSimulator,
} from './startSimulator';

const WORKER_COUNT = 4;
const BACKFILL_MINUTES = 5;
const FIX_INTERVAL_MS = 1000;

describe('startSimulator against the real server', () => {
  let folder: string;
  let dbPath: string;
  let server: RunningServer;
  let serverUrl: string;
  let simulator: RunningSimulator | null = null;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'simulator-'));
    dbPath = join(folder, 'district.sqlite');
    generateDistrict(dbPath, { seed: 4, buildingCount: 40, residentCount: 1500 });
    server = await createServer({ dbPath, staticDir: folder, tilesetsDir: folder });
    serverUrl = await server.listen(0);
  });
  afterAll(async () => {
    await simulator?.stop();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores every fix exactly once despite duplicates and out-of-order delivery', async () => {
    const network = loadSimulationNetworkFromDb(dbPath);
    const workerIds = network.workers.slice(0, WORKER_COUNT).map((worker) => worker.workerId);
    const devices = ensureDemoDevices(dbPath, { workerIds });
    simulator = await startSimulator({
      serverUrl,
      devices,
      network,
      seed: 2,
      fixIntervalMs: FIX_INTERVAL_MS,
      backfillMinutes: BACKFILL_MINUTES,
      // Small batches: many uploads to garble in a short test.
      maxBatchSize: 50,
      faults: {
        ...NO_FAULTS,
        duplicateShare: 0.2,
        shuffledBatchShare: 0.5,
        delayedBatchShare: 0.3,
      },
      // A bad fix may be rejected as an impossible jump, depending on which neighbours arrived
      // first; without them every fix must be accepted.
      gps: { badFixShare: 0 },
    });
    expect(await simulator.waitUntilDelivered(20_000)).toBe(true);
    await simulator.stop();
    const stats = simulator.stats();

    expect(stats.devices).toBe(WORKER_COUNT);
    expect(stats.injected.duplicateFixes).toBeGreaterThan(0);
    expect(stats.injected.shuffledBatches).toBeGreaterThan(0);
    expect(stats.injected.delayedBatches).toBeGreaterThan(0);
    // The backlog alone is BACKFILL_MINUTES of fixes per worker.
    expect(stats.generatedFixes).toBeGreaterThanOrEqual(
      (WORKER_COUNT * BACKFILL_MINUTES * 60_000) / FIX_INTERVAL_MS,
    );
    expect(stats.pendingFixes).toBe(0);
    expect(stats.rejectedFixes).toBe(0);
    expect(stats.acknowledgedFixes).toBe(stats.generatedFixes);
    expect(stats.storedFixes).toBe(stats.generatedFixes);
    expect(stats.duplicateFixes).toBeGreaterThanOrEqual(stats.injected.duplicateFixes);

    const db = new Database(dbPath, { readonly: true });
    try {
      const rows = db
        .prepare(
          'SELECT worker_id AS workerId, count(*) AS n, min(fix_time_ms) AS firstMs, max(fix_time_ms) AS lastMs FROM positions GROUP BY worker_id ORDER BY worker_id',
        )
        .all() as { workerId: number; n: number; firstMs: number; lastMs: number }[];
      expect(rows.map((row) => row.workerId)).toEqual([...workerIds].sort((a, b) => a - b));
      expect(rows.reduce((sum, row) => sum + row.n, 0)).toBe(stats.generatedFixes);
      // One row per fix interval, no gaps and nothing twice.
      for (const row of rows) expect(row.n).toBe((row.lastMs - row.firstMs) / FIX_INTERVAL_MS + 1);
    } finally {
      db.close();
    }
  });

  it('loads the same network through the API as from the file', async () => {
    const password = 'simulator-test-password';
    await ensureDemoUsers(dbPath, password);
    const login = await fetch(new URL('/api/auth/login', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const fromApi = await loadSimulationNetworkFromApi(serverUrl, token);
    const fromFile = loadSimulationNetworkFromDb(dbPath);
    expect(fromApi.workers).toEqual(fromFile.workers);
    expect(Object.keys(fromApi.gridAreas).sort()).toEqual(Object.keys(fromFile.gridAreas).sort());
    expect(fromApi.roads).toEqual(fromFile.roads);
    await expect(loadSimulationNetworkFromApi(serverUrl, 'not-a-session')).rejects.toThrow(/401/);
  });

  it('survives a server restart: devices reconnect and the fixes made meanwhile arrive', async () => {
    const network = loadSimulationNetworkFromDb(dbPath);
    const workerIds = network.workers.slice(WORKER_COUNT, WORKER_COUNT + 2).map((w) => w.workerId);
    simulator = await startSimulator({
      serverUrl,
      devices: ensureDemoDevices(dbPath, { workerIds }),
      network,
      fixIntervalMs: FIX_INTERVAL_MS,
      backfillMinutes: 1,
      faults: NO_FAULTS,
      gps: { badFixShare: 0 },
    });
    expect(await simulator.waitUntilDelivered(10_000)).toBe(true);
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 2 * FIX_INTERVAL_MS));
    expect(simulator.stats().connectedDevices).toBe(0);
    expect(simulator.stats().pendingFixes).toBeGreaterThan(0);

    server = await createServer({ dbPath, staticDir: folder, tilesetsDir: folder });
    await server.listen(Number(new URL(serverUrl).port));
    expect(await simulator.waitUntilDelivered(15_000)).toBe(true);
    await simulator.stop();
    const stats = simulator.stats();
    expect(stats.connectedDevices).toBe(0);
    expect(stats.endedDevices).toBe(0);
    expect(stats.storedFixes).toBe(stats.generatedFixes);

    const db = new Database(dbPath, { readonly: true });
    try {
      for (const workerId of workerIds) {
        const row = db
          .prepare(
            'SELECT count(*) AS n, min(fix_time_ms) AS firstMs, max(fix_time_ms) AS lastMs FROM positions WHERE worker_id = ?',
          )
          .get(workerId) as { n: number; firstMs: number; lastMs: number };
        // No gap across the restart.
        expect(row.n).toBe((row.lastMs - row.firstMs) / FIX_INTERVAL_MS + 1);
        expect(row.n).toBeGreaterThan(60);
      }
    } finally {
      db.close();
    }
  });
});
