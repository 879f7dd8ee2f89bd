/**
 * The contract of ExportRows on every engine (docs/decisions/0040), over one synthetic district
 * given to both: four grids (two per street) of one building, two floors of two units, one
 * household of two persons per unit (unit 5 vacant). Person 3 has a residence category of its
 * own; person 4's tags hold a tag whose name starts another's.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresExportRows } from '../store/pg/postgresExportRows';
import { sqliteExportRows } from '../store/sqliteExportRows';
import { districtContractEngines } from '../testing/districtContractEngines';
import type { ExportRows, MaskedResident } from './exportRows';

interface Opened {
  rows: ExportRows;
  /** Renames every person through the server's own connection (pool). */
  renameEveryone(name: string): Promise<void>;
  close(): void;
}

const RENAME_SQL = 'UPDATE persons SET name = ';

const { engines } = districtContractEngines<Opened>({
  label: 'export-rows',
  size: {
    streetCount: 2,
    communitiesPerStreet: 1,
    gridsPerCommunity: 2,
    buildingsPerGrid: 1,
    floors: 2,
    unitsPerFloor: 2,
    vacantEvery: 5,
    rentalEvery: 3,
    householdsPerUnit: 1,
    personsPerHousehold: 2,
  },
  seed(db) {
    db.prepare(
      "INSERT OR REPLACE INTO person_details (person_id, category) VALUES (3, 'floating')",
    ).run();
    db.prepare("UPDATE persons SET tags = 'elderly_alone_x,disabled' WHERE id = 4").run();
    db.prepare("UPDATE persons SET tags = 'elderly_alone' WHERE id = 6").run();
  },
  sqlite: (db) => ({
    rows: sqliteExportRows(db),
    renameEveryone: async (name) => void db.prepare(`${RENAME_SQL}?`).run(name),
    close: () => db.close(),
  }),
  // The exports' pool has one client: one that kept it would leave nothing for the next export.
  // The server's writes go through another pool.
  pools: 2,
  poolSize: 1,
  postgres: ([exportPool, serverPool]) => ({
    rows: new PostgresExportRows(exportPool!),
    renameEveryone: async (name) => void (await serverPool!.query(`${RENAME_SQL}$1`, [name])),
    close: () => {},
  }),
});

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const row of rows) list.push(row);
  return list;
}

describe.each(engines)('export rows on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const residents = (filter: Partial<Parameters<ExportRows['maskedResidents']>[0]>) =>
    all(opened.rows.maskedResidents({ grid: null, scopes: ['350102'], tag: null, ...filter }));

  it('lists residents in order, identifiers masked, inside the scopes and the grid', async () => {
    const street = await residents({ scopes: ['350102001'] });
    expect(street.map((r) => r.personId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const first = street[0]!;
    expect(first).toMatchObject({
      gridCode: '350102001001001',
      address: '幸福路1号',
      roomLabel: '101',
      relation: expect.any(String),
      category: 'registered',
    });
    expect(first.birthYear).toMatch(/^\d{4}$/);
    expect(first.idNumberMasked).toMatch(/\*/);
    expect(
      street.every((r: MaskedResident) => r.phoneMasked === '' || r.phoneMasked.includes('*')),
    ).toBe(true);
    expect(street[2]!.category).toBe('floating');
    expect((await residents({ grid: '350102002001002' })).map((r) => r.gridCode)).toEqual(
      Array(6).fill('350102002001002'),
    );
    expect(await residents({ grid: '350102002', scopes: ['350102001'] })).toEqual([]);
    expect(await residents({ scopes: [] })).toEqual([]);
  });

  it('keeps residents with the whole tag only', async () => {
    const tagged = await residents({ tag: 'elderly_alone' });
    expect(tagged.map((r) => r.personId)).toContain(6);
    expect(tagged.map((r) => r.personId)).not.toContain(4);
    expect(tagged.every((r) => r.tags.split(',').includes('elderly_alone'))).toBe(true);
    expect((await residents({ tag: 'disabled' })).map((r) => r.personId)).toContain(4);
  });

  it('lists units with their household and resident counts', async () => {
    const units = await all(opened.rows.unitRows('350102002001001', ['350102']));
    expect(units).toEqual([
      ['350102002001001', '3号楼', '幸福路3号', 1, '101', 'residential', expect.any(Number), 1, 2],
      ['350102002001001', '3号楼', '幸福路3号', 1, '102', 'vacant', expect.any(Number), 0, 0],
      ['350102002001001', '3号楼', '幸福路3号', 2, '201', 'residential', expect.any(Number), 1, 2],
      ['350102002001001', '3号楼', '幸福路3号', 2, '202', 'residential', expect.any(Number), 1, 2],
    ]);
    expect(await all(opened.rows.unitRows(null, ['350102001']))).toHaveLength(8);
    expect(await all(opened.rows.unitRows(null, []))).toEqual([]);
  });

  it('reads one snapshot while the server keeps writing, and lets go when left early', async () => {
    const names: string[] = [];
    for await (const resident of opened.rows.maskedResidents({
      grid: null,
      scopes: ['350102'],
      tag: null,
    })) {
      if (names.length === 0) await opened.renameEveryone('改名');
      names.push(resident.name);
    }
    expect(names).toHaveLength(26);
    expect(names).not.toContain('改名');

    for await (const unit of opened.rows.unitRows(null, ['350102'])) {
      expect(unit).toHaveLength(9);
      break;
    }
    const after = await residents({ grid: '350102001001001' });
    expect(after.map((r) => r.name)).toEqual(Array(8).fill('改名'));
    expect(await all(opened.rows.unitRows(null, ['350102001']))).toHaveLength(8);
  });
});
