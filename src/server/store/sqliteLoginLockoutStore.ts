/** Failed-login rounds per account and per address on SQLite (table login_lockouts). */
import type { LockoutState, LoginLockoutRepository } from '../auth/accountLockout';
import type { SqliteDatabase } from './openDatabase';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

export class SqliteLoginLockoutStore implements LoginLockoutRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  findLockout(subject: string): LockoutState | null {
    const row = this.statements
      .get(
        'SELECT failures, lockouts, locked_until_ms, updated_at_ms FROM login_lockouts ' +
          'WHERE subject = ?',
      )
      .get(subject) as Row | undefined;
    if (row === undefined) return null;
    return {
      failures: Number(row.failures),
      lockouts: Number(row.lockouts),
      lockedUntilMs: Number(row.locked_until_ms),
      updatedAtMs: Number(row.updated_at_ms),
    };
  }

  saveLockout(subject: string, state: LockoutState): void {
    this.statements
      .get(
        'INSERT INTO login_lockouts (subject, failures, lockouts, locked_until_ms, updated_at_ms) ' +
          'VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, ' +
          'lockouts = excluded.lockouts, locked_until_ms = excluded.locked_until_ms, ' +
          'updated_at_ms = excluded.updated_at_ms',
      )
      .run(subject, state.failures, state.lockouts, state.lockedUntilMs, state.updatedAtMs);
  }

  deleteLockout(subject: string): void {
    this.statements.get('DELETE FROM login_lockouts WHERE subject = ?').run(subject);
  }

  deleteLockoutsBefore(updatedBeforeMs: number): void {
    this.statements
      .get('DELETE FROM login_lockouts WHERE updated_at_ms < ? AND locked_until_ms < ?')
      .run(updatedBeforeMs, updatedBeforeMs);
  }
}
