/**
 * The contract of UsedProofs, run against every kind (docs/decisions/0040-postgresql.md): in one
 * process's memory, and in a database where a proof taken through one handle (one server process)
 * is refused through another — SQLite on a file of its own per case over two connections,
 * PostgreSQL in a database of this file's own over two pools, emptied per case.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import {
  memoryContractEngine,
  postgresContractEngine,
  sqliteContractEngine,
} from '../testing/contractEngines';
import { PostgresUsedProofs } from '../store/pg/postgresUsedProofs';
import { sqliteUsedProofs } from '../store/sqliteUsedProofs';
import { InMemoryUsedProofs, type UsedProofs } from './residentReportGuard';

/** Takes of one proof at once per handle: on PostgreSQL they run on as many clients. */
const TAKES_AT_ONCE = 8;

interface Opened {
  /** Two handles: two processes in a database, one object in memory. */
  handles: [UsedProofs, UsedProofs];
  close(): void;
}

const ENGINES = [
  memoryContractEngine<Opened>(() => {
    const one = new InMemoryUsedProofs();
    return { handles: [one, one], close: () => {} };
  }),
  sqliteContractEngine<Opened>('proofs', (path) => {
    const first = openDatabase(path);
    const second = openDatabase(path);
    return {
      handles: [sqliteUsedProofs(first), sqliteUsedProofs(second)],
      close: () => {
        first.close();
        second.close();
      },
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['used_resident_proofs'],
    pools: 2,
    poolSize: TAKES_AT_ONCE,
    open: ([first, second]) => ({
      handles: [new PostgresUsedProofs(first!), new PostgresUsedProofs(second!)],
      close: () => {},
    }),
  }),
];

describe.each(ENGINES)('used proofs in $name', (kind) => {
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
