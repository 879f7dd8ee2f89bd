/**
 * Two connections to one SQLite file, as two server processes hold them: the immediate
 * transactions that let a second writer wait instead of failing (the leases' own rules are in
 * cluster/leaseStore.contract.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './openDatabase';

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-immediate-'));
const dbPath = join(rootDir, 'district.sqlite');
const first = openDatabase(dbPath);
const second = openDatabase(dbPath);

afterAll(() => {
  first.close();
  second.close();
  rmSync(rootDir, { recursive: true, force: true });
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
