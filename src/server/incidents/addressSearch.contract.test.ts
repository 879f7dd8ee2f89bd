/**
 * The contract of the hotline desk's AddressSearch on every engine (docs/decisions/0040), over
 * one synthetic district given to both (addresses 幸福路<id>号, names <id>号楼; two streets of
 * two grids, two buildings each), with a few addresses rewritten to hold ASCII letters, LIKE's
 * own characters and a letter outside ASCII.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresAddressSearch } from '../store/pg/postgresAddressSearch';
import { sqliteAddressSearch } from '../store/sqliteAddressSearch';
import { districtContractEngines } from '../testing/districtContractEngines';
import type { AddressSearch } from './hotlineDesk';

interface Opened {
  addresses: AddressSearch;
  close(): void;
}

const ADDRESSES: Record<number, string> = {
  3: 'Xingfu Road 3, Café',
  4: '幸福路4号 100%_a',
  6: 'xingfu road 6',
};

const { engines } = districtContractEngines<Opened>({
  label: 'address-search',
  size: {
    streetCount: 2,
    communitiesPerStreet: 1,
    gridsPerCommunity: 2,
    buildingsPerGrid: 2,
    floors: 1,
    unitsPerFloor: 1,
    vacantEvery: 5,
    rentalEvery: 3,
    householdsPerUnit: 1,
    personsPerHousehold: 1,
  },
  seed(db) {
    const update = db.prepare('UPDATE buildings SET address = ? WHERE id = ?');
    for (const [id, address] of Object.entries(ADDRESSES)) update.run(address, Number(id));
  },
  sqlite: (db) => ({ addresses: sqliteAddressSearch(db), close: () => db.close() }),
  postgres: ([pool]) => ({ addresses: new PostgresAddressSearch(pool!), close: () => {} }),
});

describe.each(engines)('address search on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const ids = async (text: string, scopes: readonly string[] = ['350102'], limit = 20) =>
    (await opened.addresses.searchAddresses(text, scopes, limit)).map((match) => match.buildingId);

  it('finds by address or name, ordered by address byte by byte, then id', async () => {
    expect(await ids('幸福路')).toEqual([1, 2, 4, 5, 7, 8]);
    expect(await ids('7号')).toEqual([7]);
    expect(await ids('号楼', ['350102'], 3)).toEqual([3, 6, 1]);
    const [match] = await opened.addresses.searchAddresses('5号楼', ['350102'], 5);
    expect(match).toEqual({
      buildingId: 5,
      name: '5号楼',
      address: '幸福路5号',
      gridCode: '350102002001001',
      lon: expect.closeTo(119.2505, 9),
      lat: 26.03,
    });
  });

  it('folds ASCII letters only, and takes % and _ as themselves', async () => {
    expect(await ids('XINGFU ROAD')).toEqual([3, 6]);
    expect(await ids('fu')).toEqual([3, 6]);
    expect(await ids('café')).toEqual([3]);
    expect(await ids('CAFÉ')).toEqual([]);
    expect(await ids('%_')).toEqual([4]);
    expect(await ids('0%')).toEqual([4]);
    expect(await ids('_')).toEqual([4]);
    expect(await ids('幸福路%号')).toEqual([]);
  });

  it('keeps to the scopes', async () => {
    expect(await ids('幸福路', ['350102001'])).toEqual([1, 2, 4]);
    expect(await ids('幸福路', ['350102002001002'])).toEqual([7, 8]);
    expect(await ids('幸福路', [])).toEqual([]);
  });
});
