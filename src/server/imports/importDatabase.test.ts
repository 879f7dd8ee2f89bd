/**
 * An import process's SQLite connection keeps its memory small: no memory map, and a page cache
 * (the bound of each of its sorts) a quarter of a server connection's (decision 0018).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import { IMPORT_CACHE_KIB, openImportDatabase } from './importDatabase';

const dir = mkdtempSync(join(tmpdir(), 'import-database-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openImportDatabase (SQLite)', () => {
  it('opens the file with a small page cache and no memory map, a server connection with more', async () => {
    const dbPath = join(dir, 'district.sqlite');
    const server = openDatabase(dbPath);
    const opened = openImportDatabase({ engine: 'sqlite', dbPath }, dir);
    try {
      if (opened.target.engine !== 'sqlite') throw new Error('expected SQLite');
      const { db } = opened.target;
      expect(db.pragma('cache_size', { simple: true })).toBe(-IMPORT_CACHE_KIB);
      expect(db.pragma('mmap_size', { simple: true })).toBe(0);
      expect(server.pragma('cache_size', { simple: true })).toBeLessThan(-IMPORT_CACHE_KIB);
    } finally {
      await opened.close();
      server.close();
    }
  });
});
