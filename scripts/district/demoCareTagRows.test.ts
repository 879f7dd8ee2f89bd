import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTags, formatTags } from '../../src/domain/registry';
import { openDatabase } from '../../src/server/store/openDatabase';
import { dumpStatsRollups, rebuildStatsRollups } from '../../src/server/store/statsRollups';
import { addDemoCareTagsIfMissing } from './demoCareTagRows';
import { generateTestDistrict, type TestDistrict } from './testDistrict';

let district: TestDistrict;

beforeAll(() => {
  district = generateTestDistrict({ buildingCount: 40, residentCount: 2_000 });
});

afterAll(() => district?.dispose());

const tagsById = (db: ReturnType<typeof openDatabase>) =>
  db.prepare('SELECT id, tags FROM persons ORDER BY id').all() as Array<{
    id: number;
    tags: string;
  }>;

describe('addDemoCareTagsIfMissing', () => {
  it('gives a district generated before the tags exactly the tags a fresh generation writes', () => {
    const db = openDatabase(district.dbPath);
    const generated = tagsById(db);
    const careTagged = generated.filter((person) => /low_income|bedridden/.test(person.tags));
    expect(careTagged.length).toBeGreaterThan(20);
    // The district as it was before: no 低保, no 卧床.
    const strip = db.prepare('UPDATE persons SET tags = ? WHERE id = ?');
    db.transaction(() => {
      for (const person of careTagged) {
        const older = parseTags(person.tags).filter(
          (tag) => tag !== 'low_income' && tag !== 'bedridden',
        );
        strip.run(formatTags(older), person.id);
      }
    })();
    db.close();

    expect(addDemoCareTagsIfMissing(district.dbPath)).toBe(careTagged.length);
    expect(addDemoCareTagsIfMissing(district.dbPath)).toBe(0);
    const after = openDatabase(district.dbPath);
    expect(tagsById(after)).toEqual(generated);
    // Written through the triggers: the rollups count them already.
    const incremental = dumpStatsRollups(after);
    rebuildStatsRollups(after);
    expect(dumpStatsRollups(after)).toEqual(incremental);
    after.close();
  });
});
