/**
 * The leader lease over two connections to one SQLite file, as two server processes hold them:
 * one leader at a time, a dead leader's lease taken over once expired, a stopped one handed over
 * at once; and the immediate transactions that let a second writer wait instead of failing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { SqliteLeaseStore } from '../store/sqliteLeaseStore';
import { LeaderLease } from './leaderLease';

const TTL_MS = 1_000;
const rootDir = mkdtempSync(join(tmpdir(), 'gcc-lease-'));
const dbPath = join(rootDir, 'district.sqlite');
const first = openDatabase(dbPath);
const second = openDatabase(dbPath);

afterAll(() => {
  first.close();
  second.close();
  rmSync(rootDir, { recursive: true, force: true });
});

function leaseOn(db: SqliteDatabase, holder: string, clock: { nowMs: number }): LeaderLease {
  return new LeaderLease({
    store: new SqliteLeaseStore(db),
    holder,
    nowMs: () => clock.nowMs,
    ttlMs: TTL_MS,
  });
}

describe('LeaderLease', () => {
  it('lets one process lead, and another take over only once the lease has expired', () => {
    const clock = { nowMs: 1_000_000 };
    const one = leaseOn(first, 'node-1', clock);
    const two = leaseOn(second, 'node-2', clock);
    expect(one.renew()).toBe(true);
    expect(two.renew()).toBe(false);
    expect(one.isLeader()).toBe(true);
    expect(two.isLeader()).toBe(false);
    // Renewed in time: still the leader.
    clock.nowMs += TTL_MS - 1;
    expect(one.renew()).toBe(true);
    expect(two.renew()).toBe(false);
    // node-1 stops renewing (killed): it stops leading at half the lease, node-2 takes over
    // only once the whole lease has run out, so the two never lead at once.
    clock.nowMs += TTL_MS / 2;
    expect(one.isLeader()).toBe(false);
    expect(two.renew()).toBe(false);
    clock.nowMs += TTL_MS / 2;
    expect(two.renew()).toBe(true);
    expect(two.isLeader()).toBe(true);
    expect(one.renew()).toBe(false);
    expect(new SqliteLeaseStore(first).holderOf('background-jobs', clock.nowMs)).toBe('node-2');
  });

  it('hands the lease over at once when its holder stops', () => {
    const clock = { nowMs: 5_000_000 };
    const one = leaseOn(first, 'node-a', clock);
    const two = leaseOn(second, 'node-b', clock);
    one.start();
    two.start();
    expect(one.isLeader()).toBe(true);
    expect(two.isLeader()).toBe(false);
    one.stop();
    expect(two.renew()).toBe(true);
    two.stop();
  });
});

describe('immediate transactions', () => {
  it('make a second connection that reads before it writes wait for the lock, not fail', () => {
    first.exec('CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER)');
    first.prepare("INSERT OR REPLACE INTO counters VALUES ('n', 0)").run();
    const increment = (db: SqliteDatabase) =>
      db.transaction(() => {
        const { value } = db.prepare("SELECT value FROM counters WHERE name = 'n'").get() as {
          value: number;
        };
        db.prepare("UPDATE counters SET value = ? WHERE name = 'n'").run(value + 1);
      });
    // A deferred read on `second` holds a stale snapshot while `first` commits: the classic
    // SQLITE_BUSY of a read-then-write across processes. The default (immediate) cannot get here.
    const staleRead = second.transaction(() => {
      second.prepare("SELECT value FROM counters WHERE name = 'n'").get();
      increment(first)();
      second.prepare("UPDATE counters SET value = value + 1 WHERE name = 'n'").run();
    }).deferred;
    expect(() => staleRead()).toThrow(/busy|locked/i);
    // The default takes the write lock at BEGIN: even a read waits while another connection
    // writes (here it gives up after a short busy timeout, as nothing can release the lock).
    second.pragma('busy_timeout = 50');
    try {
      const readsWhileLocked = () =>
        first.transaction(() => {
          first.prepare("UPDATE counters SET value = value WHERE name = 'n'").run();
          second.transaction(() => second.prepare('SELECT 1').get())();
        })();
      expect(readsWhileLocked).toThrow(/busy|locked/i);
    } finally {
      second.pragma('busy_timeout = 5000');
    }
    for (let round = 0; round < 10; round++) {
      increment(first)();
      increment(second)();
    }
    const { value } = first.prepare("SELECT value FROM counters WHERE name = 'n'").get() as {
      value: number;
    };
    expect(value).toBe(21);
  });
});
