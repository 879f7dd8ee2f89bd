/**
 * The indexed resident search against the plain substring scan it replaced: on a fixture with
 * awkward names (mixed ASCII case, LIKE wildcards, quotes, long names, repeats), after inserts,
 * renames and deletes, and on a database written before the indexes existed.
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
import {
  identifierSealerFor,
  PERSON_SEALED_COLUMNS,
  personSealedValues,
} from './sealedIdentifiers';
import { subtreeInScopeFilter } from './scopeSql';
import { SEARCH_INDEX_VERSION, ensureSearchIndex, probeSearchIndex } from './searchIndex';
import { SqliteRegistry } from './sqliteRegistry';

const AWKWARD_NAMES = [
  'Zhang Wei',
  'zhang WEI',
  'ZHANGwei',
  '50%_off 百分',
  'O"Brien 奥',
  'a\\b反斜',
  '欧阳张伟',
  '张张张伟伟',
  '李'.repeat(70) + '末尾',
  '阿依古丽·买买提',
  'Émile 法',
  '王',
];
const ALL_PAGES = { page: 1, pageSize: 100_000 };

let rootDir: string;

beforeAll(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-search-'));
});

afterAll(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

/** The search as it was before the indexes: a LIKE scan over every person. */
function scanSearch(db: SqliteDatabase, criteria: SearchCriteria, scopes: string[]): number[] {
  const scope = subtreeInScopeFilter('b.grid_code', null, scopes);
  const from =
    'persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id ' +
    'JOIN buildings b ON b.id = u.building_id';
  if (criteria.kind === 'tail') {
    const rows = db
      .prepare(
        `SELECT p.id FROM ${from} WHERE (substr(p.id_number_masked, -4) = ? OR substr(p.phone_masked, -4) = ?) ` +
          `AND ${scope.sql} ORDER BY p.id`,
      )
      .all(criteria.idTail, criteria.phoneTail, ...scope.params) as { id: number }[];
    return rows.map((row) => row.id);
  }
  if (criteria.kind === 'identifier') {
    // The scan opens every sealed identifier in scope and compares the clear values.
    const sealer = identifierSealerFor(db);
    const rows = db
      .prepare(
        `SELECT p.id, p.id_number_sealed, p.phone_sealed FROM ${from} WHERE ${scope.sql} ORDER BY p.id`,
      )
      .all(...scope.params) as {
      id: number;
      id_number_sealed: Buffer;
      phone_sealed: Buffer | null;
    }[];
    return rows
      .filter(
        (row) =>
          (criteria.idNumber !== null &&
            sealer.open('id_number', row.id_number_sealed) === criteria.idNumber) ||
          (criteria.phone !== null &&
            row.phone_sealed !== null &&
            sealer.open('phone', row.phone_sealed) === criteria.phone),
      )
      .map((row) => row.id);
  }
  const pattern = `%${criteria.text.replace(/[\\%_]/g, (character) => '\\' + character)}%`;
  const rows = db
    .prepare(
      `SELECT p.id FROM ${from} WHERE (p.name LIKE ? ESCAPE '\\' OR b.address LIKE ? ESCAPE '\\' ` +
        `OR b.name LIKE ? ESCAPE '\\' OR b.name_en LIKE ? ESCAPE '\\') AND ${scope.sql} ORDER BY p.id`,
    )
    .all(pattern, pattern, pattern, pattern, ...scope.params) as { id: number }[];
  return rows.map((row) => row.id);
}

function indexedSearch(registry: SqliteRegistry, criteria: SearchCriteria, scopes: string[]) {
  return registry.searchPersons(criteria, scopes, ALL_PAGES).items.map((person) => person.id);
}

/** Every 1-3 character piece of the texts, plus case variants and whole texts. */
function queriesOf(texts: readonly string[]): string[] {
  const queries = new Set<string>();
  for (const text of texts) {
    const characters = [...text];
    for (let start = 0; start < characters.length; start++) {
      for (let length = 1; length <= 4 && start + length <= characters.length; length++) {
        const piece = characters.slice(start, start + length).join('');
        if (piece.trim() === '') continue;
        queries.add(piece);
        queries.add(piece.toUpperCase());
        queries.add(piece.toLowerCase());
      }
    }
    queries.add(text);
  }
  return [...queries];
}

function addAwkwardPersons(db: SqliteDatabase): void {
  const households = db.prepare('SELECT id FROM households ORDER BY id').all() as { id: number }[];
  const insert = db.prepare(
    `INSERT INTO persons (household_id, name, sex, birth_date, ${PERSON_SEALED_COLUMNS}, relation) ` +
      "VALUES (?, ?, 'M', '1980-01-01', ?, ?, ?, ?, ?, ?, 'head')",
  );
  const sealer = identifierSealerFor(db);
  AWKWARD_NAMES.forEach((name, index) => {
    const household = households[(index * 7) % households.length]!;
    const idNumber = `35010219800101${String(9000 + index)}`;
    insert.run(
      household.id,
      name,
      ...personSealedValues(sealer.sealPerson({ idNumber, phone: null })),
    );
  });
}

function expectSameAsScan(db: SqliteDatabase, queries: readonly string[]): number {
  const registry = new SqliteRegistry(db);
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

function textsOf(db: SqliteDatabase): string[] {
  const names = (db.prepare('SELECT name FROM persons').all() as { name: string }[]).map(
    (row) => row.name,
  );
  const buildings = db.prepare('SELECT name, name_en, address FROM buildings').all() as {
    name: string;
    name_en: string;
    address: string;
  }[];
  return [...names, ...buildings.flatMap((row) => [row.name, row.name_en, row.address])];
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

  it('finds exactly what the substring scan finds, in the same order, in and out of scope', () => {
    const dbPath = join(rootDir, 'fixture.sqlite');
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    const db = openDatabase(dbPath);
    try {
      addAwkwardPersons(db);
      const queries = [...queriesOf(textsOf(db)), '0018', '123X', 'zz', '不存在的人', '%', '_'];
      expect(expectSameAsScan(db, queries)).toBeGreaterThan(queries.length / 2);
    } finally {
      db.close();
    }
  });

  it('finds a whole ID number or mobile through the keyed index exactly as a scan of the clear values', () => {
    const dbPath = join(rootDir, 'identifiers.sqlite');
    writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
    const db = openDatabase(dbPath);
    try {
      const sealer = identifierSealerFor(db);
      const sample = db
        .prepare(
          'SELECT id_number_sealed, phone_sealed FROM persons WHERE phone_sealed IS NOT NULL ' +
            'ORDER BY id LIMIT 40',
        )
        .all() as { id_number_sealed: Buffer; phone_sealed: Buffer }[];
      expect(sample.length).toBe(40);
      const queries = sample.flatMap((row, index) => {
        const idNumber = sealer.open('id_number', row.id_number_sealed);
        const phone = sealer.open('phone', row.phone_sealed);
        // Typed as people type them: lower-case x, a phone in groups.
        return index % 2 === 0
          ? [idNumber.toLowerCase(), phone]
          : [idNumber, `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`];
      });
      queries.push('350102199901019999', '13800000000');
      for (const query of queries.slice(0, -2)) {
        expect(parseSearchQuery(query).kind).toBe('identifier');
      }
      // Every sampled identifier is found in the whole district; the unknown two find nobody.
      const found = expectSameAsScan(db, queries);
      expect(found).toBeGreaterThanOrEqual(queries.length - 2);
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
      const registry = new SqliteRegistry(db);
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
