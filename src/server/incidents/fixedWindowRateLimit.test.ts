/**
 * One contract for both kinds of rate limit: in one process's memory, and in the database where
 * two connections (two server processes) count one key together.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import { sqliteRateLimits } from '../store/sqliteRateLimit';
import { inMemoryRateLimits, type RateLimit, type RateLimitFactory } from './fixedWindowRateLimit';

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-rate-'));
const dbPath = join(rootDir, 'district.sqlite');
const first = openDatabase(dbPath);
const second = openDatabase(dbPath);

afterAll(() => {
  first.close();
  second.close();
  rmSync(rootDir, { recursive: true, force: true });
});

/** Two handles on the same limit: two processes in the database, one object in memory. */
const kinds: Array<[string, (nowMs: () => number) => [RateLimitFactory, RateLimitFactory]]> = [
  [
    'in memory',
    (nowMs) => {
      const shared = inMemoryRateLimits(nowMs);
      const cache = new Map<string, RateLimit>();
      const one: RateLimitFactory = (name, limit, windowMs) => {
        const found = cache.get(name) ?? shared(name, limit, windowMs);
        cache.set(name, found);
        return found;
      };
      return [one, one];
    },
  ],
  ['in the database', (nowMs) => [sqliteRateLimits(first, nowMs), sqliteRateLimits(second, nowMs)]],
];

describe.each(kinds)('a fixed-window rate limit %s', (kind, make) => {
  it('allows the limit per key per window across its handles, then refuses until it ends', () => {
    let nowMs = 1_000;
    const [oneFactory, twoFactory] = make(() => nowMs);
    const one = oneFactory(`creates-${kind}`, 2, 60_000);
    const two = twoFactory(`creates-${kind}`, 2, 60_000);
    expect([one.tryTake('a'), two.tryTake('a'), one.tryTake('a')]).toEqual([true, true, false]);
    expect(two.tryTake('b')).toBe(true);
    nowMs += 30_000;
    expect(two.tryTake('a')).toBe(false);
    expect(one.retryAfterS('a')).toBe(30);
    nowMs += 30_000;
    expect(two.tryTake('a')).toBe(true);
    // Another limit's counters are its own.
    expect(oneFactory(`photos-${kind}`, 1, 60_000).tryTake('a')).toBe(true);
  });
});
