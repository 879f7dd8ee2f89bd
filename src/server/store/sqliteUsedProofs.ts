/**
 * Residents' used proofs of work in the shared database, so that a proof taken by one server
 * process is refused by the others. Taking is one INSERT OR IGNORE: of two processes racing with
 * the same proof, one inserts and the other is refused. The repository is asynchronous
 * (sqliteUsedProofs); each method runs the synchronous store's method to its end
 * (promisedMethods.ts).
 */
import type { UsedProofs } from '../incidents/residentReportGuard';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

export function sqliteUsedProofs(db: SqliteDatabase): UsedProofs {
  return promisedMethods(new SqliteUsedProofs(db), ['isUsed', 'take', 'forgetBefore']);
}

export class SqliteUsedProofs {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  isUsed(stamp: string): boolean {
    return (
      this.statements.get('SELECT 1 FROM used_resident_proofs WHERE stamp = ?').get(stamp) !==
      undefined
    );
  }

  take(stamp: string, forgetAtMs: number): boolean {
    return (
      this.statements
        .get('INSERT OR IGNORE INTO used_resident_proofs (stamp, forget_at_ms) VALUES (?, ?)')
        .run(stamp, forgetAtMs).changes === 1
    );
  }

  forgetBefore(nowMs: number): void {
    this.statements.get('DELETE FROM used_resident_proofs WHERE forget_at_ms < ?').run(nowMs);
  }
}
