/**
 * The contract of UsedProofs, run against every kind (docs/decisions/0040-postgresql.md): in one
 * process's memory, and in a database where a proof taken through one handle (one server process)
 * is refused through another — SQLite on a file of its own per case over two connections,
 * PostgreSQL in a database of this file's own over two pools, emptied per case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import { runPostgresMigrations } from '../store/pg/postgresMigrations';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { PostgresUsedProofs } from '../store/pg/postgresUsedProofs';
import { sqliteUsedProofs } from '../store/sqliteUsedProofs';
import { createTestPostgres, type TestPostgres } from '../testing/testPostgres';
import { InMemoryUsedProofs, type UsedProofs } from './residentReportGuard';

/** Takes of one proof at once per handle: on PostgreSQL they run on as many clients. */
const TAKES_AT_ONCE = 8;

interface Opened {
  /** Two handles: two processes in a database, one object in memory. */
  handles: [UsedProofs, UsedProofs];
  close(): void;
}

interface Kind {
  name: string;
  prepare(): Promise<void>;
  open(): Promise<Opened>;
  dispose(): Promise<void>;
}

function inMemoryKind(): Kind {
  return {
    name: 'in memory',
    prepare: async () => {},
    async open() {
      const one = new InMemoryUsedProofs();
      return { handles: [one, one], close: () => {} };
    },
    dispose: async () => {},
  };
}

function sqliteKind(): Kind {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-proofs-contract-'));
  let opened = 0;
  return {
    name: 'in SQLite',
    prepare: async () => {},
    async open() {
      opened += 1;
      const path = join(dir, `store-${opened}.sqlite`);
      const first = openDatabase(path);
      const second = openDatabase(path);
      return {
        handles: [sqliteUsedProofs(first), sqliteUsedProofs(second)],
        close: () => {
          first.close();
          second.close();
        },
      };
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresKind(): Kind {
  let database: TestPostgres | null = null;
  let pools: PostgresPool[] = [];
  return {
    name: 'in PostgreSQL',
    async prepare() {
      database = await createTestPostgres();
      await runPostgresMigrations(database);
      pools = [
        createPostgresPool(database.url, TAKES_AT_ONCE),
        createPostgresPool(database.url, TAKES_AT_ONCE),
      ];
    },
    async open() {
      await pools[0]!.query('TRUNCATE used_resident_proofs');
      return {
        handles: [new PostgresUsedProofs(pools[0]!), new PostgresUsedProofs(pools[1]!)],
        close: () => {},
      };
    },
    async dispose() {
      await Promise.all(pools.map((pool) => pool.end()));
      await database?.drop();
    },
  };
}

describe.each([inMemoryKind(), sqliteKind(), postgresKind()])('used proofs $name', (kind) => {
  let opened: Opened;

  beforeAll(() => kind.prepare());
  afterAll(() => kind.dispose());
  beforeEach(async () => {
    opened = await kind.open();
  });
  afterEach(() => opened.close());

  it('take a proof once across their handles and forget it once it has expired', async () => {
    const [one, two] = opened.handles;
    const stamp = 'device-0123456789:1';
    expect(await two.isUsed(stamp)).toBe(false);
    expect(await one.take(stamp, 2_000)).toBe(true);
    expect(await two.isUsed(stamp)).toBe(true);
    expect(await two.take(stamp, 2_000)).toBe(false);
    await two.forgetBefore(1_999);
    expect(await one.isUsed(stamp)).toBe(true);
    await two.forgetBefore(2_001);
    expect(await one.isUsed(stamp)).toBe(false);
  });

  it('let exactly one of the takes of one proof at once on both handles have it', async () => {
    const takes = await Promise.all(
      Array.from({ length: TAKES_AT_ONCE * 2 }, (_, take) =>
        opened.handles[take % 2]!.take('device-0123456789:2', 2_000),
      ),
    );
    expect(takes.filter(Boolean)).toHaveLength(1);
  });
});
