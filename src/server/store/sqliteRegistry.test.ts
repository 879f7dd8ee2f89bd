/** The store's query plans: the lookups the API leans on use their indexes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { searchPersonIds } from './sqlitePersonSearch';
import { HOUSEHOLDS_OF_UNIT_SQL, MEMBERS_OF_UNIT_SQL } from './sqliteRegistry';
import {
  mayBeNarrowScope,
  narrowScopeSizeSql,
  narrowTextSearchSql,
  tailSearchSql,
  textSearchSql,
} from './sqliteRegistryQueries';

let rootDir: string;
let db: SqliteDatabase;

beforeAll(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-store-'));
  const dbPath = join(rootDir, 'district.sqlite');
  writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
  db = openDatabase(dbPath);
  db.exec('ANALYZE');
});

afterAll(() => {
  db?.close();
  rmSync(rootDir, { recursive: true, force: true });
});

function planOf(sql: string, ...params: unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((row) => row.detail).join('\n');
}

describe('SqliteRegistryStore query plans', () => {
  it('opens in WAL mode with foreign keys on', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('looks up a unit household by index, members by index', () => {
    expect(planOf(HOUSEHOLDS_OF_UNIT_SQL, 1)).toMatch(/USING (COVERING )?INDEX households_unit/);
    const members = planOf(MEMBERS_OF_UNIT_SQL, 1);
    expect(members).toMatch(/households_unit/);
    expect(members).toMatch(/USING INDEX persons_household/);
    expect(members).not.toMatch(/SCAN p\b/);
  });

  it('searches ID tails by the tail index', () => {
    const search = tailSearchSql({ kind: 'tail', idTail: '0018', phoneTail: '0018' }, ['350102']);
    const plan = planOf(search.sql, ...search.params);
    expect(plan).toMatch(/persons_id_tail/);
    expect(plan).toMatch(/persons_phone_tail/);
  });

  it('searches text of three or more characters through the trigram indexes, never scanning persons', () => {
    const search = textSearchSql('幸福路', ['350102']);
    const plan = planOf(search.sql, ...search.params);
    expect(plan).toMatch(/persons_name_fts VIRTUAL TABLE/);
    expect(plan).toMatch(/buildings_text_fts VIRTUAL TABLE/);
    expect(plan).not.toMatch(/SCAN p\b/);
  });

  it('searches 1-2 character text through the gram tables, never scanning persons or buildings', () => {
    const search = textSearchSql('张伟', ['350102']);
    const plan = planOf(search.sql, ...search.params);
    expect(plan).toMatch(/person_name_grams USING PRIMARY KEY/);
    expect(plan).toMatch(/persons USING (COVERING )?INDEX persons_long_name/);
    expect(plan).toMatch(/building_text_grams USING PRIMARY KEY/);
    expect(plan).toMatch(/buildings USING (COVERING )?INDEX buildings_long_text/);
    expect(plan).not.toMatch(/SCAN p\b/);
    expect(plan).not.toMatch(/SCAN buildings(?! USING)/);
  });

  it('walks a narrow scope from its buildings down, never scanning persons', () => {
    const search = narrowTextSearchSql('王', ['350102001001001']);
    const plan = planOf(search.sql, ...search.params);
    expect(plan).toMatch(/buildings_grid/);
    expect(plan).toMatch(/persons_household/);
    expect(plan).not.toMatch(/SCAN p\b/);
  });
});

describe("a narrow scope's text search", () => {
  function ids(search: { sql: string; params: unknown[] }): number[] {
    return (db.prepare(search.sql).all(...search.params) as { id: number }[]).map((row) => row.id);
  }

  it('finds exactly what the gram and trigram path finds, in every community and base grid', () => {
    const scopes = (
      db.prepare('SELECT code FROM grids WHERE level >= 3 ORDER BY code').all() as {
        code: string;
      }[]
    ).map((row) => row.code);
    const name = (
      db.prepare('SELECT name FROM persons ORDER BY id LIMIT 1').get() as { name: string }
    ).name;
    const address = (
      db.prepare('SELECT address FROM buildings ORDER BY id LIMIT 1').get() as {
        address: string;
      }
    ).address;
    const english = (
      db.prepare('SELECT name_en FROM buildings ORDER BY id LIMIT 1').get() as {
        name_en: string;
      }
    ).name_en;
    const texts = [
      [...name][0]!,
      name,
      [...address].slice(0, 2).join(''),
      address,
      english.slice(0, 4).toLowerCase(),
      '%',
      '_',
      'zz',
    ];
    let found = 0;
    for (const scope of scopes) {
      for (const text of texts) {
        const narrow = ids(narrowTextSearchSql(text, [scope]));
        expect(narrow, `${text} in ${scope}`).toEqual(ids(textSearchSql(text, [scope])));
        found += narrow.length;
      }
    }
    expect(scopes.length).toBeGreaterThan(2);
    expect(found).toBeGreaterThan(0);
  });

  it('is counted only for communities and base grids, up to one past the limit', () => {
    expect(mayBeNarrowScope([])).toBe(false);
    expect(mayBeNarrowScope(['350102'])).toBe(false);
    expect(mayBeNarrowScope(['350102001'])).toBe(false);
    expect(mayBeNarrowScope(['350102001001', '350102001001001'])).toBe(true);
    expect(mayBeNarrowScope(['350102001001', '350102001'])).toBe(false);
    const size = narrowScopeSizeSql(['350102001001']);
    const persons = db
      .prepare(
        'SELECT count(*) AS n FROM persons p JOIN households h ON h.id = p.household_id ' +
          'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id ' +
          "WHERE b.grid_code LIKE '350102001001%'",
      )
      .get() as { n: number };
    expect(persons.n).toBeGreaterThan(0);
    expect(db.prepare(size.sql).get(...size.params)).toEqual({ n: persons.n });
  });
});

describe("a broad scope's capped text search", () => {
  it('pages and counts as reading every match would, in the district and each street', () => {
    const all = (sql: string, ...params: unknown[]) =>
      db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
    const scopes = (
      db.prepare('SELECT code FROM grids WHERE level <= 2 ORDER BY code').all() as {
        code: string;
      }[]
    ).map((row) => row.code);
    const name = (
      db.prepare('SELECT name FROM persons ORDER BY id DESC LIMIT 1').get() as { name: string }
    ).name;
    const address = (
      db.prepare('SELECT address FROM buildings ORDER BY id DESC LIMIT 1').get() as {
        address: string;
      }
    ).address;
    const texts = [
      [...name].slice(0, 2).join(''),
      name,
      [...address].slice(0, 2).join(''),
      [...address].slice(-3).join(''),
      address,
      '%',
      'zz',
    ];
    let capped = 0;
    for (const scope of scopes) {
      for (const text of texts) {
        const every = all(
          textSearchSql(text, [scope]).sql,
          ...textSearchSql(text, [scope]).params,
        ).map((row) => Number(row.id));
        for (const totalCap of [3, 1000]) {
          for (const pageNo of [1, 2, 4]) {
            const page = { page: pageNo, pageSize: 2, totalCap };
            const found = searchPersonIds(all, { kind: 'text', text }, [scope], page, () => {
              throw new Error('no identifiers here');
            });
            expect(found, `${text} in ${scope}, page ${pageNo} of ${totalCap}`).toEqual({
              pageIds: every.slice((pageNo - 1) * 2, pageNo * 2),
              total: Math.min(every.length, totalCap),
              totalCapped: every.length > totalCap,
            });
            if (found.totalCapped) capped++;
          }
        }
      }
    }
    expect(scopes.length).toBeGreaterThan(1);
    expect(capped).toBeGreaterThan(0);
  });
});
