import { describe, expect, it } from 'vitest';
import type { WorkerDirectoryEntry } from '../../shared/trackingEvents';
import {
  isWorkerShown,
  selectGridsWithWorkers,
  selectSelectedWorker,
  selectShownWorkerIds,
  selectStatusCounts,
  selectWorkers,
  subscriptionCodes,
} from './trackingSelectors';
import { ALL_STATUSES } from './trackingStore';

const GRID_A = '350102001001001';
const GRID_B = '350102002001001';
const entry = (
  workerId: number,
  gridCode: string,
  status: WorkerDirectoryEntry['status'],
): WorkerDirectoryEntry => ({ workerId, displayName: `李*`, gridCodes: [gridCode], status });
const directory = {
  3: entry(3, GRID_A, 'online'),
  1: entry(1, GRID_A, 'sos'),
  2: entry(2, GRID_B, 'offline'),
};

describe('tracking selectors', () => {
  it('shows workers by status and by grid prefix', () => {
    const all = { gridCode: null, statuses: ALL_STATUSES };
    expect(isWorkerShown(directory[2], all)).toBe(true);
    expect(isWorkerShown(directory[2], { gridCode: '350102001', statuses: ALL_STATUSES })).toBe(
      false,
    );
    expect(isWorkerShown(directory[2], { gridCode: null, statuses: ['online'] })).toBe(false);
    expect(
      [
        ...selectShownWorkerIds({
          directory,
          filters: { gridCode: '350102001', statuses: ['sos', 'online'] },
        }),
      ].sort(),
    ).toEqual([1, 3]);
  });

  it('counts statuses inside the grid filter, whatever statuses are toggled off', () => {
    const counts = selectStatusCounts({
      directory,
      filters: { gridCode: '350102001', statuses: [] },
    });
    expect(counts).toEqual({ online: 1, idle: 0, offline: 0, sos: 1 });
  });

  it('lists workers by id and finds the selected one', () => {
    expect(selectWorkers({ directory }).map((worker) => worker.workerId)).toEqual([1, 2, 3]);
    expect(selectSelectedWorker({ directory, selectedWorkerId: 2 })?.status).toBe('offline');
    expect(selectSelectedWorker({ directory, selectedWorkerId: 9 })).toBeNull();
    expect(selectSelectedWorker({ directory, selectedWorkerId: null })).toBeNull();
  });

  it('offers only grids that hold workers', () => {
    expect(selectGridsWithWorkers({ directory }, ['350102001', '350102003', GRID_B])).toEqual([
      '350102001',
      GRID_B,
    ]);
  });

  it('subscribes within the scopes only', () => {
    expect(subscriptionCodes(['350102'], null)).toEqual(['350102']);
    expect(subscriptionCodes(['350102'], GRID_A)).toEqual([GRID_A]);
    expect(subscriptionCodes(['350102001', '350102002'], '350102')).toEqual([
      '350102001',
      '350102002',
    ]);
    expect(subscriptionCodes(['350102001'], GRID_B)).toEqual([]);
  });
});
