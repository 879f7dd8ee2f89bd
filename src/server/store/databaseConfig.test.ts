/** DATABASE_URL: unset keeps SQLite; a PostgreSQL URL runs the server there. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '../createServer';
import { createTestPostgres } from '../testing/testPostgres';
import { databaseConfigFromEnv, parseDatabaseUrl } from './databaseConfig';

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-dburl-'));
afterAll(() => rmSync(rootDir, { recursive: true, force: true }));

describe('DATABASE_URL', () => {
  it('keeps the SQLite file when unset or empty', () => {
    expect(databaseConfigFromEnv({})).toEqual({ engine: 'sqlite' });
    expect(databaseConfigFromEnv({ DATABASE_URL: '' })).toEqual({ engine: 'sqlite' });
  });

  it('reads a PostgreSQL URL, with the default port and user', () => {
    expect(parseDatabaseUrl('postgres://ops:secret@db.hall:6432/grid')).toMatchObject({
      engine: 'postgres',
      host: 'db.hall',
      port: 6432,
      database: 'grid',
      user: 'ops',
    });
    expect(parseDatabaseUrl('postgresql://127.0.0.1/grid')).toMatchObject({
      port: 5432,
      user: 'postgres',
    });
  });

  it('rejects another scheme, no database and a non-URL', () => {
    expect(() => parseDatabaseUrl('mysql://h/grid')).toThrow(/postgres:\/\//);
    expect(() => parseDatabaseUrl('postgres://h/')).toThrow(/one database/);
    expect(() => parseDatabaseUrl('grid.sqlite')).toThrow(/not a URL/);
  });

  it('runs the server on the database the URL names, never on the SQLite file', async () => {
    const dbPath = join(rootDir, 'never.sqlite');
    // Nothing listens there: the start fails on PostgreSQL instead of falling back to SQLite.
    const start = createServer({
      dbPath,
      dataDir: rootDir,
      database: parseDatabaseUrl('postgres://postgres@127.0.0.1:1/gcc_test_never'),
      cluster: null,
    });
    await expect(start).rejects.toThrow(/ECONNREFUSED/);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('refuses a PostgreSQL district without its data key instead of making a new one', async () => {
    const database = await createTestPostgres();
    const emptyDir = join(rootDir, 'no-key');
    try {
      const start = createServer({
        dataDir: emptyDir,
        database: parseDatabaseUrl(database.url),
        cluster: null,
      });
      await expect(start).rejects.toThrow(/no data key at/);
      expect(existsSync(join(emptyDir, 'data.key'))).toBe(false);
    } finally {
      await database.drop();
    }
  });
});
