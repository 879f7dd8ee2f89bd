import { describe, expect, it, vi } from 'vitest';
import type { BuildingDetail, BuildingListItem, GridNode } from '../../shared/api';
import type { WallIncident } from '../incidents/incidentStore';
import { resolveTourTarget, TourTargetError, type TargetContext } from './tourTargets';

const DISTRICT = '350102';
const CODES = [
  DISTRICT,
  '350102002',
  '350102001',
  '350102001001',
  '350102001002',
  '350102001002001',
  '350102001001002',
  '350102001001001',
  '350102002001',
  '350102002001001',
];

function grid(code: string): GridNode {
  return { code, level: (code.length - 3) / 3, name: code } as unknown as GridNode;
}

const GRIDS = Object.fromEntries(CODES.map((code) => [code, grid(code)]));

function building(id: number, floors: number, gridCode = '350102001001001'): BuildingListItem {
  return { id, floors, gridCode } as BuildingListItem;
}

function context(overrides: Partial<TargetContext> = {}): TargetContext {
  return {
    api: {
      gridBuildings: vi.fn(async () => ({
        items: [building(11, 6), building(12, 18), building(13, 18)],
        total: 3,
        page: 1,
        pageSize: 100,
      })),
      building: vi.fn(
        async (id: number) => ({ id, gridCode: '350102001001001' }) as unknown as BuildingDetail,
      ),
    },
    grids: GRIDS,
    districtCode: DISTRICT,
    currentGridCode: null,
    incidents: {},
    ...overrides,
  };
}

describe('resolveTourTarget', () => {
  it('finds the nth street of the district in code order', async () => {
    const resolved = await resolveTourTarget({ kind: 'grid', level: 2, nth: 1 }, context());
    expect(resolved).toMatchObject({ selection: { gridCode: '350102001' }, fly: 'grid' });
    const second = await resolveTourTarget({ kind: 'grid', level: 2, nth: 2 }, context());
    expect(second.selection.gridCode).toBe('350102002');
  });

  it('counts deeper levels under the grid selected before', async () => {
    const fromStreet = context({ currentGridCode: '350102001' });
    const baseGrid = await resolveTourTarget({ kind: 'grid', level: 4, nth: 1 }, fromStreet);
    expect(baseGrid.selection.gridCode).toBe('350102001001001');
    const community = await resolveTourTarget({ kind: 'grid', level: 3, nth: 2 }, fromStreet);
    expect(community.selection.gridCode).toBe('350102001002');
  });

  it('finds the same street when stepping back from a building deep in another', async () => {
    const fromDeep = context({ currentGridCode: '350102002001001' });
    const street = await resolveTourTarget({ kind: 'grid', level: 2, nth: 1 }, fromDeep);
    expect(street.selection.gridCode).toBe('350102001');
  });

  it('says which grid is missing instead of guessing', async () => {
    await expect(resolveTourTarget({ kind: 'grid', level: 2, nth: 5 }, context())).rejects.toThrow(
      /no grid number 5 of level 2 under 350102 \(2 there\)/,
    );
    await expect(
      resolveTourTarget({ kind: 'grid', code: '350102009' }, context()),
    ).rejects.toBeInstanceOf(TourTargetError);
  });

  it('picks the tallest building under the selected grid (lowest id on a tie) and loads it', async () => {
    const ctx = context({ currentGridCode: '350102001001001' });
    const resolved = await resolveTourTarget({ kind: 'building', pick: 'tallest' }, ctx);
    expect(ctx.api.gridBuildings).toHaveBeenCalledWith(
      '350102001001001',
      { pageSize: 100 },
      undefined,
    );
    expect(resolved).toMatchObject({
      selection: { gridCode: '350102001001001', buildingId: 12 },
      fly: 'building',
      building: { id: 12 },
    });
  });

  it('widens to the parent grids when the selected grid has no building', async () => {
    const ctx = context({ currentGridCode: '350102001001002' });
    const empty = { items: [], total: 0, page: 1, pageSize: 100 };
    vi.mocked(ctx.api.gridBuildings).mockResolvedValueOnce(empty);
    const resolved = await resolveTourTarget({ kind: 'building', pick: 'tallest' }, ctx);
    expect(vi.mocked(ctx.api.gridBuildings).mock.calls.map(([code]) => code)).toEqual([
      '350102001001002',
      '350102001001',
    ]);
    expect(resolved.selection.buildingId).toBe(12);
  });

  it('refuses a district without buildings', async () => {
    const ctx = context({ currentGridCode: '350102001' });
    vi.mocked(ctx.api.gridBuildings).mockResolvedValue({
      items: [],
      total: 0,
      page: 1,
      pageSize: 100,
    });
    await expect(resolveTourTarget({ kind: 'building', pick: 'tallest' }, ctx)).rejects.toThrow(
      /no building under grid 350102001 or any grid above it/,
    );
    expect(ctx.api.gridBuildings).toHaveBeenCalledTimes(2);
  });

  it('replays the latest closed incident, ignoring open ones', async () => {
    const incident = (id: string, state: string, reportedAtMs: number) =>
      ({ id, state, reportedAtMs, gridCode: '350102001001002' }) as WallIncident;
    const incidents = {
      a: incident('a', 'closed', 100),
      b: incident('b', 'evaluated', 300),
      c: incident('c', 'handling', 900),
    };
    const resolved = await resolveTourTarget(
      { kind: 'incident', pick: 'latestClosed' },
      context({ incidents }),
    );
    expect(resolved).toMatchObject({ incidentId: 'b', selection: { gridCode: '350102001001002' } });
    await expect(
      resolveTourTarget({ kind: 'incident', pick: 'latestClosed' }, context()),
    ).rejects.toThrow(/no closed incident/);
  });
});
