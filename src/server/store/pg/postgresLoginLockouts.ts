/**
 * The PostgreSQL adapters of LoginLockoutRepository and TrustedDeviceRepository (migration
 * 0003_login_lockouts.sql), checked with the SQLite ones by auth/loginLockouts.contract.test.ts.
 * A failed login's read-count-save is one transaction that first takes an advisory lock on the
 * subject: two failures at once count twice even when the subject has no row yet (a row lock
 * would have nothing to lock then).
 */
import type { LockoutState, LoginLockoutRepository } from '../../auth/accountLockout';
import type { TrustedDeviceRepository } from '../../auth/trustedDevices';
import { inTransaction, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

const LOCKOUT_SELECT =
  'SELECT failures, lockouts, locked_until_ms, updated_at_ms FROM login_lockouts WHERE subject = $1';

function toLockout(row: Row | undefined): LockoutState | null {
  return row === undefined
    ? null
    : {
        failures: Number(row.failures),
        lockouts: Number(row.lockouts),
        lockedUntilMs: Number(row.locked_until_ms),
        updatedAtMs: Number(row.updated_at_ms),
      };
}

export class PostgresLoginLockouts implements LoginLockoutRepository {
  constructor(private readonly pool: PostgresPool) {}

  async findLockout(subject: string): Promise<LockoutState | null> {
    const { rows } = await this.pool.query(LOCKOUT_SELECT, [subject]);
    return toLockout((rows as Row[])[0]);
  }

  updateLockout(
    subject: string,
    next: (previous: LockoutState | null) => LockoutState,
  ): Promise<LockoutState> {
    return inTransaction(this.pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('login_lockouts:' || $1))", [
        subject,
      ]);
      const { rows } = await client.query(LOCKOUT_SELECT, [subject]);
      const state = next(toLockout((rows as Row[])[0]));
      await client.query(
        'INSERT INTO login_lockouts (subject, failures, lockouts, locked_until_ms, updated_at_ms) ' +
          'VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subject) DO UPDATE SET ' +
          'failures = excluded.failures, lockouts = excluded.lockouts, ' +
          'locked_until_ms = excluded.locked_until_ms, updated_at_ms = excluded.updated_at_ms',
        [subject, state.failures, state.lockouts, state.lockedUntilMs, state.updatedAtMs],
      );
      return state;
    });
  }

  async deleteLockout(subject: string): Promise<void> {
    await this.pool.query('DELETE FROM login_lockouts WHERE subject = $1', [subject]);
  }

  async deleteLockoutsBefore(updatedBeforeMs: number): Promise<void> {
    await this.pool.query(
      'DELETE FROM login_lockouts WHERE updated_at_ms < $1 AND locked_until_ms < $1',
      [updatedBeforeMs],
    );
  }
}

export class PostgresTrustedDevices implements TrustedDeviceRepository {
  constructor(private readonly pool: PostgresPool) {}

  async findTrustedDevice(
    tokenHash: string,
    sinceMs: number,
  ): Promise<{ username: string } | null> {
    const { rows } = await this.pool.query(
      'SELECT username FROM trusted_devices WHERE token_hash = $1 AND created_at_ms >= $2',
      [tokenHash, sinceMs],
    );
    const row = (rows as Row[])[0];
    return row === undefined ? null : { username: String(row.username) };
  }

  async saveTrustedDevice(tokenHash: string, username: string, createdAtMs: number): Promise<void> {
    await this.pool.query(
      'INSERT INTO trusted_devices (token_hash, username, created_at_ms) VALUES ($1, $2, $3)',
      [tokenHash, username, createdAtMs],
    );
  }

  async deleteTrustedDevicesBefore(createdBeforeMs: number): Promise<void> {
    await this.pool.query('DELETE FROM trusted_devices WHERE created_at_ms < $1', [
      createdBeforeMs,
    ]);
  }
}
