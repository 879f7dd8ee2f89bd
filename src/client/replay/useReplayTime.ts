/**
 * The replay time for panels: derived from the replay clock a few times a second while it
 * plays (the globe derives it per frame on its own). Pauses the clock when the range is over.
 */
import { useEffect, useState } from 'react';
import { hasReplayEnded, replayTimeAt, type ReplayClock } from './replayClock';
import { useReplayStore } from './replayStore';

/** Often enough for a seconds display and a smooth slider, rare enough for React. */
export const REPLAY_UI_TICK_MS = 200;

export function useReplayTime(clock: ReplayClock | null): number | null {
  const [wallMs, setWallMs] = useState(() => performance.now());
  useEffect(() => {
    if (clock === null || !clock.playing) return undefined;
    const timer = window.setInterval(() => {
      const nowMs = performance.now();
      if (hasReplayEnded(clock, nowMs)) useReplayStore.getState().pause(nowMs);
      setWallMs(nowMs);
    }, REPLAY_UI_TICK_MS);
    return () => window.clearInterval(timer);
  }, [clock]);
  if (clock === null) return null;
  // A paused clock reads the same at any wall time; a playing one at the last tick.
  return replayTimeAt(clock, clock.playing ? Math.max(wallMs, clock.anchorWallMs) : wallMs);
}
