/**
 * Counts a user's reveals in a time window straight from the audit log (indexed by user, time).
 * The repository is asynchronous (sqliteRevealCounter); each method runs the synchronous store's
 * method to its end (promisedMethods.ts).
 */
import type { RevealCounter } from '../audit/revealGuard';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

export function sqliteRevealCounter(db: SqliteDatabase): RevealCounter {
  return promisedMethods(new SqliteRevealCounter(db), ['countSince', 'oldestSince']);
}

export class SqliteRevealCounter {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  countSince(username: string, actions: readonly string[], sinceIso: string): number {
    const placeholders = actions.map(() => '?').join(', ');
    const row = this.statements
      .get(
        `SELECT COUNT(*) AS n FROM audit_log WHERE username = ? AND at >= ? ` +
          `AND action IN (${placeholders})`,
      )
      .get(username, sinceIso, ...actions) as { n: number };
    return Number(row.n);
  }

  /** Oldest counted reveal in the window (ISO), to say when the next one is allowed. */
  oldestSince(username: string, actions: readonly string[], sinceIso: string): string | null {
    const placeholders = actions.map(() => '?').join(', ');
    const row = this.statements
      .get(
        `SELECT MIN(at) AS at FROM audit_log WHERE username = ? AND at >= ? ` +
          `AND action IN (${placeholders})`,
      )
      .get(username, sinceIso, ...actions) as { at: string | null };
    return row.at;
  }
}
