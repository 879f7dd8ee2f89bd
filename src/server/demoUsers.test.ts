import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from './auth/passwordHash';
import { ensureDemoUsers } from './demoUsers';
import { openDatabase } from './store/openDatabase';
import { SqliteAuthStore } from './store/sqliteAuthStore';
import { TEST_DISTRICT_SIZE } from './testing/testServer';
import { writeSyntheticDistrict } from './testing/syntheticDistrict';

let rootDir: string;
let dbPath: string;

beforeAll(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-users-'));
  dbPath = join(rootDir, 'district.sqlite');
  writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
});

afterAll(() => rmSync(rootDir, { recursive: true, force: true }));

describe('ensureDemoUsers', () => {
  it('creates one account per role (dispatcher and worker in the first street) with scrypt hashes of the given password', async () => {
    const users = await ensureDemoUsers(dbPath, 'first-password');
    expect(users.map((user) => [user.username, user.role, user.scopes])).toEqual([
      ['admin', 'admin', ['350102']],
      ['dispatcher', 'dispatcher', ['350102001']],
      ['viewer', 'viewer', ['350102']],
      ['leader', 'leader', ['350102']],
      ['auditor', 'auditor', ['350102']],
      ['worker01', 'grid_worker', ['350102001001001']],
      ['handler01', 'department_handler', ['350102']],
      ['hotline01', 'hotline_operator', ['350102']],
    ]);
    const db = openDatabase(dbPath);
    try {
      const stored = new SqliteAuthStore(db).findUser('dispatcher')!;
      expect(stored.passwordHash).toMatch(/^scrypt\$/);
      expect(await verifyPassword('first-password', stored.passwordHash)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('resets the password when run again', async () => {
    await ensureDemoUsers(dbPath, 'second-password');
    const db = openDatabase(dbPath);
    try {
      const stored = new SqliteAuthStore(db).findUser('admin')!;
      expect(await verifyPassword('first-password', stored.passwordHash)).toBe(false);
      expect(await verifyPassword('second-password', stored.passwordHash)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('ends the sessions opened with the old password', async () => {
    const db = openDatabase(dbPath);
    try {
      const store = new SqliteAuthStore(db);
      const farFuture = '2999-01-01T00:00:00.000Z';
      store.createSession({
        tokenHash: 'old-session',
        username: 'viewer',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: farFuture,
      });
      expect(store.findSessionUser('old-session', '2026-01-02T00:00:00.000Z')?.username).toBe(
        'viewer',
      );
      await ensureDemoUsers(db, 'third-password');
      expect(store.findSessionUser('old-session', '2026-01-02T00:00:00.000Z')).toBeNull();
    } finally {
      db.close();
    }
  });

  it('refuses a short password', async () => {
    await expect(ensureDemoUsers(dbPath, 'short')).rejects.toThrow(/at least 8/);
  });
});
