/**
 * Derived views over the tracking store (STYLE: derive, don't copy): what the wall shows, counts
 * per status, the selected worker, the grids the filter offers. Pure functions of plain data.
 */
import { isInScope, isWithinGrid } from '../../domain/gridCode';
import type { WorkerStatus } from '../../domain/tracking/fix';
import type { WorkerDirectoryEntry } from '../../shared/trackingEvents';
import {
  ALL_STATUSES,
  touchesCodes,
  type TrackingState,
  type WorkerFilters,
} from './trackingStore';

/** Whether the wall shows a worker under the filters. */
export function isWorkerShown(entry: WorkerDirectoryEntry, filters: WorkerFilters): boolean {
  if (!filters.statuses.includes(entry.status)) return false;
  return filters.gridCode === null || touchesCodes(entry.gridCodes, [filters.gridCode]);
}

/** Workers of the directory, by id ascending. */
export function selectWorkers(state: Pick<TrackingState, 'directory'>): WorkerDirectoryEntry[] {
  return Object.values(state.directory).sort((left, right) => left.workerId - right.workerId);
}

export function selectShownWorkerIds(
  state: Pick<TrackingState, 'directory' | 'filters'>,
): Set<number> {
  const shown = new Set<number>();
  for (const entry of Object.values(state.directory)) {
    if (isWorkerShown(entry, state.filters)) shown.add(entry.workerId);
  }
  return shown;
}

/** Workers per status inside the grid filter (the status toggles show these counts). */
export function selectStatusCounts(
  state: Pick<TrackingState, 'directory' | 'filters'>,
): Record<WorkerStatus, number> {
  const counts = Object.fromEntries(ALL_STATUSES.map((status) => [status, 0])) as Record<
    WorkerStatus,
    number
  >;
  const { gridCode } = state.filters;
  for (const entry of Object.values(state.directory)) {
    if (gridCode === null || touchesCodes(entry.gridCodes, [gridCode])) counts[entry.status]++;
  }
  return counts;
}

export function selectSelectedWorker(
  state: Pick<TrackingState, 'directory' | 'selectedWorkerId'>,
): WorkerDirectoryEntry | null {
  return state.selectedWorkerId === null ? null : (state.directory[state.selectedWorkerId] ?? null);
}

/** What the grid filter may narrow to: the given codes that hold at least one worker. */
export function selectGridsWithWorkers(
  state: Pick<TrackingState, 'directory'>,
  candidateCodes: readonly string[],
): string[] {
  const workerGrids = Object.values(state.directory).flatMap((entry) => entry.gridCodes);
  return candidateCodes.filter((code) => workerGrids.some((grid) => isWithinGrid(grid, code)));
}

/**
 * The codes to subscribe to: every scope without a filter; the filter's grid when it lies inside
 * a scope; the scopes inside the filter when it is wider than them (never beyond the scopes).
 */
export function subscriptionCodes(scopes: readonly string[], gridFilter: string | null): string[] {
  if (gridFilter === null) return [...scopes];
  if (isInScope(gridFilter, scopes)) return [gridFilter];
  return scopes.filter((scope) => isWithinGrid(scope, gridFilter));
}
