/**
 * Residents' used proofs of work in the shared database, so that a proof taken by one server
 * process is refused by the others. Taking is one INSERT OR IGNORE: of two processes racing with
 * the same proof, one inserts and the other is refused.
 */
import type { UsedProofs } from '../incidents/residentReportGuard';
import type { SqliteDatabase } from './openDatabase';
import { StatementCache } from './statementCache';

export class SqliteUsedProofs implements UsedProofs {
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
