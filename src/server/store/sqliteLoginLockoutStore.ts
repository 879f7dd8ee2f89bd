/**
 * Failed-login rounds per account, address and trusted device on SQLite (table login_lockouts),
 * and the trusted devices themselves (table trusted_devices). The repositories are asynchronous
 * (sqliteLoginLockouts, sqliteTrustedDevices); each method runs the synchronous store's method
 * to its end (promisedMethods.ts).
 */
import type { LockoutState, LoginLockoutRepository } from '../auth/accountLockout';
import type { TrustedDeviceRepository } from '../auth/trustedDevices';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

export function sqliteLoginLockouts(db: SqliteDatabase): LoginLockoutRepository {
  return promisedMethods(new SqliteLoginLockoutStore(db), [
    'findLockout',
    'updateLockout',
    'deleteLockout',
    'deleteLockoutsBefore',
  ]);
}

export function sqliteTrustedDevices(db: SqliteDatabase): TrustedDeviceRepository {
  return promisedMethods(new SqliteTrustedDeviceStore(db), [
    'findTrustedDevice',
    'saveTrustedDevice',
    'deleteTrustedDevicesBefore',
  ]);
}

export class SqliteLoginLockoutStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
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

  /** Read, next, save in one immediate transaction: no other writer in between. */
  updateLockout(
    subject: string,
    next: (previous: LockoutState | null) => LockoutState,
  ): LockoutState {
    return this.db.transaction(() => {
      const state = next(this.findLockout(subject));
      this.saveLockout(subject, state);
      return state;
    })();
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

/** Device cookies' hashes per account on SQLite (table trusted_devices). */
export class SqliteTrustedDeviceStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  findTrustedDevice(tokenHash: string, sinceMs: number): { username: string } | null {
    const row = this.statements
      .get('SELECT username FROM trusted_devices WHERE token_hash = ? AND created_at_ms >= ?')
      .get(tokenHash, sinceMs) as Row | undefined;
    return row === undefined ? null : { username: String(row.username) };
  }

  saveTrustedDevice(tokenHash: string, username: string, createdAtMs: number): void {
    this.statements
      .get('INSERT INTO trusted_devices (token_hash, username, created_at_ms) VALUES (?, ?, ?)')
      .run(tokenHash, username, createdAtMs);
  }

  deleteTrustedDevicesBefore(createdBeforeMs: number): void {
    this.statements.get('DELETE FROM trusted_devices WHERE created_at_ms < ?').run(createdBeforeMs);
  }
}
