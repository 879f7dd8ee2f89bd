/**
 * SQLite's search indexes against the plain substring scan they replaced, where they are
 * SQLite's own: after renames and deletes (the triggers) and on a database written before the
 * indexes existed. The answers on a fresh district, on both engines, are the registry's
 * contract suite's (registry/registryRepository.contract.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchCriteria } from '../registry/registryRepository';
import { parseSearchQuery } from '../registry/searchResidents';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import { SYNTHETIC_DISTRICT_CODE, writeSyntheticDistrict } from '../testing/syntheticDistrict';
import Database from 'better-sqlite3';
import { openDatabase, readSchemaSql, type SqliteDatabase } from './openDatabase';
import { addAwkwardPersons, queriesOf, scanSearch, textsOf } from '../testing/residentSearchScan';
import { SEARCH_INDEX_VERSION, ensureSearchIndex, probeSearchIndex } from './searchIndex';
import { SqliteRegistryStore } from './sqliteRegistry';

const ALL_PAGES = { page: 1, pageSize: 100_000 };

let rootDir: string;

beforeAll(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-search-'));
});

afterAll(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

function indexedSearch(registry: SqliteRegistryStore, criteria: SearchCriteria, scopes: string[]) {
  return registry.searchPersons(criteria, scopes, ALL_PAGES).items.map((person) => person.id);
}

function expectSameAsScan(db: SqliteDatabase, queries: readonly string[]): number {
  const registry = new SqliteRegistryStore(db);
  const everywhere = [SYNTHETIC_DISTRICT_CODE];
  const streets = (db.prepare('SELECT code FROM grids WHERE level = 2').all() as { code: string }[])
    .map((row) => row.code)
    .slice(0, 1);
  let nonEmpty = 0;
  for (const query of queries) {
    const criteria = parseSearchQuery(query);
    for (const scopes of [everywhere, streets]) {
      const expected = scanSearch(db, criteria, scopes);
      expect(indexedSearch(registry, criteria, scopes), `${query} in ${scopes.join(',')}`).toEqual(
        expected,
      );
      if (expected.length > 0) nonEmpty++;
    }
  }
  return nonEmpty;
}

describe('indexed resident search', () => {
  it('marks a file created from the schema as current, so it is never rebuilt', () => {
    const db = new Database(':memory:');
    try {
      db.exec(readSchemaSql());
      expect(db.prepare('SELECT version FROM search_index_state').get()).toEqual({
        version: SEARCH_INDEX_VERSION,
      });
      expect(ensureSearchIndex(db, { hadSearchIndex: true })).toBe(false);
    } finally {
      db.close();
    }
  });

  it('stays exact after renames, deletes and building edits (the triggers keep it current)', () => {
    const dbPath = join(rootDir, 'edits.sqlite');
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    const db = openDatabase(dbPath);
    try {
      addAwkwardPersons(db);
      const registry = new SqliteRegistryStore(db);
      const before = registry.searchPersons(parseSearchQuery('欧阳张伟'), ['350102'], ALL_PAGES);
      expect(before.total).toBe(1);
      db.prepare("UPDATE persons SET name = '司马光明' WHERE name = '欧阳张伟'").run();
      db.prepare("DELETE FROM persons WHERE name = 'Zhang Wei'").run();
      db.prepare(
        "UPDATE buildings SET address = 'Harbour Road 9', name_en = 'Tide' WHERE id = 1",
      ).run();
      db.prepare(
        "UPDATE buildings SET name = 'A very long estate name that goes on and on past sixty-four characters, Building 7' WHERE id = 2",
      ).run();
      expect(
        registry.searchPersons(parseSearchQuery('欧阳张伟'), ['350102'], ALL_PAGES).total,
      ).toBe(0);
      expect(registry.searchPersons(parseSearchQuery('司马'), ['350102'], ALL_PAGES).total).toBe(1);
      expect(
        expectSameAsScan(db, [
          '欧阳',
          '司马光',
          'zhang',
          'Wei',
          'harbour',
          'ti',
          'Ha',
          '幸福路',
          'g 7',
          ' 7',
          'on',
        ]),
      ).toBeGreaterThan(3);
    } finally {
      db.close();
    }
  });

  it('backfills the indexes of a database written before they existed, once', () => {
    const dbPath = join(rootDir, 'old.sqlite');
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    const old = openDatabase(dbPath);
    addAwkwardPersons(old);
    // What a file of the previous schema holds: the tables, no search objects.
    for (const trigger of [
      'persons_search_insert',
      'persons_search_delete',
      'persons_search_update',
      'buildings_search_insert',
      'buildings_search_delete',
      'buildings_search_update',
    ])
      old.exec(`DROP TRIGGER ${trigger}`);
    for (const table of [
      'persons_name_fts',
      'buildings_text_fts',
      'person_name_grams',
      'building_text_grams',
      'search_gram_positions',
      'search_index_state',
    ])
      old.exec(`DROP TABLE ${table}`);
    old.exec('DROP INDEX persons_long_name');
    old.exec('DROP INDEX buildings_long_text');
    old.close();

    const db = openDatabase(dbPath);
    try {
      expect(expectSameAsScan(db, queriesOf(textsOf(db)))).toBeGreaterThan(10);
      const grams = db.prepare('SELECT COUNT(*) AS n FROM person_name_grams').get() as {
        n: number;
      };
      db.close();
      // A second open finds the version current and leaves the indexes as they are.
      const again = openDatabase(dbPath);
      expect(ensureSearchIndex(again, probeSearchIndex(again))).toBe(false);
      expect(again.prepare('SELECT COUNT(*) AS n FROM person_name_grams').get()).toEqual(grams);
      again.close();
    } finally {
      if (db.open) db.close();
    }
  });
});
