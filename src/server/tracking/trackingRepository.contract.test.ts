/**
 * The contract of TrackingRepository, run against every engine (STYLE.md: one contract suite for
 * the memory and database implementations). Each engine hands out a fresh store holding the test
 * district's grids and no workers; the cases see only the interface.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import { openDatabase } from '../store/openDatabase';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { PostgresTrackingRepository } from '../store/pg/postgresTrackingRepository';
import { IdentifierSealer } from '../store/sealedIdentifiers';
import {
  type NewWorker,
  SqliteTrackingStore,
  sqliteTrackingRepository,
} from '../store/sqliteTrackingStore';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { copySqliteToPostgres } from '../testing/copySqliteToPostgres';
import { createMigratedTestPostgres, type TestPostgres } from '../testing/testPostgres';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import type { TrackingRepository } from './trackingRepository';

const START_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const SECOND_MS = 1000;

interface OpenedStore {
  repository: TrackingRepository;
  /** Fixture writer (not part of the interface: generators write workers). */
  saveWorkers(workers: readonly NewWorker[]): void | Promise<void>;
  close(): void;
}

interface TrackingEngine {
  name: string;
  /** Once per file: what every fresh store starts from; returns the base grid codes. */
  prepare(): Promise<string[]>;
  open(): Promise<OpenedStore>;
  dispose(): Promise<void>;
}

function sqliteEngine(): TrackingEngine {
  const rootDir = mkdtempSync(join(tmpdir(), 'gcc-tracking-contract-'));
  const templatePath = join(rootDir, 'template.sqlite');
  let opened = 0;
  return {
    name: 'SQLite',
    async prepare() {
      const { baseGridCodes } = writeSyntheticDistrict(templatePath, TEST_DISTRICT_SIZE);
      const db = openDatabase(templatePath);
      db.exec('DELETE FROM worker_grids; DELETE FROM worker_accounts; DELETE FROM workers');
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      return baseGridCodes;
    },
    async open() {
      opened += 1;
      const dbPath = join(rootDir, `store-${opened}.sqlite`);
      copyFileSync(templatePath, dbPath);
      const db = openDatabase(dbPath);
      const rows = new SqliteTrackingStore(db);
      return {
        repository: sqliteTrackingRepository(rows),
        saveWorkers: (workers) => rows.saveWorkers(workers),
        close: () => db.close(),
      };
    },
    dispose: async () => rmSync(rootDir, { recursive: true, force: true }),
  };
}

/** A database of this file's own on the machine's PostgreSQL, emptied for every store. */
function postgresEngine(): TrackingEngine {
  const templateDir = mkdtempSync(join(tmpdir(), 'gcc-tracking-contract-pg-'));
  let database: TestPostgres | null = null;
  let pool: PostgresPool | null = null;
  const sealer = new IdentifierSealer(randomBytes(32));
  return {
    name: 'PostgreSQL',
    async prepare() {
      database = await createMigratedTestPostgres();
      pool = createPostgresPool(database.url, 2);
      // The same grids as SQLite's (workers' grids refer to them), copied from a synthetic district.
      const templatePath = join(templateDir, 'grids.sqlite');
      const { baseGridCodes } = writeSyntheticDistrict(templatePath, TEST_DISTRICT_SIZE);
      const db = openDatabase(templatePath, { readonly: true });
      try {
        await copySqliteToPostgres(db, pool, ['grids']);
      } finally {
        db.close();
      }
      return baseGridCodes;
    },
    async open() {
      await pool!.query(
        'TRUNCATE worker_sos, tracking_counters, positions, device_tokens, worker_accounts, ' +
          'worker_grids, workers RESTART IDENTITY',
      );
      const repository = new PostgresTrackingRepository(pool!, sealer);
      return {
        repository,
        saveWorkers: (workers) => repository.saveWorkers(workers),
        close: () => {},
      };
    },
    async dispose() {
      await pool?.end();
      await database?.drop();
      rmSync(templateDir, { recursive: true, force: true });
    },
  };
}

const ENGINES: ReadonlyArray<() => TrackingEngine> = [sqliteEngine, postgresEngine];

function position(workerId: number, second: number, overrides: Partial<Position> = {}): Position {
  return {
    workerId,
    fixTimeMs: START_MS + second * SECOND_MS,
    lon: 119.29 + second * 1e-5,
    lat: 26.08,
    accuracyM: 5,
    speedMps: second % 2 === 0 ? 1.2 : null,
    headingDeg: second % 3 === 0 ? null : 90,
    receivedAtMs: START_MS + 60 * SECOND_MS,
    ...overrides,
  };
}

describe.each(ENGINES.map((make) => make()))('TrackingRepository on $name', (engine) => {
  let baseGridCodes: string[];
  let opened: OpenedStore;
  let store: TrackingRepository;

  beforeAll(async () => {
    baseGridCodes = await engine.prepare();
  });
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    store = opened.repository;
    await opened.saveWorkers(
      [1, 2].map((workerId) => ({
        workerId,
        name: `网格员${workerId}`,
        nameEn: `Worker ${workerId}`,
        phone: `1500000000${workerId}`,
        gridCodes: [baseGridCodes[workerId - 1]!],
        synthetic: true,
      })),
    );
  });
  afterEach(() => opened.close());

  it('lists workers with their grids, sorted, and finds one by id', async () => {
    await opened.saveWorkers([
      {
        workerId: 1,
        name: '张伟',
        nameEn: 'Zhang Wei',
        phone: '15000000001',
        gridCodes: [baseGridCodes[1]!, baseGridCodes[0]!],
        synthetic: true,
      },
    ]);
    expect(await store.workerById(1)).toEqual({
      workerId: 1,
      name: '张伟',
      nameEn: 'Zhang Wei',
      gridCodes: [baseGridCodes[0]!, baseGridCodes[1]!].sort(),
    });
    expect(await store.workerById(999)).toBeNull();
    expect((await store.listWorkers()).map((worker) => worker.workerId)).toEqual([1, 2]);
  });

  describe('device tokens', () => {
    const input = (tokenHash: string, demo = false) => ({
      tokenHash,
      workerId: 1,
      label: 'phone',
      createdAt: '2026-11-27T01:00:00.000Z',
      createdBy: 'admin',
      demo,
    });

    it('finds live tokens by hash only, and revokes them once', async () => {
      const record = await store.insertDeviceToken(input('hash-a'));
      expect(await store.deviceTokenByHash('hash-a')).toEqual(record);
      expect(await store.deviceTokenByHash('hash-b')).toBeNull();
      expect(await store.revokeDeviceToken(record.deviceId, '2026-11-27T02:00:00.000Z')).toBe(true);
      expect(await store.revokeDeviceToken(record.deviceId, '2026-11-27T03:00:00.000Z')).toBe(
        false,
      );
      expect(await store.deviceTokenByHash('hash-a')).toBeNull();
      expect(await store.listDeviceTokens()).toEqual([
        { ...record, revokedAt: '2026-11-27T02:00:00.000Z' },
      ]);
    });

    it('revokes every live demo token and nothing else', async () => {
      await store.insertDeviceToken(input('demo-1', true));
      await store.insertDeviceToken(input('demo-2', true));
      await store.insertDeviceToken(input('real', false));
      expect(await store.revokeDemoDeviceTokens('2026-11-27T02:00:00.000Z')).toBe(2);
      expect(await store.revokeDemoDeviceTokens('2026-11-27T02:00:00.000Z')).toBe(0);
      expect(await store.deviceTokenByHash('real')).not.toBeNull();
    });
  });

  describe('positions', () => {
    it('stores a resent fix once and says which ones were duplicates, in input order', async () => {
      const first = await store.insertPositions([position(1, 2), position(1, 0), position(2, 0)]);
      expect(first.stored).toHaveLength(3);
      expect(first.duplicates).toEqual([]);
      const resend = [position(1, 0, { lon: 120 }), position(1, 1), position(1, 1)];
      const second = await store.insertPositions(resend);
      expect(second.stored).toEqual([resend[1]]);
      expect(second.duplicates).toEqual([resend[0], resend[2]]);
      // The first stored copy wins: a resend cannot rewrite history.
      expect((await store.trackOf(1, START_MS, START_MS))[0]!.lon).toBe(119.29);
    });

    it('partitions a long batch with repeats inside and across it: the first occurrence is stored', async () => {
      await store.insertPositions([3, 150, 299].map((second) => position(1, second)));
      const batch = Array.from({ length: 300 }, (_, second) => position(1, second));
      // Repeats of stored fixes, repeats inside the batch, and another worker at the same times.
      batch.push(position(1, 10), position(1, 120), position(2, 10), position(2, 10));
      const result = await store.insertPositions(batch);
      const keyOf = (fix: Position) => `${fix.workerId}:${fix.fixTimeMs}`;
      expect(result.duplicates.map(keyOf)).toEqual(
        [
          position(1, 3),
          position(1, 150),
          position(1, 299),
          position(1, 10),
          position(1, 120),
          position(2, 10),
        ].map(keyOf),
      );
      expect(result.stored).toHaveLength(batch.length - 6);
      expect(await store.trackOf(1, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(300);
      expect(await store.trackOf(2, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    });

    it('returns a track ordered by fix time within an inclusive range, nulls kept', async () => {
      await store.insertPositions([5, 1, 4, 2, 3].map((second) => position(1, second)));
      await store.insertPositions([position(2, 3)]);
      const track = await store.trackOf(1, START_MS + 2 * SECOND_MS, START_MS + 4 * SECOND_MS);
      expect(track).toEqual([position(1, 2), position(1, 3), position(1, 4)]);
      expect(await store.latestPositionsOf(1, 2)).toEqual([position(1, 4), position(1, 5)]);
      expect(await store.newestPositions()).toEqual([position(1, 5), position(2, 3)]);
    });

    it('commits positions and counters together, or neither', async () => {
      await store.commitPositions(
        [position(1, 0), position(1, 1)],
        new Map([['rejected:not_finite', 2]]),
      );
      await store.commitPositions([position(1, 1)], new Map());
      expect(Object.fromEntries(await store.readCounters())).toEqual({
        stored: 2,
        duplicate: 1,
        'rejected:not_finite': 2,
      });
      const broken = position(1, 9, { lat: null as unknown as number });
      await expect(
        store.commitPositions([position(1, 8), broken], new Map([['throttled', 1]])),
      ).rejects.toThrow();
      expect(await store.trackOf(1, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(2);
      expect((await store.readCounters()).get('throttled')).toBeUndefined();
    });

    it('purges fixes older than the cut-off only, and adds to counters', async () => {
      await store.insertPositions([0, 1, 2, 3].map((second) => position(1, second)));
      expect(await store.purgePositionsBefore(START_MS + 2 * SECOND_MS)).toBe(2);
      expect(
        (await store.trackOf(1, 0, Number.MAX_SAFE_INTEGER)).map((fix) => fix.fixTimeMs),
      ).toEqual([START_MS + 2 * SECOND_MS, START_MS + 3 * SECOND_MS]);
      await store.addToCounters(new Map([['purged', 2]]));
      await store.addToCounters(new Map([['purged', 1]]));
      expect((await store.readCounters()).get('purged')).toBe(3);
    });
  });

  it('keeps the newest SOS press or clear per worker, whatever order they arrive in', async () => {
    await store.saveSos(1, true, 2_000);
    await store.saveSos(1, false, 1_000);
    await store.saveSos(2, true, 500);
    await store.saveSos(2, false, 600);
    expect(await store.activeSos()).toEqual([{ workerId: 1, atMs: 2_000 }]);
  });
});
