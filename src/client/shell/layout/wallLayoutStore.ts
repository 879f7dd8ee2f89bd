/**
 * What the docked layout leaves free of panels, and which regions are collapsed. Plain data:
 * the globe reads the free rectangle at the start of each flight to frame its target there.
 */
import { create } from 'zustand';
import type { ScreenRect } from './screenRect';
import type { WallRegionId } from './wallRegions';

export interface WallLayoutState {
  /** The largest part of the view no panel covers, in CSS pixels of the window; null before the first measure. */
  freeRect: ScreenRect | null;
  collapsed: Partial<Record<WallRegionId, boolean>>;
  setFreeRect(rect: ScreenRect | null): void;
  toggleRegion(region: WallRegionId): void;
}

export const useWallLayoutStore = create<WallLayoutState>()((set) => ({
  freeRect: null,
  collapsed: {},
  setFreeRect: (freeRect) => set({ freeRect }),
  toggleRegion: (region) =>
    set((state) => ({ collapsed: { ...state.collapsed, [region]: !state.collapsed[region] } })),
}));
