/**
 * The replay range presets (last hour, today) and the check of a custom range. "Today" is the
 * district's local day, as on the worker card. Pure: the caller passes the current time.
 */
import { districtDayStartMs } from '../../domain/districtTime';
import { MAX_REPLAY_RANGE_MS } from '../../shared/tracking';

export const REPLAY_RANGE_PRESETS = ['lastHour', 'today', 'custom'] as const;
export type ReplayRangePreset = (typeof REPLAY_RANGE_PRESETS)[number];

export const HOUR_MS = 60 * 60 * 1000;

export interface ReplayRange {
  fromMs: number;
  toMs: number;
}

export type ReplayRangeProblem = 'empty' | 'tooLong' | 'future';

/** The range of a preset at `nowMs`; null for custom (the user types it). */
export function presetRange(preset: ReplayRangePreset, nowMs: number): ReplayRange | null {
  switch (preset) {
    case 'lastHour':
      return { fromMs: nowMs - HOUR_MS, toMs: nowMs };
    case 'today':
      return { fromMs: districtDayStartMs(nowMs), toMs: nowMs };
    case 'custom':
      return null;
  }
}

/** Why a range cannot be replayed, or null when it can. */
export function checkReplayRange(range: ReplayRange, nowMs: number): ReplayRangeProblem | null {
  if (!Number.isFinite(range.fromMs) || !Number.isFinite(range.toMs)) return 'empty';
  if (range.toMs <= range.fromMs) return 'empty';
  if (range.toMs - range.fromMs > MAX_REPLAY_RANGE_MS) return 'tooLong';
  if (range.fromMs > nowMs) return 'future';
  return null;
}
