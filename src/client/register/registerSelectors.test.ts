import { describe, expect, it } from 'vitest';
import type { BuildingDetail, GridNode, UnitSummary } from '../../shared/api';
import { breadcrumbTrail, floorRows, gridChildren } from './registerSelectors';

const SQUARE: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
  ],
};

function grid(code: string, parentCode: string | null, level: 1 | 2 | 3 | 4): GridNode {
  return {
    code,
    parentCode,
    level,
    name: `网格${code}`,
    nameEn: `Grid ${code}`,
    center: { lon: 0, lat: 0 },
    polygon: SQUARE,
  };
}

const GRIDS = Object.fromEntries(
  [
    grid('350102', null, 1),
    grid('350102001', '350102', 2),
    grid('350102001002', '350102001', 3),
    grid('350102001002003', '350102001002', 4),
    grid('350102001002001', '350102001002', 4),
  ].map((node) => [node.code, node]),
);

function unit(id: number, floor: number, unitNo: number): UnitSummary {
  return {
    id,
    floor,
    unitNo,
    roomLabel: `${floor}${String(unitNo).padStart(2, '0')}`,
    use: 'residential',
    areaM2: 80,
    householdCount: 1,
    residentCount: 2,
    tagCounts: {},
  };
}

function building(units: UnitSummary[], wingUnitCounts: number[]): BuildingDetail {
  const wing = { centerEastM: 0, centerNorthM: 0, lengthM: 20, depthM: 10, rotationDeg: 0 };
  return {
    id: 9,
    gridCode: '350102001002003',
    name: '1号楼',
    nameEn: 'Building 1',
    address: '',
    kind: 'slab',
    floors: 2,
    unitsPerFloor: wingUnitCounts.reduce((sum, count) => sum + count, 0),
    center: { lon: 0, lat: 0 },
    floorHeightM: 3,
    builtYear: 2000,
    origin: { lon: 0, lat: 0 },
    wings: wingUnitCounts.map((unitCount) => ({ ...wing, unitCount })),
    units,
    occupancy: {
      unitCount: units.length,
      occupiedUnitCount: units.length,
      vacantUnitCount: 0,
      rentalUnitCount: 0,
      commercialUnitCount: 0,
      householdCount: units.length,
      residentCount: units.length * 2,
      tagCounts: {},
    },
  };
}

describe('breadcrumbTrail', () => {
  it('runs district → street → community → grid → building → unit', () => {
    const detail = building([unit(1, 1, 1)], [1]);
    const trail = breadcrumbTrail(
      { gridCode: '350102001002003', buildingId: 9, unitId: 1 },
      GRIDS,
      detail,
      detail.units[0]!,
    );
    expect(trail.map((crumb) => crumb.kind)).toEqual([
      'district',
      'street',
      'community',
      'grid',
      'building',
      'unit',
    ]);
    expect(trail.map((crumb) => crumb.fly)).toEqual([
      'district',
      'grid',
      'grid',
      'grid',
      'building',
      'unit',
    ]);
    expect(trail[4]?.selection).toEqual({ gridCode: '350102001002003', buildingId: 9 });
    expect(trail[5]?.name).toBe('101');
  });

  it('takes the grid from the building when a pick did not carry it', () => {
    const detail = building([unit(1, 1, 1)], [1]);
    const trail = breadcrumbTrail(
      { gridCode: null, buildingId: 9, unitId: null },
      GRIDS,
      detail,
      null,
    );
    expect(trail.map((crumb) => crumb.key)).toEqual([
      '350102',
      '350102001',
      '350102001002',
      '350102001002003',
      'b9',
    ]);
  });

  it('is empty with nothing selected', () => {
    expect(
      breadcrumbTrail({ gridCode: null, buildingId: null, unitId: null }, GRIDS, null, null),
    ).toEqual([]);
  });
});

describe('gridChildren', () => {
  it('groups by parent in code order, and roots the nodes whose parent is out of scope', () => {
    const children = gridChildren(GRIDS);
    expect(children.get(null)?.map((node) => node.code)).toEqual(['350102']);
    expect(children.get('350102001002')?.map((node) => node.code)).toEqual([
      '350102001002001',
      '350102001002003',
    ]);
    const streetOnly = { '350102001': GRIDS['350102001']!, '350102001002': GRIDS['350102001002']! };
    expect(
      gridChildren(streetOnly)
        .get(null)
        ?.map((node) => node.code),
    ).toEqual(['350102001']);
  });

  it('is memoised on the grids object', () => {
    expect(gridChildren(GRIDS)).toBe(gridChildren(GRIDS));
  });
});

describe('floorRows', () => {
  it('puts the top floor first and a gap between wings', () => {
    const units = [
      unit(1, 1, 1),
      unit(2, 1, 2),
      unit(3, 1, 3),
      unit(4, 2, 1),
      unit(5, 2, 2),
      unit(6, 2, 3),
    ];
    const rows = floorRows(building(units, [2, 1]));
    expect(rows.map((row) => row.floor)).toEqual([2, 1]);
    expect(rows[0]?.cells.map((cell) => (typeof cell === 'string' ? cell : cell.id))).toEqual([
      4,
      5,
      'wingGap',
      6,
    ]);
  });

  it('keeps columns aligned when a floor lacks a unit', () => {
    const rows = floorRows(building([unit(1, 1, 1), unit(2, 1, 2), unit(3, 2, 2)], [2]));
    expect(rows[0]?.cells.map((cell) => (typeof cell === 'string' ? cell : cell.id))).toEqual([
      'noUnit',
      3,
    ]);
  });
});
