/**
 * Leases in SQLite: one row per name with its holder and expiry. Taking or renewing is one
 * statement (an upsert that only overwrites the holder's own row or an expired one), so two
 * processes racing for a free lease cannot both win. The store is asynchronous
 * (sqliteLeaseStore); each method runs the synchronous store's method to its end
 * (promisedMethods.ts).
 */
import type { LeaseStore } from '../cluster/leaderLease';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

export function sqliteLeaseStore(db: SqliteDatabase): LeaseStore {
  return promisedMethods(new SqliteLeaseStore(db), ['tryAcquire', 'release', 'holderOf']);
}

export class SqliteLeaseStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  tryAcquire(name: string, holder: string, nowMs: number, ttlMs: number): boolean {
    const result = this.statements
      .get(
        'INSERT INTO cluster_leases (name, holder, expires_at_ms) VALUES (?, ?, ?) ' +
          'ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, ' +
          'expires_at_ms = excluded.expires_at_ms ' +
          'WHERE cluster_leases.holder = excluded.holder OR cluster_leases.expires_at_ms <= ?',
      )
      .run(name, holder, nowMs + ttlMs, nowMs);
    return result.changes === 1;
  }

  release(name: string, holder: string): void {
    this.statements
      .get('DELETE FROM cluster_leases WHERE name = ? AND holder = ?')
      .run(name, holder);
  }

  holderOf(name: string, nowMs: number): string | null {
    const row = this.statements
      .get('SELECT holder FROM cluster_leases WHERE name = ? AND expires_at_ms > ?')
      .get(name, nowMs) as { holder: string } | undefined;
    return row?.holder ?? null;
  }
}
