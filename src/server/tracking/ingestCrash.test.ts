/**
 * SIGKILL in the middle of a stream: a device streams fixes to the real server in a
 * child process, the server is killed with SIGKILL while fixes are unacknowledged, started again
 * on the same SQLite file and port; the device reconnects and resends its outbox. Every fix the
 * device sent is stored exactly once, and the counters agree with the stored rows.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemoDevices } from '../demoDevices';
import { openDatabase } from '../store/openDatabase';
import { SqliteTrackingStore } from '../store/sqliteTrackingStore';
import { startChildServer, type ChildServer } from '../testing/childServer';
import { startTestDevice, walkingFixes } from '../testing/testDevice';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import { STORED_COUNTER } from './trackingCounters';

const HOUR_MS = 60 * 60 * 1000;
/** What main.ts reads in DATA_DIR (not imported: importing main.ts would start a server). */
const DB_FILE_NAME = 'district.sqlite';
const FIXES_PER_TICK = 25;
const TICK_MS = 5;
const FIXES_BEFORE_KILL = 2_000;
const FIXES_WHILE_DOWN = 300;
const FIXES_AFTER_RESTART = 1_000;
const DRAIN_TIMEOUT_MS = 30_000;
const POLL_MS = 5;
/** Two cold starts of main.ts under tsx on a shared 2-core machine take a while. */
const CRASH_TEST_TIMEOUT_MS = 180_000;

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-crash-'));
let running: ChildServer | null = null;

afterAll(async () => {
  if (running !== null) await running.kill('SIGKILL');
  rmSync(rootDir, { recursive: true, force: true });
});

function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(check, POLL_MS);
    };
    check();
  });
}

describe('ingest across a SIGKILL', () => {
  it(
    'stores every fix the device sent exactly once after a kill -9 and a restart',
    async () => {
      // Main.ts in a child reads the file from disk, as `npm run serve` does.
      const dataDir = join(rootDir, 'data');
      const staticDir = join(rootDir, 'dist');
      const tilesetsDir = join(rootDir, 'tilesets');
      for (const dir of [dataDir, staticDir, tilesetsDir]) mkdirSync(dir, { recursive: true });
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>crash test</title>');
      const dbPath = join(dataDir, DB_FILE_NAME);
      const district = writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
      const workerId = district.workerIds[0]!;
      const [device] = ensureDemoDevices(dbPath, { workerIds: [workerId] });

      running = await startChildServer({ dataDir, staticDir, tilesetsDir });
      const first = running;
      const phone = startTestDevice(first.baseUrl, device!.token, { ackTimeoutMs: 1_000 });
      const startMs = Date.now() - 3 * HOUR_MS;
      let produced = 0;
      const produce = (count: number): void => {
        phone.enqueue(walkingFixes({ startMs, count, firstIndex: produced }));
        produced += count;
      };
      const ackedCount = (): number =>
        phone.acks.reduce((sum, ack) => sum + ack.acknowledgedFixTimesMs.length, 0);

      // Stream until some fixes are acknowledged and more are in flight, then kill -9.
      const streaming = setInterval(() => produce(FIXES_PER_TICK), TICK_MS);
      await waitFor(() => ackedCount() >= FIXES_BEFORE_KILL, DRAIN_TIMEOUT_MS);
      const unacknowledgedAtKill = phone.outboxSize();
      await first.kill('SIGKILL');
      clearInterval(streaming);
      expect(unacknowledgedAtKill).toBeGreaterThan(0);

      // The phone keeps recording while the server is down, then the server comes back.
      produce(FIXES_WHILE_DOWN);
      running = await startChildServer({ dataDir, staticDir, tilesetsDir, port: first.port });
      produce(FIXES_AFTER_RESTART);
      await phone.drained(DRAIN_TIMEOUT_MS);
      phone.close();
      await running.kill('SIGTERM');
      running = null;

      const db = openDatabase(dbPath);
      try {
        const store = new SqliteTrackingStore(db);
        const stored = store
          .trackOf(workerId, 0, Number.MAX_SAFE_INTEGER)
          .map((fix) => fix.fixTimeMs);
        const sent = [...new Set(phone.enqueuedFixTimesMs)].sort((left, right) => left - right);
        expect(sent).toHaveLength(produced);
        expect(stored).toEqual(sent);
        // Counted in the same transaction as the rows: no fix counted twice or lost.
        expect(store.readCounters().get(STORED_COUNTER)).toBe(produced);
      } finally {
        db.close();
      }
    },
    CRASH_TEST_TIMEOUT_MS,
  );
});
