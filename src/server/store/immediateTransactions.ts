/**
 * Makes every transaction of a connection begin with BEGIN IMMEDIATE, so that several server
 * processes can write one SQLite file. A deferred transaction that reads first and writes later
 * fails with SQLITE_BUSY (without waiting: the busy timeout cannot help, its snapshot is stale)
 * when another process committed in between; an immediate one takes the write lock at its start
 * and waits up to the busy timeout for it. Nested transactions stay savepoints, and `.deferred`
 * is still there for a caller that knows it only reads.
 */
import type Database from 'better-sqlite3';

export function useImmediateTransactions(db: Database.Database): void {
  const transaction = db.transaction.bind(db);
  // The returned function must carry better-sqlite3's variants, as a transaction function does.
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const created = transaction(fn);
    const run = function (this: unknown, ...args: never[]): unknown {
      return created.immediate.apply(this, args);
    };
    // Its variants are read-only properties of each variant, so a new function carries them.
    return Object.defineProperties(run, {
      default: { value: run },
      deferred: { value: created.deferred },
      immediate: { value: created.immediate },
      exclusive: { value: created.exclusive },
    });
  }) as typeof db.transaction;
}
