/**
 * Replay of worker tracks, plain data only: which workers, which range, the loaded
 * tracks and the replay clock. The globe follows this store (tracks, moving points); the panel
 * drives it. Replay time is derived from the clock (`replayTimeAt`), so the store does not
 * change per frame. Tracks are personal data: `resetReplay` forgets them (panel unmount, logout).
 */
import { create } from 'zustand';
import { MAX_REPLAY_WORKERS, type TracksResponse, type WorkerTrack } from '../../shared/tracking';
import {
  DEFAULT_REPLAY_SPEED,
  createReplayClock,
  pauseReplayClock,
  playReplayClock,
  seekReplayClock,
  setReplayClockSpeed,
  type ReplayClock,
  type ReplaySpeed,
} from './replayClock';
import { presetRange, type ReplayRange, type ReplayRangePreset } from './replayRange';

export interface ReplayState {
  open: boolean;
  /** Chosen workers, in the order they were chosen. */
  workerIds: number[];
  preset: ReplayRangePreset;
  /** The range to load; null while a custom range is incomplete. */
  range: ReplayRange | null;
  speed: ReplaySpeed;
  /** Tracks of the last load, in the order of `workerIds`. */
  tracks: WorkerTrack[];
  /** The range the server answered for, with the clock over it; null before a load. */
  clock: ReplayClock | null;
}

export interface ReplayActions {
  /** Opens the panel; with workers, chooses exactly those over the last hour. */
  openReplay(workerIds?: number[], nowMs?: number): void;
  /** Closes the panel and forgets the loaded tracks. */
  closeReplay(): void;
  toggleWorker(workerId: number): void;
  choosePreset(preset: ReplayRangePreset, nowMs?: number): void;
  setCustomRange(range: ReplayRange | null): void;
  setTracks(response: TracksResponse): void;
  play(wallMs?: number): void;
  pause(wallMs?: number): void;
  seek(timeMs: number, wallMs?: number): void;
  setSpeed(speed: ReplaySpeed, wallMs?: number): void;
  resetReplay(): void;
}

const INITIAL_STATE: ReplayState = {
  open: false,
  workerIds: [],
  preset: 'lastHour',
  range: null,
  speed: DEFAULT_REPLAY_SPEED,
  tracks: [],
  clock: null,
};

/** What a new choice of workers or range does to a load: the old tracks no longer apply. */
const STALE = { tracks: [], clock: null } satisfies Partial<ReplayState>;

const pageNowMs = () => performance.now();

export const useReplayStore = create<ReplayState & ReplayActions>()((set, get) => {
  function updateClock(change: (clock: ReplayClock) => ReplayClock): void {
    const { clock } = get();
    if (clock !== null) set({ clock: change(clock) });
  }

  return {
    ...INITIAL_STATE,
    openReplay(workerIds, nowMs = Date.now()) {
      if (workerIds === undefined) {
        // A preset's range is taken when the panel opens; choosing the preset again renews it.
        const { preset, range } = get();
        set({ open: true, range: range ?? presetRange(preset, nowMs) });
        return;
      }
      set({
        ...STALE,
        open: true,
        workerIds: workerIds.slice(0, MAX_REPLAY_WORKERS),
        preset: 'lastHour',
        range: presetRange('lastHour', nowMs),
      });
    },
    closeReplay() {
      set({ ...STALE, open: false });
    },
    toggleWorker(workerId) {
      const { workerIds } = get();
      if (workerIds.includes(workerId)) {
        set({ ...STALE, workerIds: workerIds.filter((id) => id !== workerId) });
      } else if (workerIds.length < MAX_REPLAY_WORKERS) {
        set({ ...STALE, workerIds: [...workerIds, workerId] });
      }
    },
    choosePreset(preset, nowMs = Date.now()) {
      const range = presetRange(preset, nowMs);
      // Custom starts from the range on show: the loaded tracks still match it.
      if (range === null) set({ preset });
      else set({ ...STALE, preset, range });
    },
    setCustomRange(range) {
      const current = get().range;
      const same = range?.fromMs === current?.fromMs && range?.toMs === current?.toMs;
      set(same ? { preset: 'custom' } : { ...STALE, preset: 'custom', range });
    },
    setTracks(response) {
      const order = get().workerIds;
      const tracks = [...response.tracks].sort(
        (first, second) => order.indexOf(first.workerId) - order.indexOf(second.workerId),
      );
      const firstFixMs = Math.min(
        ...tracks.flatMap((track) => (track.points[0] ? [track.points[0].fixTimeMs] : [])),
      );
      set({
        tracks,
        clock: createReplayClock(
          response.fromMs,
          response.toMs,
          get().speed,
          Number.isFinite(firstFixMs) ? firstFixMs : response.fromMs,
        ),
      });
    },
    play(wallMs = pageNowMs()) {
      updateClock((clock) => playReplayClock(clock, wallMs));
    },
    pause(wallMs = pageNowMs()) {
      updateClock((clock) => pauseReplayClock(clock, wallMs));
    },
    seek(timeMs, wallMs = pageNowMs()) {
      updateClock((clock) => seekReplayClock(clock, timeMs, wallMs));
    },
    setSpeed(speed, wallMs = pageNowMs()) {
      set({ speed });
      updateClock((clock) => setReplayClockSpeed(clock, speed, wallMs));
    },
    resetReplay() {
      set(INITIAL_STATE);
    },
  };
});

/** Query key of the tracks to load, or null when nothing is to be loaded. */
export function selectTracksQuery(
  state: Pick<ReplayState, 'open' | 'workerIds' | 'range'>,
): { workerIds: number[]; fromMs: number; toMs: number } | null {
  if (!state.open || state.workerIds.length === 0 || state.range === null) return null;
  return { workerIds: state.workerIds, fromMs: state.range.fromMs, toMs: state.range.toMs };
}
