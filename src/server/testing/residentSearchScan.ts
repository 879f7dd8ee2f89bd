/**
 * The resident search as it was before the indexes (a LIKE scan over every person, the clear
 * identifiers opened one by one), and a fixture of awkward names: the reference both engines'
 * indexed searches must answer exactly. Test support only.
 */
import type { SearchCriteria } from '../registry/registryRepository';
import type { SqliteDatabase } from '../store/openDatabase';
import { subtreeInScopeFilter } from '../store/scopeSql';
import { PERSON_SEALED_COLUMNS, personSealedValues } from '../store/sealedIdentifiers';
import { identifierSealerFor } from '../store/dataKeyFiles';

export const AWKWARD_NAMES = [
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
/** The search as it was before the indexes: a LIKE scan over every person. */
export function scanSearch(
  db: SqliteDatabase,
  criteria: SearchCriteria,
  scopes: string[],
): number[] {
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

/** Every 1-3 character piece of the texts, plus case variants and whole texts. */
export function queriesOf(texts: readonly string[]): string[] {
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

export function addAwkwardPersons(db: SqliteDatabase): void {
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

export function textsOf(db: SqliteDatabase): string[] {
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
