/**
 * Backup while the server runs: a device streams fixes and incidents are created in a loop; a
 * backup taken in the middle, restored into a fresh data folder (with the data key copied, as
 * an operator would), holds every fix acknowledged and every incident committed before it began.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GridNode } from '../../shared/api';
import type { CreateIncidentResponse } from '../../shared/incidents';
import { ensureDemoDevices } from '../demoDevices';
import { startTestDevice, walkingFixes, type TestDevice } from '../testing/testDevice';
import { waitFor } from '../testing/testScreen';
import { startTestServer, type TestServer } from '../testing/testServer';
import { restoreDatabase } from './databaseBackup';
import { openDatabase } from './openDatabase';

const HOUR_MS = 3_600_000;
const FIXES_PER_TICK = 20;
const TICK_MS = 10;
const run = promisify(execFile);

const scratch = mkdtempSync(join(tmpdir(), 'gcc-backup-'));
let server: TestServer | undefined;
let device: TestDevice | undefined;
afterAll(async () => {
  device?.close();
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('backup and restore under live load', () => {
  it('finds every acknowledged fix and committed incident in the restored copy', async () => {
    server = await startTestServer();
    const live = server;
    const admin = await live.login('admin');
    const grids = (await live.request('GET', '/api/grids', { token: admin })).json as GridNode[];
    const base = grids.find((grid) => grid.level === 4)!;
    const workerId = live.district.workerIds[0]!;
    const [token] = ensureDemoDevices(live.dbPath, { workerIds: [workerId] });
    const phone = startTestDevice(live.baseUrl, token!.token);
    device = phone;

    let running = true;
    let produced = 0;
    const startMs = Date.now() - 2 * HOUR_MS;
    const stream = (async () => {
      while (running) {
        phone.enqueue(walkingFixes({ startMs, count: FIXES_PER_TICK, firstIndex: produced }));
        produced += FIXES_PER_TICK;
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      }
    })();
    const committed: string[] = [];
    const incidents = (async () => {
      while (running) {
        const answer = await live.request('POST', '/api/incidents', {
          token: admin,
          body: { categoryCode: 'street_order', ...base.center, description: 'backup load' },
        });
        expect(answer.status).toBe(201);
        committed.push((answer.json as CreateIncidentResponse).incident.id);
      }
    })();
    const ackedFixTimes = (): number[] => phone.acks.flatMap((ack) => ack.acknowledgedFixTimesMs);
    await waitFor(() => ackedFixTimes().length >= 200 && committed.length >= 5, 30_000);

    const ackedBefore = ackedFixTimes();
    const committedBefore = [...committed];
    const backupPath = join(scratch, 'backups', 'district-backup.sqlite');
    // `npm run backup` in its own process, as an operator runs it beside the server.
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/backup.ts', '--db', live.dbPath, '--out', backupPath],
      { env: process.env },
    );
    const ackedDuring = ackedFixTimes().length;
    running = false;
    await Promise.all([stream, incidents]);
    const check = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(check).toMatchObject({ integrity: 'ok', auditChainOk: true });
    expect(statSync(backupPath).mode & 0o777).toBe(0o600);
    // The load really ran while the backup was taken.
    expect(ackedDuring).toBeGreaterThan(ackedBefore.length);

    const restoredDir = join(scratch, 'restored');
    const restoredPath = join(restoredDir, 'district.sqlite');
    // Without the data key a restore is refused before anything is written.
    await expect(restoreDatabase(backupPath, restoredPath)).rejects.toThrow(/no data key/);
    mkdirSync(restoredDir, { recursive: true });
    copyFileSync(join(dirname(live.dbPath), 'data.key'), join(restoredDir, 'data.key'));
    await restoreDatabase(backupPath, restoredPath);
    const db = openDatabase(restoredPath);
    try {
      const storedFixes = new Set(
        (
          db.prepare('SELECT fix_time_ms FROM positions WHERE worker_id = ?').all(workerId) as {
            fix_time_ms: number;
          }[]
        ).map((row) => row.fix_time_ms),
      );
      expect(ackedBefore.filter((time) => !storedFixes.has(time))).toEqual([]);
      const storedIncidents = new Set(
        (db.prepare('SELECT id FROM incidents').all() as { id: string }[]).map((row) => row.id),
      );
      expect(committedBefore.filter((id) => !storedIncidents.has(id))).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
