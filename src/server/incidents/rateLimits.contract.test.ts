/**
 * The contract of a RateLimitFactory, run against every kind (docs/decisions/0040-postgresql.md):
 * in one process's memory, and in a database where two handles (two server processes) count one
 * key together — SQLite on a file of its own per case over two connections, PostgreSQL in a
 * database of this file's own over two pools, emptied per case.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import {
  memoryContractEngine,
  postgresContractEngine,
  sqliteContractEngine,
} from '../testing/contractEngines';
import { postgresRateLimits } from '../store/pg/postgresRateLimits';
import { sqliteRateLimits } from '../store/sqliteRateLimit';
import { inMemoryRateLimits, type RateLimit, type RateLimitFactory } from './fixedWindowRateLimit';

const WINDOW_MS = 60_000;
/** Takes at once, more than the limit: on PostgreSQL they run on as many clients. */
const TAKES_AT_ONCE = 8;
const LIMIT_AT_ONCE = 5;

interface Opened {
  /** Two handles on the same limits: two processes in a database, one object in memory. */
  factories: [RateLimitFactory, RateLimitFactory];
  close(): void;
}

/** The limits' clock, set back before each case. */
const clock = { nowMs: 1_000 };
const nowMs = () => clock.nowMs;

const ENGINES = [
  memoryContractEngine<Opened>(() => {
    const shared = inMemoryRateLimits(nowMs);
    const made = new Map<string, RateLimit>();
    const one: RateLimitFactory = (name, limit, windowMs) => {
      const found = made.get(name) ?? shared(name, limit, windowMs);
      made.set(name, found);
      return found;
    };
    return { factories: [one, one], close: () => {} };
  }),
  sqliteContractEngine<Opened>('rate', (path) => {
    const first = openDatabase(path);
    const second = openDatabase(path);
    return {
      factories: [sqliteRateLimits(first, nowMs), sqliteRateLimits(second, nowMs)],
      close: () => {
        first.close();
        second.close();
      },
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['rate_limit_windows'],
    // Several clients per node: takes that arrive at once really run at once.
    pools: 2,
    poolSize: TAKES_AT_ONCE,
    open: ([first, second]) => ({
      factories: [postgresRateLimits(first!, nowMs), postgresRateLimits(second!, nowMs)],
      close: () => {},
    }),
  }),
];

describe.each(ENGINES)('a fixed-window rate limit in $name', (kind) => {
  let opened: Opened;

  beforeAll(() => kind.prepare());
  afterAll(() => kind.dispose());
  beforeEach(async () => {
    clock.nowMs = 1_000;
    opened = await kind.open();
  });
  afterEach(() => opened.close());

  it('allows the limit per key per window across its handles, then refuses until it ends', async () => {
    const [oneFactory, twoFactory] = opened.factories;
    const one = oneFactory('creates', 2, WINDOW_MS);
    const two = twoFactory('creates', 2, WINDOW_MS);
    expect(await one.tryTake('a')).toBe(true);
    expect(await two.tryTake('a')).toBe(true);
    expect(await one.tryTake('a')).toBe(false);
    expect(await two.tryTake('b')).toBe(true);
    clock.nowMs += 30_000;
    expect(await two.tryTake('a')).toBe(false);
    expect(await one.retryAfterS('a')).toBe(30);
    expect(await one.retryAfterS('never-taken')).toBe(0);
    clock.nowMs += 30_000;
    expect(await two.tryTake('a')).toBe(true);
    expect(await two.tryTake('a')).toBe(true);
    expect(await one.tryTake('a')).toBe(false);
    // Another limit's counters are its own.
    expect(await oneFactory('photos', 1, WINDOW_MS).tryTake('a')).toBe(true);
  });

  it('counts takes that arrive at once on both handles: exactly the limit are allowed', async () => {
    const [oneFactory, twoFactory] = opened.factories;
    const handles = [
      oneFactory('bursts', LIMIT_AT_ONCE, WINDOW_MS),
      twoFactory('bursts', LIMIT_AT_ONCE, WINDOW_MS),
    ];
    const burst = () =>
      Promise.all(
        Array.from({ length: TAKES_AT_ONCE * 2 }, (_, take) =>
          handles[take % 2]!.tryTake('10.0.0.1'),
        ),
      );
    // The key's first window (no row yet), then a window that starts over a passed one.
    expect((await burst()).filter(Boolean)).toHaveLength(LIMIT_AT_ONCE);
    clock.nowMs += WINDOW_MS;
    expect((await burst()).filter(Boolean)).toHaveLength(LIMIT_AT_ONCE);
  });
});
