/**
 * The heatmap's state: the controls (on/off, window, category, per-1,000 residents,
 * the 2D analytics view), the incidents of the current window as loaded by REST plus the reports
 * that arrived live since, the register's residents, and the hex cell selected in the 2D view.
 * Plain data only; the globe's heat layer and the analytics view derive what they draw from it.
 */
import { create } from 'zustand';
import type { ResidentPoint } from '../../shared/incidentHeat';
import type { IncidentSnapshot } from '../../shared/incidents';
import {
  filterHeatIncidents,
  type HeatFilter,
  type HeatIncident,
  type HeatWindow,
} from './heatWindows';

/** Incidents of one window and category as one REST answer brought them. */
export interface HeatLoad {
  incidents: HeatIncident[];
  filter: HeatFilter;
  /** Server clock minus this screen's clock at the load: windows follow the server's now. */
  clockOffsetMs: number;
  truncated: boolean;
}

/** A hex cell picked in the 2D view: what the 3D view outlines and flies to. */
export interface SelectedHeatCell {
  id: string;
  /** Closed ring of [lon, lat]. */
  ring: [number, number][];
  centre: { lon: number; lat: number };
  radiusM: number;
  count: number;
  /** Base grids the cell overlaps. */
  gridCodes: string[];
}

/** What the globe layer drew last, for the legend and for tests. */
export interface HeatScale {
  /** Top of the colour scale in the current unit. */
  scaleMax: number;
  perResidents: boolean;
  /** Incidents in the drawn heat. */
  incidentCount: number;
}

export interface HeatmapState {
  enabled: boolean;
  window: HeatWindow;
  /** null: every category. */
  categoryCode: string | null;
  perResidents: boolean;
  analyticsOpen: boolean;
  loaded: HeatLoad | null;
  /** Reports that arrived live after the load, oldest first (ids may repeat the load's). */
  arrivals: HeatIncident[];
  /** Residents per building from the register; null until loaded. */
  residents: ResidentPoint[] | null;
  selectedCell: SelectedHeatCell | null;
  scale: HeatScale | null;
}

export interface HeatmapActions {
  setEnabled(enabled: boolean): void;
  setWindow(window: HeatWindow): void;
  setCategory(categoryCode: string | null): void;
  setPerResidents(perResidents: boolean): void;
  setAnalyticsOpen(open: boolean): void;
  /** A fresh REST answer for the current filter; arrivals it already holds are dropped. */
  setLoaded(load: HeatLoad): void;
  addArrivals(incidents: readonly HeatIncident[]): void;
  setResidents(points: ResidentPoint[] | null): void;
  selectCell(cell: SelectedHeatCell | null): void;
  setScale(scale: HeatScale): void;
  /** Logout: nothing of the session stays. */
  clearHeatmap(): void;
}

/**
 * Live arrivals kept beside the load. A wall left on for weeks would otherwise grow them without
 * end; the oldest dropped are long inside every later load (each filter change reloads).
 */
export const MAX_LIVE_ARRIVALS = 5_000;

const INITIAL: HeatmapState = {
  enabled: true,
  window: '24h',
  categoryCode: null,
  perResidents: false,
  analyticsOpen: false,
  loaded: null,
  arrivals: [],
  residents: null,
  selectedCell: null,
  scale: null,
};

export const useHeatmapStore = create<HeatmapState & HeatmapActions>()((set) => ({
  ...INITIAL,
  setEnabled: (enabled) => set({ enabled }),
  setWindow: (window) => set({ window }),
  setCategory: (categoryCode) => set({ categoryCode }),
  setPerResidents: (perResidents) => set({ perResidents }),
  setAnalyticsOpen: (analyticsOpen) => set({ analyticsOpen }),
  setLoaded: (loaded) =>
    set((state) => {
      const loadedIds = new Set(loaded.incidents.map((incident) => incident.id));
      const arrivals = state.arrivals.filter((incident) => !loadedIds.has(incident.id));
      return { loaded, arrivals: arrivals.slice(-MAX_LIVE_ARRIVALS) };
    }),
  addArrivals: (incidents) =>
    set((state) =>
      incidents.length === 0
        ? {}
        : { arrivals: [...state.arrivals, ...incidents].slice(-MAX_LIVE_ARRIVALS) },
    ),
  setResidents: (residents) => set({ residents }),
  selectCell: (selectedCell) => set({ selectedCell }),
  setScale: (scale) => set({ scale }),
  clearHeatmap: () =>
    set({ loaded: null, arrivals: [], residents: null, selectedCell: null, scale: null }),
}));

export function selectHeatFilter(state: Pick<HeatmapState, 'window' | 'categoryCode'>): HeatFilter {
  return { window: state.window, categoryCode: state.categoryCode };
}

export function sameHeatFilter(left: HeatFilter, right: HeatFilter): boolean {
  return left.window === right.window && left.categoryCode === right.categoryCode;
}

/** The screen's estimate of the server's now. */
export function heatNowMs(state: Pick<HeatmapState, 'loaded'>, screenNowMs = Date.now()): number {
  return screenNowMs + (state.loaded?.clockOffsetMs ?? 0);
}

/** Every incident inside the current window and category: the load and the live arrivals, once each. */
export function selectHeatIncidents(
  state: Pick<HeatmapState, 'loaded' | 'arrivals' | 'window' | 'categoryCode'>,
  nowMs: number,
): HeatIncident[] {
  if (state.loaded === null) return [];
  const byId = new Map<string, HeatIncident>();
  for (const incident of state.loaded.incidents) byId.set(incident.id, incident);
  for (const incident of state.arrivals)
    if (!byId.has(incident.id)) byId.set(incident.id, incident);
  return filterHeatIncidents([...byId.values()], selectHeatFilter(state), nowMs);
}

export function heatIncidentOfSnapshot(incident: IncidentSnapshot): HeatIncident {
  return {
    id: incident.id,
    lon: incident.location.lon,
    lat: incident.location.lat,
    reportedAtMs: incident.reportedAtMs,
    categoryCode: incident.categoryCode,
    gridCode: incident.gridCode,
  };
}

/**
 * Incidents that are in `next` and were not in `previous`: the new reports a feed step brought.
 * Only keys are compared, so a change of state of a known incident is not a new heat source.
 */
export function newIncidentsBetween<T extends IncidentSnapshot>(
  previous: Readonly<Record<string, T>>,
  next: Readonly<Record<string, T>>,
): T[] {
  if (previous === next) return [];
  const fresh: T[] = [];
  for (const id in next) {
    if (previous[id] === undefined) fresh.push(next[id]!);
  }
  return fresh;
}
