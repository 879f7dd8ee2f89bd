import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, type ApiClient } from '../feeds/apiClient';
import type { GridNode } from '../../shared/api';
import type { WorkerToday } from '../../shared/tracking';
import type { WorkerDirectoryEntry } from '../../shared/trackingEvents';
import { useAppStore } from '../shell/appStore';
import { useReplayStore } from '../replay/replayStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { WorkerCard } from './WorkerCard';
import { useTrackingStore } from './trackingStore';

/** The card asks for today's figures again this often while it is open. */
const TODAY_REFRESH_MS = 30_000;

function grid(code: string, name: string, nameEn: string): GridNode {
  return {
    code,
    parentCode: code.slice(0, 12),
    level: 4,
    name,
    nameEn,
    center: { lon: 119.3, lat: 26.08 },
    polygon: { type: 'Polygon', coordinates: [] },
  };
}
const GRID_ONE = grid('350102001001001', '三坊七巷第一网格', 'Sanfang Qixiang Grid 1');
const GRID_TWO = grid('350102001001002', '三坊七巷第二网格', 'Sanfang Qixiang Grid 2');

/** As the live directory carries a worker to a screen without the reveal permission. */
const WORKER: WorkerDirectoryEntry = {
  workerId: 7,
  displayName: '林*',
  gridCodes: [GRID_ONE.code, GRID_TWO.code],
  status: 'online',
};
const OTHER_WORKER: WorkerDirectoryEntry = {
  workerId: 8,
  displayName: '陈*',
  gridCodes: [GRID_ONE.code],
  status: 'sos',
};

const TODAY: WorkerToday = {
  worker: {
    workerId: WORKER.workerId,
    displayName: WORKER.displayName,
    gridCodes: WORKER.gridCodes,
    gridNames: [GRID_ONE.name, GRID_TWO.name],
    status: 'online',
    lastFix: null,
  },
  dayStartMs: Date.UTC(2026, 10, 26, 16),
  fixCount: 1520,
  distanceWalkedM: 4_250,
  patrolCoverage: 0.625,
  walkedStreetM: 2_500,
  gridStreetM: 4_000,
  stops: [],
};

const tracking = () => useTrackingStore.getState();

function renderCard(
  workerToday = vi.fn<ApiClient['workerToday']>(async (workerId) => ({
    ...TODAY,
    worker: { ...TODAY.worker, workerId },
  })),
) {
  const rendered = renderPanel(<WorkerCard />, { api: fakeApiClient({ workerToday }) });
  return { ...rendered, workerToday };
}

beforeEach(() => {
  resetStores(useAppStore, useTrackingStore, useReplayStore);
  useAppStore.getState().setGrids([GRID_ONE, GRID_TWO]);
  tracking().replaceDirectory([WORKER, OTHER_WORKER]);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerCard', () => {
  it('shows nothing and asks nothing while no worker is selected', () => {
    const { workerToday } = renderCard();

    expect(screen.queryByTestId('worker-card')).toBeNull();
    expect(workerToday).not.toHaveBeenCalled();
  });

  it('shows the selected worker’s masked name, status and grids, and today’s figures', async () => {
    tracking().selectWorker(WORKER.workerId);
    const { workerToday } = renderCard();

    expect(screen.getByTestId('worker-card-name').textContent).toBe('林*');
    expect(screen.getByText('在线')).toBeTruthy();
    expect(screen.getByText(`${GRID_ONE.name}、${GRID_TWO.name}`)).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('worker-card-distance').textContent).toBe('4.25 公里'),
    );
    expect(screen.getByTestId('worker-card-coverage').textContent).toContain('62.5%');
    expect(workerToday).toHaveBeenCalledWith(WORKER.workerId, expect.any(AbortSignal));
  });

  it('follows the status the feed brings, and another worker when the selection changes', async () => {
    tracking().selectWorker(WORKER.workerId);
    const { workerToday } = renderCard();
    await screen.findByText('4.25 公里');

    act(() =>
      tracking().applyStatusChanges([
        { workerId: WORKER.workerId, status: 'sos', previousStatus: 'online', atMs: 0 },
      ]),
    );
    expect(screen.getByText('SOS 求助')).toBeTruthy();

    act(() => tracking().selectWorker(OTHER_WORKER.workerId));
    expect(screen.getByTestId('worker-card-name').textContent).toBe('陈*');
    await waitFor(() =>
      expect(workerToday).toHaveBeenLastCalledWith(OTHER_WORKER.workerId, expect.any(AbortSignal)),
    );
  });

  it('follow puts the camera on the worker; pressing again stops following', async () => {
    tracking().selectWorker(WORKER.workerId);
    const { user } = renderCard();

    await user.click(screen.getByRole('button', { name: '镜头跟随' }));
    expect(tracking().following).toBe(true);
    expect(screen.getByTestId('worker-follow').getAttribute('aria-pressed')).toBe('true');

    await user.click(screen.getByRole('button', { name: '停止跟随' }));
    expect(tracking().following).toBe(false);
  });

  it('replay opens the replay of this worker alone', async () => {
    tracking().selectWorker(WORKER.workerId);
    const { user } = renderCard();

    await user.click(screen.getByRole('button', { name: '回放' }));

    expect(useReplayStore.getState().open).toBe(true);
    expect(useReplayStore.getState().workerIds).toEqual([WORKER.workerId]);
  });

  it('closes by clearing the selection', async () => {
    tracking().selectWorker(WORKER.workerId);
    const { user } = renderCard();

    await user.click(screen.getByRole('button', { name: '关闭' }));

    expect(tracking().selectedWorkerId).toBeNull();
    expect(screen.queryByTestId('worker-card')).toBeNull();
  });

  it('says why today’s figures failed, and asks again on retry', async () => {
    tracking().selectWorker(WORKER.workerId);
    const workerToday = vi
      .fn<ApiClient['workerToday']>()
      .mockRejectedValueOnce(new ApiRequestError({ statusCode: 0, error: 'Network', message: '' }))
      .mockResolvedValue(TODAY);
    const { user } = renderCard(workerToday);

    expect((await screen.findByRole('alert')).textContent).toContain(
      '无法连接服务器，请检查网络后重试',
    );
    await user.click(screen.getByRole('button', { name: '重试' }));

    await waitFor(() =>
      expect(screen.getByTestId('worker-card-distance').textContent).toBe('4.25 公里'),
    );
    expect(workerToday).toHaveBeenCalledTimes(2);
  });

  it('asks for today’s figures again while it stays open', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    tracking().selectWorker(WORKER.workerId);
    const { workerToday } = renderCard();
    await act(async () => {});
    expect(workerToday).toHaveBeenCalledTimes(1);

    await act(async () => {
      vi.advanceTimersByTime(TODAY_REFRESH_MS);
    });

    expect(workerToday).toHaveBeenCalledTimes(2);
  });
});
