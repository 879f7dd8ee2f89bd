/**
 * The wall's mode (leader wall, dispatcher desk, tour), as the URL hash names it. Read from the
 * hash when the page loads, before the first request, so a public screen's very first calls
 * already carry its mode; useDeepLink keeps it and the hash in step afterwards.
 */
import { create } from 'zustand';
import { AGGREGATE_ONLY_MODES, DEFAULT_WALL_MODE, type WallMode } from '../../shared/wallModes';
import { parseLocationHash } from './deepLink';

export interface WallModeState {
  mode: WallMode;
  setMode(mode: WallMode): void;
}

function modeOfPage(): WallMode {
  if (typeof window === 'undefined') return DEFAULT_WALL_MODE;
  return parseLocationHash(window.location.hash).mode ?? DEFAULT_WALL_MODE;
}

export const useWallModeStore = create<WallModeState>()((set) => ({
  mode: modeOfPage(),
  setMode: (mode) => set({ mode }),
}));

/** Public screens: no person's name, ID number or phone, whatever the user's role. */
export function isAggregateOnly(mode: WallMode): boolean {
  return AGGREGATE_ONLY_MODES.includes(mode);
}

export function useAggregateOnly(): boolean {
  return useWallModeStore((state) => isAggregateOnly(state.mode));
}
