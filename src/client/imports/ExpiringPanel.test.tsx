import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExpiringListsWire } from '../../shared/imports';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { ExpiringPanel } from './ExpiringPanel';
import type { ImportApi } from './importApi';

const GRID_A = '350102001001001';
const GRID_B = '350102001001002';

function lists(days: number): ExpiringListsWire {
  return {
    from: '2026-12-05',
    to: days === 7 ? '2026-12-12' : '2027-01-04',
    leases: [
      {
        leaseId: 1,
        gridCode: GRID_B,
        address: '杨桥路2号',
        roomLabel: '301',
        landlordName: '林某',
        tenants: '陈某、黄某',
        startDate: '2025-12-20',
        endDate: '2026-12-20',
      },
      ...(days === 7
        ? []
        : [
            {
              leaseId: 2,
              gridCode: GRID_A,
              address: '杨桥路1号',
              roomLabel: '102',
              landlordName: '王某',
              tenants: '吴某',
              startDate: '2026-01-01',
              endDate: '2027-01-01',
            },
          ]),
    ],
    permits: [
      {
        personId: 9,
        gridCode: GRID_A,
        name: '郑某',
        address: '杨桥路1号',
        roomLabel: '201',
        permitExpires: '2026-12-10',
      },
    ],
  };
}

function fakeApi(fail = false) {
  const expiring = vi.fn(async (days: number, _grid: string | null) => {
    if (fail) throw new Error('403 无权查看');
    return lists(days);
  });
  return { expiring } as unknown as ImportApi & { expiring: typeof expiring };
}

beforeEach(() => {
  resetStores(useAppStore);
  useAppStore.getState().setGrids([
    { code: GRID_A, name: '榕荫第一网格', nameEn: 'Rongyin grid 1' },
    { code: GRID_B, name: '榕荫第二网格', nameEn: 'Rongyin grid 2' },
  ] as never);
});

describe('ExpiringPanel', () => {
  it('groups the leases and permits ending in 30 days by grid, and narrows to 7 days', async () => {
    const api = fakeApi();
    const { user } = renderPanel(<ExpiringPanel api={api} onClose={() => undefined} />, {
      api: fakeApiClient({}),
    });
    await waitFor(() => expect(screen.getAllByTestId('expiring-grid')).toHaveLength(2));
    expect(api.expiring).toHaveBeenLastCalledWith(30, null);
    const [first, second] = screen.getAllByTestId('expiring-grid');
    expect(first!.dataset.grid).toBe(GRID_A);
    expect(within(first!).getByRole('heading').textContent).toBe('榕荫第一网格');
    expect(within(first!).getAllByTestId('expiring-lease')).toHaveLength(1);
    expect(within(first!).getAllByTestId('expiring-permit')).toHaveLength(1);
    expect(within(second!).getByTestId('expiring-lease').textContent).toContain('陈某、黄某');
    expect(screen.getByTestId('expiring-totals').textContent).toContain('租赁 2 份');

    await user.click(screen.getByTestId('expiring-days-7'));
    await waitFor(() =>
      expect(screen.getByTestId('expiring-totals').textContent).toContain('租赁 1 份'),
    );
    expect(api.expiring).toHaveBeenLastCalledWith(7, null);
  });

  it('asks only for the grid selected on the wall', async () => {
    useAppStore.getState().select({ gridCode: GRID_B });
    const api = fakeApi();
    renderPanel(<ExpiringPanel api={api} onClose={() => undefined} />, {
      api: fakeApiClient({}),
    });
    await waitFor(() => expect(api.expiring).toHaveBeenCalledWith(30, GRID_B));
    expect(await screen.findByText('所选网格：榕荫第二网格')).toBeTruthy();
  });

  it('shows the refusal instead of an empty list', async () => {
    renderPanel(<ExpiringPanel api={fakeApi(true)} onClose={() => undefined} />, {
      api: fakeApiClient({}),
    });
    expect((await screen.findByRole('alert')).textContent).toContain('无权查看');
    expect(screen.queryByTestId('expiring-totals')).toBeNull();
  });
});
