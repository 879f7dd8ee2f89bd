/**
 * The contract of UnitVolumes on every engine (docs/decisions/0040-postgresql.md), over one
 * synthetic district given to both: two streets of two grids, two buildings each (ids in grid
 * order, origins 1e-4° apart eastwards), one building with a source's base height and a unit
 * with its own footprint.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresUnitVolumes } from '../store/pg/postgresUnitVolumes';
import { sqliteUnitVolumes } from '../store/sqliteUnitVolumes';
import { districtContractEngines } from '../testing/districtContractEngines';
import type { UnitVolumes } from './unitVolumes';

const RINGS = [
  [
    [0, 0],
    [4, 0],
    [4, 3],
    [0, 0],
  ],
];
const STREET_1 = '350102001';
const GRID_1 = '350102001001001';
const GRID_2 = '350102001001002';

interface Opened {
  volumes: UnitVolumes;
  close(): void;
}

const { engines } = districtContractEngines<Opened>({
  label: 'unit-volumes',
  size: {
    streetCount: 2,
    communitiesPerStreet: 1,
    gridsPerCommunity: 2,
    buildingsPerGrid: 2,
    floors: 2,
    unitsPerFloor: 2,
    vacantEvery: 5,
    rentalEvery: 3,
    householdsPerUnit: 1,
    personsPerHousehold: 1,
  },
  seed(db) {
    db.prepare(
      "INSERT INTO building_sources (building_id, source_key, base_height_m, content_hash) VALUES (2, 'k2', 12.5, 'h')",
    ).run();
    db.prepare('INSERT INTO unit_shapes (unit_id, rings) VALUES (?, ?)').run(
      6,
      JSON.stringify(RINGS),
    );
  },
  sqlite: (db) => ({ volumes: sqliteUnitVolumes(db), close: () => db.close() }),
  postgres: ([pool]) => ({ volumes: new PostgresUnitVolumes(pool!), close: () => {} }),
});

describe.each(engines)('unit volumes on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const ids = (list: { buildings: { id: number }[] }) => list.buildings.map((b) => b.id);

  it("reads a grid subtree's buildings with their units, base heights and own footprints", async () => {
    const { buildings, truncated } = await opened.volumes.listVolumeBuildings(
      { bbox: null, gridCode: GRID_1 },
      ['350102'],
      10,
    );
    expect(truncated).toBe(false);
    expect(buildings.map((b) => b.id)).toEqual([1, 2]);
    const [first, second] = buildings;
    expect(first).toMatchObject({
      origin: { lon: 119.2501, lat: 26.03 },
      floorHeightM: 3,
      baseHeightM: 0,
      wings: [expect.objectContaining({ unitCount: 2 })],
    });
    expect(first!.origin.lon).toBeCloseTo(119.2501, 9);
    expect(second!.baseHeightM).toBe(12.5);
    expect(second!.units).toEqual([
      { id: 5, floor: 1, unitNo: 1 },
      { id: 6, floor: 1, unitNo: 2, rings: RINGS },
      { id: 7, floor: 2, unitNo: 1 },
      { id: 8, floor: 2, unitNo: 2 },
    ]);
  });

  it('keeps to the scopes and to the box', async () => {
    const { volumes } = opened;
    expect(
      ids(await volumes.listVolumeBuildings({ bbox: null, gridCode: STREET_1 }, [GRID_2], 10)),
    ).toEqual([3, 4]);
    expect(
      ids(await volumes.listVolumeBuildings({ bbox: null, gridCode: STREET_1 }, [], 10)),
    ).toEqual([]);
    expect(
      ids(await volumes.listVolumeBuildings({ bbox: null, gridCode: null }, ['350102002'], 10)),
    ).toEqual([5, 6, 7, 8]);
    const box = [119.2502, 26.0, 119.2506, 26.1] as const;
    expect(
      ids(await volumes.listVolumeBuildings({ bbox: box, gridCode: null }, ['350102'], 10)),
    ).toEqual([2, 3, 4, 5, 6]);
    expect(
      ids(await volumes.listVolumeBuildings({ bbox: box, gridCode: STREET_1 }, ['350102'], 10)),
    ).toEqual([2, 3, 4]);
    expect(
      ids(
        await volumes.listVolumeBuildings(
          { bbox: [119.3, 26.0, 119.4, 26.1], gridCode: null },
          ['350102'],
          10,
        ),
      ),
    ).toEqual([]);
  });

  it('stops at the limit and says it did', async () => {
    const first = await opened.volumes.listVolumeBuildings(
      { bbox: null, gridCode: null },
      ['350102'],
      3,
    );
    expect(ids(first)).toEqual([1, 2, 3]);
    expect(first.truncated).toBe(true);
    const all = await opened.volumes.listVolumeBuildings(
      { bbox: null, gridCode: null },
      ['350102'],
      8,
    );
    expect(ids(all)).toHaveLength(8);
    expect(all.truncated).toBe(false);
  });
});
