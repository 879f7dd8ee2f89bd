/** A database made before roles grew opens with its users and sessions kept and new roles allowed. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase';
import { SqliteAuthStore } from './sqliteAuthStore';

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-upgrade-'));
afterAll(() => rmSync(rootDir, { recursive: true, force: true }));

describe('upgrading the users table', () => {
  it('keeps users and sessions and accepts the new roles and columns', () => {
    const dbPath = join(rootDir, 'old.sqlite');
    const old = new Database(dbPath);
    // The shape users and sessions had before roles grew.
    old.exec(`
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'viewer')),
        scopes TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      INSERT INTO users VALUES ('ops', 'Ops', 'scrypt$x', 'dispatcher', '["350102001"]', 0);
      INSERT INTO sessions VALUES ('hash', 'ops', '2026-01-01T00:00:00Z', '2999-01-01T00:00:00Z');
    `);
    old.close();

    const db = openDatabase(dbPath);
    try {
      const store = new SqliteAuthStore(db);
      expect(store.findUser('ops')).toMatchObject({
        role: 'dispatcher',
        scopes: ['350102001'],
        disabled: false,
        mustChangePassword: false,
        department: null,
      });
      expect(store.findSessionUser('hash', '2026-06-01T00:00:00Z')?.username).toBe('ops');
      store.saveUser({
        username: 'audit',
        displayName: 'Auditor',
        passwordHash: 'scrypt$y',
        role: 'auditor',
        scopes: ['350102'],
        demo: false,
      });
      expect(store.findUser('audit')?.role).toBe('auditor');
      // Deleting still cascades to sessions: the foreign key survived the rebuild.
      expect(store.deleteUser('ops')).toBe(true);
      expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    // Opening again is a no-op.
    openDatabase(dbPath).close();
  });

  it('rebuilds a table of seven roles for the hotline operator, keeping department and flags', () => {
    const dbPath = join(rootDir, 'seven-roles.sqlite');
    const old = new Database(dbPath);
    old.exec(`
      CREATE TABLE users (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('leader', 'dispatcher', 'grid_worker',
          'department_handler', 'viewer', 'auditor', 'admin')),
        scopes TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        department TEXT
      );
      INSERT INTO users VALUES ('h1', 'H', 'scrypt$x', 'department_handler', '["350102"]', 0, 1, 1,
        'housing');
    `);
    old.close();
    const db = openDatabase(dbPath);
    try {
      const store = new SqliteAuthStore(db);
      expect(store.findUser('h1')).toMatchObject({
        disabled: true,
        mustChangePassword: true,
        department: 'housing',
      });
      store.saveUser({
        username: 'op',
        displayName: 'Operator',
        passwordHash: 'scrypt$y',
        role: 'hotline_operator',
        scopes: ['350102'],
        demo: false,
      });
      expect(store.findUser('op')?.role).toBe('hotline_operator');
    } finally {
      db.close();
    }
  });
});
