/**
 * Stop marks on the replay slider: each stop of each replayed track as a band at its place in
 * the range, in percent of the slider's width. A short stop still gets a visible sliver; stops
 * outside the range are left out and ones that straddle its ends are cut to it. Pure.
 */
import type { WorkerStopView, WorkerTrack } from '../../shared/tracking';
import type { ReplayRange } from './replayRange';

/** Narrower bands would vanish on the slider: a stop is at least this wide, percent. */
export const MIN_MARK_WIDTH_PCT = 0.6;

export interface SliderMark {
  workerId: number;
  /** Index of the track in the replay, for its colour. */
  trackIndex: number;
  startMs: number;
  endMs: number;
  leftPct: number;
  widthPct: number;
}

function markOf(
  stop: WorkerStopView,
  range: ReplayRange,
  workerId: number,
  trackIndex: number,
): SliderMark | null {
  const spanMs = range.toMs - range.fromMs;
  if (spanMs <= 0 || stop.endMs < range.fromMs || stop.startMs > range.toMs) return null;
  const startMs = Math.max(stop.startMs, range.fromMs);
  const endMs = Math.min(stop.endMs, range.toMs);
  const leftPct = ((startMs - range.fromMs) / spanMs) * 100;
  const widthPct = Math.max(MIN_MARK_WIDTH_PCT, ((endMs - startMs) / spanMs) * 100);
  // A sliver at the very end is moved left so that it stays on the slider.
  return {
    workerId,
    trackIndex,
    startMs,
    endMs,
    leftPct: Math.min(leftPct, 100 - widthPct),
    widthPct: Math.min(widthPct, 100),
  };
}

export function sliderMarks(
  tracks: readonly Pick<WorkerTrack, 'workerId' | 'stops'>[],
  range: ReplayRange,
): SliderMark[] {
  return tracks.flatMap((track, trackIndex) =>
    track.stops.flatMap((stop) => markOf(stop, range, track.workerId, trackIndex) ?? []),
  );
}
