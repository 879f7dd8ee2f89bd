import { beforeEach, describe, expect, it } from 'vitest';
import type { TracksResponse } from '../../shared/tracking';
import { replayTimeAt } from './replayClock';
import { HOUR_MS } from './replayRange';
import { MAX_REPLAY_WORKERS } from '../../shared/tracking';
import { selectTracksQuery, useReplayStore } from './replayStore';

const NOW_MS = Date.UTC(2026, 10, 27, 9, 0);

function response(workerIds: number[]): TracksResponse {
  return {
    fromMs: NOW_MS - HOUR_MS,
    toMs: NOW_MS,
    tracks: workerIds.map((workerId) => ({
      workerId,
      displayName: `W${workerId}`,
      points: [{ fixTimeMs: NOW_MS - HOUR_MS + workerId * 1000, lon: 119.3, lat: 26.08 }],
      stops: [],
      storedCount: 1,
      downsampled: false,
    })),
  };
}

describe('replay store', () => {
  beforeEach(() => useReplayStore.getState().resetReplay());

  it('opens for a worker over the last hour and asks for its track', () => {
    useReplayStore.getState().openReplay([42], NOW_MS);
    const state = useReplayStore.getState();
    expect(state.open).toBe(true);
    expect(selectTracksQuery(state)).toEqual({
      workerIds: [42],
      fromMs: NOW_MS - HOUR_MS,
      toMs: NOW_MS,
    });
  });

  it('opened from its button, takes the last hour for the workers chosen next', () => {
    const store = useReplayStore.getState();
    store.openReplay(undefined, NOW_MS);
    store.toggleWorker(8);
    expect(selectTracksQuery(useReplayStore.getState())).toEqual({
      workerIds: [8],
      fromMs: NOW_MS - HOUR_MS,
      toMs: NOW_MS,
    });
  });

  it('asks for nothing while closed, without workers or without a range', () => {
    const store = useReplayStore.getState();
    expect(selectTracksQuery(useReplayStore.getState())).toBeNull();
    store.openReplay();
    store.toggleWorker(1);
    store.setCustomRange(null);
    expect(selectTracksQuery(useReplayStore.getState())).toBeNull();
  });

  it('orders loaded tracks as chosen and forgets them when the choice changes', () => {
    const store = useReplayStore.getState();
    store.openReplay([3, 1], NOW_MS);
    store.setTracks(response([1, 3]));
    expect(useReplayStore.getState().tracks.map((track) => track.workerId)).toEqual([3, 1]);
    expect(useReplayStore.getState().clock?.fromMs).toBe(NOW_MS - HOUR_MS);
    // Playback begins at the earliest first fix, not at the start of an empty range.
    expect(useReplayStore.getState().clock?.startMs).toBe(NOW_MS - HOUR_MS + 1000);
    store.toggleWorker(1);
    expect(useReplayStore.getState().tracks).toEqual([]);
    expect(useReplayStore.getState().clock).toBeNull();
    expect(useReplayStore.getState().workerIds).toEqual([3]);
  });

  it('keeps the loaded tracks when custom starts from the range on show', () => {
    const store = useReplayStore.getState();
    store.openReplay([5], NOW_MS);
    store.setTracks(response([5]));
    store.choosePreset('custom');
    expect(useReplayStore.getState()).toMatchObject({ preset: 'custom' });
    expect(useReplayStore.getState().tracks).toHaveLength(1);
    store.setCustomRange({ fromMs: NOW_MS - 2 * HOUR_MS, toMs: NOW_MS });
    expect(useReplayStore.getState().tracks).toEqual([]);
    expect(selectTracksQuery(useReplayStore.getState())?.fromMs).toBe(NOW_MS - 2 * HOUR_MS);
  });

  it('limits how many workers are replayed together', () => {
    const store = useReplayStore.getState();
    store.openReplay();
    for (let id = 1; id <= MAX_REPLAY_WORKERS + 2; id++) store.toggleWorker(id);
    expect(useReplayStore.getState().workerIds).toHaveLength(MAX_REPLAY_WORKERS);
  });

  it('plays, changes speed and pauses on the clock of the loaded range', () => {
    const store = useReplayStore.getState();
    store.openReplay([5], NOW_MS);
    store.setTracks(response([5]));
    store.setSpeed(60, 0);
    store.play(1_000);
    store.pause(2_000);
    const clock = useReplayStore.getState().clock;
    expect(clock?.playing).toBe(false);
    expect(clock && replayTimeAt(clock, 9_999)).toBe(NOW_MS - HOUR_MS + 5_000 + 60_000);
    store.seek(NOW_MS - 10_000, 3_000);
    expect(replayTimeAt(useReplayStore.getState().clock!, 3_000)).toBe(NOW_MS - 10_000);
  });

  it('forgets the tracks when closed or reset', () => {
    const store = useReplayStore.getState();
    store.openReplay([5], NOW_MS);
    store.setTracks(response([5]));
    store.closeReplay();
    expect(useReplayStore.getState()).toMatchObject({ open: false, tracks: [], clock: null });
    store.openReplay([5], NOW_MS);
    store.resetReplay();
    expect(useReplayStore.getState().workerIds).toEqual([]);
  });
});
