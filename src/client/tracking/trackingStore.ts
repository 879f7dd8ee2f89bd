/**
 * Live tracking state: plain data only — never Cesium objects, never positions (those go from the
 * feed controller straight to the globe's workers layer: thousands a second would re-render every
 * reader). The feed controller writes the worker directory, statuses and events here; the wall's
 * panels and the globe adapter read it.
 */
import { create } from 'zustand';
import { isInScope } from '../../domain/gridCode';
import type { WorkerStatus } from '../../domain/tracking/fix';
import { WORKER_STATUSES } from '../../domain/tracking/fix';
import type { GridTransitionEvent } from '../../domain/tracking/gridTransitions';
import type { WorkerDirectoryEntry, WorkerStatusChange } from '../../shared/trackingEvents';

/** The ticker keeps this many recent events; older ones give way. */
export const MAX_RECENT_TRACKING_EVENTS = 30;

export type LiveConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface WorkerFilters {
  /** Show (and subscribe to) only this grid and its descendants; null: every scope of the user. */
  gridCode: string | null;
  /** Statuses shown; a status not in the list is hidden on the wall. */
  statuses: readonly WorkerStatus[];
}

export type TrackingEventKind = 'enter' | 'leave' | 'sos' | 'sosCleared';

export interface TrackingEvent {
  id: number;
  kind: TrackingEventKind;
  workerId: number;
  /** The grid entered or left; null for SOS. */
  gridCode: string | null;
  atMs: number;
}

export interface TrackingState {
  /**
   * Workers in the subscribed scopes, by id. `status` is the wall's one source of a worker's
   * status: set by the directory, then by `workerStatus` events (never by position frames).
   */
  directory: Record<number, WorkerDirectoryEntry>;
  selectedWorkerId: number | null;
  /** The camera follows the selected worker. */
  following: boolean;
  filters: WorkerFilters;
  connection: LiveConnectionState;
  /** Newest first. */
  events: TrackingEvent[];
  lastEventId: number;
}

export interface TrackingActions {
  /** A (re)subscription's directory: replaces everything, so no ghost workers remain. */
  replaceDirectory(entries: readonly WorkerDirectoryEntry[]): void;
  /** Workers whose assignment changed; those outside `subscribedCodes` leave the wall. */
  upsertWorkers(entries: readonly WorkerDirectoryEntry[], subscribedCodes: readonly string[]): void;
  /** Scope revoked: every worker without a grid left in `remainingCodes` goes. */
  removeWorkersOutside(remainingCodes: readonly string[]): void;
  /** Statuses from `workerStatus` events; SOS raised/cleared becomes an event. */
  applyStatusChanges(changes: readonly WorkerStatusChange[]): void;
  addGridTransitions(events: readonly GridTransitionEvent[]): void;
  selectWorker(workerId: number | null): void;
  setFollowing(following: boolean): void;
  setGridFilter(gridCode: string | null): void;
  toggleStatusFilter(status: WorkerStatus): void;
  setConnection(connection: LiveConnectionState): void;
  /** Logout: worker names and whereabouts must not outlive the session. */
  clearTracking(): void;
}

export const ALL_STATUSES: readonly WorkerStatus[] = WORKER_STATUSES;

/** Code prefixes: a worker belongs to a scope when one of its grids lies inside it. */
export function touchesCodes(gridCodes: readonly string[], scopeCodes: readonly string[]): boolean {
  return gridCodes.some((code) => isInScope(code, scopeCodes));
}

const INITIAL: TrackingState = {
  directory: {},
  selectedWorkerId: null,
  following: false,
  filters: { gridCode: null, statuses: ALL_STATUSES },
  connection: 'idle',
  events: [],
  lastEventId: 0,
};

function withEvents(
  state: TrackingState,
  events: readonly Omit<TrackingEvent, 'id'>[],
): Pick<TrackingState, 'events' | 'lastEventId'> {
  if (events.length === 0) return { events: state.events, lastEventId: state.lastEventId };
  let lastEventId = state.lastEventId;
  const numbered = events.map((event) => ({ ...event, id: ++lastEventId })).reverse();
  return {
    events: [...numbered, ...state.events].slice(0, MAX_RECENT_TRACKING_EVENTS),
    lastEventId,
  };
}

/** Keeps the selection only while the worker is still on the wall. */
function keptSelection(
  state: TrackingState,
  directory: Record<number, WorkerDirectoryEntry>,
): Pick<TrackingState, 'selectedWorkerId' | 'following'> {
  const kept = state.selectedWorkerId !== null && directory[state.selectedWorkerId] !== undefined;
  return kept
    ? { selectedWorkerId: state.selectedWorkerId, following: state.following }
    : { selectedWorkerId: null, following: false };
}

export const useTrackingStore = create<TrackingState & TrackingActions>()((set) => ({
  ...INITIAL,

  replaceDirectory: (entries) =>
    set((state) => {
      const directory = Object.fromEntries(entries.map((entry) => [entry.workerId, entry]));
      return { directory, ...keptSelection(state, directory) };
    }),
  upsertWorkers: (entries, subscribedCodes) =>
    set((state) => {
      const directory = { ...state.directory };
      for (const entry of entries) {
        if (touchesCodes(entry.gridCodes, subscribedCodes)) directory[entry.workerId] = entry;
        else delete directory[entry.workerId];
      }
      return { directory, ...keptSelection(state, directory) };
    }),
  removeWorkersOutside: (remainingCodes) =>
    set((state) => {
      const directory = Object.fromEntries(
        Object.values(state.directory)
          .filter((entry) => touchesCodes(entry.gridCodes, remainingCodes))
          .map((entry) => [entry.workerId, entry]),
      );
      return { directory, ...keptSelection(state, directory) };
    }),
  applyStatusChanges: (changes) =>
    set((state) => {
      let directory = state.directory;
      const events: Omit<TrackingEvent, 'id'>[] = [];
      for (const change of changes) {
        const entry = directory[change.workerId];
        if (entry === undefined || entry.status === change.status) continue;
        if (directory === state.directory) directory = { ...directory };
        directory[change.workerId] = { ...entry, status: change.status };
        const sosChanged = (change.status === 'sos') !== (entry.status === 'sos');
        if (sosChanged) {
          events.push({
            kind: change.status === 'sos' ? 'sos' : 'sosCleared',
            workerId: change.workerId,
            gridCode: null,
            atMs: change.atMs,
          });
        }
      }
      if (directory === state.directory) return state;
      return { directory, ...withEvents(state, events) };
    }),
  addGridTransitions: (transitions) =>
    set((state) =>
      withEvents(
        state,
        transitions
          .filter((transition) => state.directory[transition.workerId] !== undefined)
          .map((transition) => ({
            kind: transition.kind,
            workerId: transition.workerId,
            gridCode: transition.gridCode,
            atMs: transition.fixTimeMs,
          })),
      ),
    ),
  selectWorker: (selectedWorkerId) =>
    set((state) => ({
      selectedWorkerId,
      following: selectedWorkerId === state.selectedWorkerId ? state.following : false,
    })),
  setFollowing: (following) =>
    set((state) => ({ following: following && state.selectedWorkerId !== null })),
  setGridFilter: (gridCode) => set((state) => ({ filters: { ...state.filters, gridCode } })),
  toggleStatusFilter: (status) =>
    set((state) => {
      const shown = state.filters.statuses.includes(status);
      const statuses = ALL_STATUSES.filter((candidate) =>
        candidate === status ? !shown : state.filters.statuses.includes(candidate),
      );
      return { filters: { ...state.filters, statuses } };
    }),
  setConnection: (connection) => set({ connection }),
  clearTracking: () => set(INITIAL),
}));
