/**
 * Adds the 低保 and 卧床/失能 tags (careTags.ts) to a generated district made before they existed,
 * leaving everything else as it is.
 */
import { formatTags, parseTags, type HouseholdType } from '../../src/domain/registry';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { openDatabase } from '../../src/server/store/openDatabase';
import { CareTagDraws, PEOPLE_RANDOM_SALT } from './careTags';

/**
 * Adds the care tags to a generated district that has none of them (generated before they
 * existed); the rollups follow through their triggers. Returns how many people were tagged: 0
 * when the district already has such tags or holds no generated people.
 */
export function addDemoCareTagsIfMissing(dbPath: string): number {
  const db = openDatabase(dbPath);
  try {
    const tagged = db
      .prepare(
        "SELECT 1 FROM persons WHERE instr(',' || tags || ',', ',low_income,') > 0 " +
          "OR instr(',' || tags || ',', ',bedridden,') > 0 LIMIT 1",
      )
      .get();
    const seedRow = db.prepare("SELECT value FROM meta WHERE key = 'seed'").get() as
      { value: string } | undefined;
    if (tagged !== undefined || seedRow === undefined) return 0;
    const draws = new CareTagDraws(
      createSeededRandom(Number(seedRow.value)).fork(PEOPLE_RANDOM_SALT),
    );
    const people = db
      .prepare(
        'SELECT p.id, p.household_id, p.birth_date, p.tags, h.type FROM persons p ' +
          'JOIN households h ON h.id = p.household_id WHERE p.synthetic = 1 ORDER BY p.id',
      )
      .all() as Array<{
      id: number;
      household_id: number;
      birth_date: string;
      tags: string;
      type: HouseholdType;
    }>;
    const update = db.prepare('UPDATE persons SET tags = ? WHERE id = ?');
    let count = 0;
    db.transaction(() => {
      for (const person of people) {
        const tags = parseTags(person.tags);
        if (draws.isLowIncome(person.household_id, person.type)) tags.push('low_income');
        if (draws.isBedridden(person.id, person.birth_date)) tags.push('bedridden');
        const written = formatTags(tags);
        if (written === person.tags) continue;
        update.run(written, person.id);
        count++;
      }
    })();
    return count;
  } finally {
    db.close();
  }
}
