import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import { sqliteLoginLockouts } from '../store/sqliteLoginLockoutStore';
import {
  AccountLockout,
  FIRST_LOCKOUT_MS,
  LOCKOUT_MEMORY_MS,
  lockoutDurationMs,
  MAX_ADDRESS_FAILURES_PER_ROUND,
  MAX_FAILURES_PER_ROUND,
  MAX_LOCKOUT_MS,
} from './accountLockout';

const dirs: string[] = [];
const T0 = Date.UTC(2026, 11, 5, 5);

function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gcc-lockout-'));
  dirs.push(dir);
  return join(dir, 'district.sqlite');
}

async function failRound(lockout: AccountLockout, username: string, atMs: number): Promise<void> {
  for (let attempt = 0; attempt < MAX_FAILURES_PER_ROUND; attempt++) {
    await lockout.recordFailure(username, atMs);
  }
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('AccountLockout', () => {
  it('doubles the lockout each round from one minute up to fifteen', () => {
    expect([1, 2, 3, 4, 5, 6].map(lockoutDurationMs)).toEqual([
      FIRST_LOCKOUT_MS,
      2 * FIRST_LOCKOUT_MS,
      4 * FIRST_LOCKOUT_MS,
      8 * FIRST_LOCKOUT_MS,
      MAX_LOCKOUT_MS,
      MAX_LOCKOUT_MS,
    ]);
  });

  it('locks after five failures, for longer each round, and a success clears it', async () => {
    const db = openDatabase(tempDbPath());
    const lockout = new AccountLockout(sqliteLoginLockouts(db));
    for (let attempt = 1; attempt < MAX_FAILURES_PER_ROUND; attempt++) {
      await lockout.recordFailure('Dispatcher', T0);
      expect(await lockout.lockedForMs('dispatcher', T0)).toBe(0);
    }
    await lockout.recordFailure('dispatcher', T0);
    expect(await lockout.lockedForMs('DISPATCHER', T0)).toBe(FIRST_LOCKOUT_MS);
    const second = T0 + FIRST_LOCKOUT_MS;
    expect(await lockout.lockedForMs('dispatcher', second)).toBe(0);
    await failRound(lockout, 'dispatcher', second);
    expect(await lockout.lockedForMs('dispatcher', second)).toBe(2 * FIRST_LOCKOUT_MS);
    await lockout.recordSuccess('dispatcher');
    expect(await lockout.lockedForMs('dispatcher', second)).toBe(0);
    await failRound(lockout, 'dispatcher', second);
    expect(await lockout.lockedForMs('dispatcher', second)).toBe(FIRST_LOCKOUT_MS);
    db.close();
  });

  it('keeps the lockout across a restart (a new connection to the same file)', async () => {
    const path = tempDbPath();
    const first = openDatabase(path);
    await failRound(new AccountLockout(sqliteLoginLockouts(first)), 'admin', T0);
    first.close();
    const reopened = openDatabase(path);
    const lockout = new AccountLockout(sqliteLoginLockouts(reopened));
    expect(await lockout.lockedForMs('admin', T0 + 1_000)).toBe(FIRST_LOCKOUT_MS - 1_000);
    reopened.close();
  });

  it('locks an address after twenty failures, whichever accounts they tried', async () => {
    const db = openDatabase(tempDbPath());
    const store = sqliteLoginLockouts(db);
    const addresses = new AccountLockout(store, 'address');
    const accounts = new AccountLockout(store, 'account');
    for (let guess = 1; guess < MAX_ADDRESS_FAILURES_PER_ROUND; guess++) {
      await addresses.recordFailure('203.0.113.9', T0);
    }
    expect(await addresses.lockedForMs('203.0.113.9', T0)).toBe(0);
    await addresses.recordFailure('203.0.113.9', T0);
    expect(await addresses.lockedForMs('203.0.113.9', T0)).toBe(FIRST_LOCKOUT_MS);
    expect(await addresses.lockedForMs('203.0.113.10', T0)).toBe(0);
    // An address and an account of the same spelling are different things.
    expect(await accounts.lockedForMs('203.0.113.9', T0)).toBe(0);
    db.close();
  });

  it('forgets rounds of accounts left alone for a day', async () => {
    const db = openDatabase(tempDbPath());
    const store = sqliteLoginLockouts(db);
    const lockout = new AccountLockout(store);
    await lockout.recordFailure('nobody-1', T0);
    await lockout.recordFailure('admin', T0 + LOCKOUT_MEMORY_MS + 1);
    expect(await store.findLockout('account:nobody-1')).toBeNull();
    expect((await store.findLockout('account:admin'))?.failures).toBe(1);
    db.close();
  });
});
