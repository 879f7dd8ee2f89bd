/**
 * The contract of ExpiringRentalQueries on every engine (docs/decisions/0040), over one synthetic
 * district given to both: four grids (two per street) of one building with two units; unit 5 is
 * vacant, so units 1-4 and 6-8 hold persons 1-4 and 5-7. Leases and permits are seeded per unit
 * and person.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sqliteExpiringRentalQueries } from '../store/expiringQueries';
import { PostgresExpiringRentalQueries } from '../store/pg/postgresExpiringRentalQueries';
import { districtContractEngines } from '../testing/districtContractEngines';
import type { ExpiringRentalQueries } from './expiringRentalQueries';

interface Opened {
  expiring: ExpiringRentalQueries;
  close(): void;
}

/** [lease id, unit id, end date] */
const LEASES: Array<[number, number, string]> = [
  [1, 1, '2026-12-10'],
  [2, 3, '2026-12-10'],
  [3, 2, '2026-12-08'],
  [4, 7, '2027-01-20'],
  [5, 6, '2026-12-06'],
  [6, 4, '2026-12-05'],
  [7, 2, '2026-12-10'],
];
/** [person id, permit expires] */
const PERMITS: Array<[number, string | null]> = [
  [1, '2026-12-31'],
  [2, null],
  [3, '2026-12-06'],
  [5, '2027-02-01'],
  [6, '2026-12-31'],
];
const RANGE = { from: '2026-12-06', to: '2027-01-05' };

const { engines } = districtContractEngines<Opened>({
  label: 'expiring',
  size: {
    streetCount: 2,
    communitiesPerStreet: 1,
    gridsPerCommunity: 2,
    buildingsPerGrid: 1,
    floors: 1,
    unitsPerFloor: 2,
    vacantEvery: 5,
    rentalEvery: 3,
    householdsPerUnit: 1,
    personsPerHousehold: 1,
  },
  tables: ['rental_leases'],
  seed(db) {
    const lease = db.prepare(
      "INSERT INTO rental_leases (id, unit_id, landlord_name, tenants, start_date, end_date) VALUES (?, ?, '房东', '租客', '2026-01-01', ?)",
    );
    for (const row of LEASES) lease.run(...row);
    const permit = db.prepare(
      "INSERT OR REPLACE INTO person_details (person_id, category, permit_expires) VALUES (?, 'floating', ?)",
    );
    for (const row of PERMITS) permit.run(...row);
  },
  sqlite: (db) => ({ expiring: sqliteExpiringRentalQueries(db), close: () => db.close() }),
  postgres: ([pool]) => ({
    expiring: new PostgresExpiringRentalQueries(pool!),
    close: () => {},
  }),
});

describe.each(engines)('expiring leases and permits on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const ids = async (grid: string | null, scopes: readonly string[]) => {
    const { leases, permits } = await opened.expiring.listExpiring(RANGE, grid, scopes);
    return {
      leases: leases.map((lease) => lease.leaseId),
      permits: permits.map((permit) => permit.personId),
    };
  };

  it('lists what ends inside the range, edges included, by date, then grid, then id', async () => {
    expect(await ids(null, ['350102'])).toEqual({ leases: [5, 3, 1, 7, 2], permits: [3, 1, 6] });
    const { leases, permits } = await opened.expiring.listExpiring(RANGE, null, ['350102']);
    expect(leases[0]).toEqual({
      leaseId: 5,
      gridCode: '350102002001001',
      address: '幸福路3号',
      roomLabel: '102',
      landlordName: '房东',
      tenants: '租客',
      startDate: '2026-01-01',
      endDate: '2026-12-06',
    });
    expect(permits[0]).toEqual({
      personId: 3,
      gridCode: '350102001001002',
      name: expect.any(String),
      address: '幸福路2号',
      roomLabel: '101',
      permitExpires: '2026-12-06',
    });
  });

  it('keeps to the scopes and to the grid asked for', async () => {
    expect(await ids(null, ['350102001'])).toEqual({ leases: [3, 1, 7, 2], permits: [3, 1] });
    expect(await ids('350102002', ['350102'])).toEqual({ leases: [5], permits: [6] });
    expect(await ids('350102002', ['350102001'])).toEqual({ leases: [], permits: [] });
    expect(await ids(null, [])).toEqual({ leases: [], permits: [] });
  });
});
