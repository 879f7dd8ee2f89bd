/**
 * The contracts of LoginLockoutRepository and TrustedDeviceRepository, run against every engine
 * (docs/decisions/0040-postgresql.md): SQLite on a file of its own per case, PostgreSQL in a
 * database of this file's own, emptied per case. The lockout's rules themselves are tested in
 * accountLockout.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { openDatabase } from '../store/openDatabase';
import { PostgresLoginLockouts, PostgresTrustedDevices } from '../store/pg/postgresLoginLockouts';
import { sqliteLoginLockouts, sqliteTrustedDevices } from '../store/sqliteLoginLockoutStore';
import {
  AccountLockout,
  FIRST_LOCKOUT_MS,
  LOCKOUT_MEMORY_MS,
  MAX_FAILURES_PER_ROUND,
  type LoginLockoutRepository,
} from './accountLockout';
import type { TrustedDeviceRepository } from './trustedDevices';

const T0 = Date.UTC(2026, 11, 5, 5);

interface Opened {
  lockouts: LoginLockoutRepository;
  devices: TrustedDeviceRepository;
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('lockout', (path) => {
    const db = openDatabase(path);
    return {
      lockouts: sqliteLoginLockouts(db),
      devices: sqliteTrustedDevices(db),
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['login_lockouts', 'trusted_devices'],
    // Several clients: failures that arrive at once really run at once.
    poolSize: MAX_FAILURES_PER_ROUND,
    open: ([pool]) => ({
      lockouts: new PostgresLoginLockouts(pool!),
      devices: new PostgresTrustedDevices(pool!),
      close: () => {},
    }),
  }),
];

describe.each(ENGINES)('login lockouts on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  it('counts failures that arrive at once: each one is read and saved in one transaction', async () => {
    const lockout = new AccountLockout(opened.lockouts);
    await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_ROUND }, () => lockout.recordFailure('admin', T0)),
    );
    expect(await lockout.lockedForMs('admin', T0)).toBe(FIRST_LOCKOUT_MS);
    expect((await opened.lockouts.findLockout('account:admin'))?.failures).toBe(0);
    expect((await opened.lockouts.findLockout('account:admin'))?.lockouts).toBe(1);
  });

  it('forgets rounds left alone, deletes one subject, and keeps the others', async () => {
    const lockout = new AccountLockout(opened.lockouts);
    await lockout.recordFailure('nobody-1', T0);
    await lockout.recordFailure('admin', T0 + LOCKOUT_MEMORY_MS + 1);
    await lockout.recordFailure('dispatcher', T0 + LOCKOUT_MEMORY_MS + 1);
    expect(await opened.lockouts.findLockout('account:nobody-1')).toBeNull();
    expect((await opened.lockouts.findLockout('account:admin'))?.failures).toBe(1);
    await opened.lockouts.deleteLockout('account:admin');
    expect(await opened.lockouts.findLockout('account:admin')).toBeNull();
    expect((await opened.lockouts.findLockout('account:dispatcher'))?.failures).toBe(1);
  });

  it('finds a trusted device given no earlier than asked, and forgets older ones', async () => {
    const devices = opened.devices;
    await devices.saveTrustedDevice('old', 'admin', T0);
    await devices.saveTrustedDevice('new', 'admin', T0 + 10);
    expect(await devices.findTrustedDevice('new', T0 + 5)).toEqual({ username: 'admin' });
    expect(await devices.findTrustedDevice('old', T0 + 5)).toBeNull();
    await devices.deleteTrustedDevicesBefore(T0 + 5);
    expect(await devices.findTrustedDevice('old', 0)).toBeNull();
    expect(await devices.findTrustedDevice('new', 0)).toEqual({ username: 'admin' });
  });
});
