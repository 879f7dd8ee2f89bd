/** The store's query plans: the lookups the API leans on use their indexes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DISTRICT_SIZE } from '../testing/testServer';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { HOUSEHOLDS_OF_UNIT_SQL, MEMBERS_OF_UNIT_SQL } from './sqliteRegistry';
import { tailSearchSql, textSearchSql } from './sqliteRegistryQueries';

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
});
