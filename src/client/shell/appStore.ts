/**
 * The app's single store: plain data only, never Cesium objects (DESIGN.md §2). Entities are
 * normalised by id; the globe reads selection/theme from here and writes picks back through
 * the actions. Panels derive what they show with selectors over this one source of truth.
 */
import { create } from 'zustand';
import type {
  AppConfig,
  BuildingDetail,
  GridNode,
  GridSummary,
  SessionUser,
  UnitDetail,
  UnitThemeColumns,
} from '../../shared/api';

export type Language = 'zh' | 'en';
export type UnitTheme = 'none' | 'occupancy' | 'rental' | 'elderlyAlone';

export interface Selection {
  gridCode: string | null;
  buildingId: number | null;
  unitId: number | null;
}

/** Where the camera stands and looks (degrees, metres above the ellipsoid): plain data. */
export interface CameraView {
  lon: number;
  lat: number;
  heightM: number;
  headingDeg: number;
  pitchDeg: number;
}

/**
 * A request for the globe to move the camera; `sequence` makes repeated requests distinct.
 * `view` flies to a recorded camera (a tour step) instead of framing the selection.
 */
export interface CameraRequest {
  target: SelectionFlight | 'view';
  sequence: number;
  view?: CameraView;
}

/** How a selection is framed: by its level. */
export type SelectionFlight = 'district' | 'grid' | 'building' | 'unit';

export interface AppState {
  language: Language;
  session: SessionUser | null;
  config: AppConfig | null;
  /** Grid tree, by code. */
  grids: Record<string, GridNode>;
  /** Grid counts loaded from /api/grids/:code, by code. */
  gridSummaries: Record<string, GridSummary>;
  /** Buildings whose detail has been loaded, by id. */
  buildings: Record<number, BuildingDetail>;
  /** Units whose households have been loaded, by id. */
  units: Record<number, UnitDetail>;
  selection: Selection;
  hoveredUnitId: number | null;
  theme: UnitTheme;
  themeColumns: UnitThemeColumns | null;
  cameraRequest: CameraRequest | null;
  /** Where the camera came to rest last (the globe writes it after each move). */
  cameraView: CameraView | null;
  /** Tiles loaded and rendered at least once (for tests and the loading indicator). */
  globeReady: boolean;
}

export interface AppActions {
  setLanguage(language: Language): void;
  setSession(session: SessionUser | null): void;
  setConfig(config: AppConfig): void;
  setGrids(grids: GridNode[]): void;
  putGridSummary(summary: GridSummary): void;
  putBuilding(building: BuildingDetail): void;
  putUnit(unit: UnitDetail): void;
  /** Select (and optionally fly to) a grid, building or unit; clears the levels below. */
  select(selection: Partial<Selection>, fly?: SelectionFlight): void;
  /** Fly to a recorded camera, leaving the selection as it is. */
  flyToView(view: CameraView): void;
  setCameraView(view: CameraView): void;
  setHoveredUnit(unitId: number | null): void;
  setTheme(theme: UnitTheme): void;
  setThemeColumns(columns: UnitThemeColumns | null): void;
  setGlobeReady(ready: boolean): void;
  /** Logout: forget everything the session loaded (personal data must not outlive it). */
  clearSessionData(): void;
}

const EMPTY_SELECTION: Selection = { gridCode: null, buildingId: null, unitId: null };

export const useAppStore = create<AppState & AppActions>()((set) => ({
  language: 'zh',
  session: null,
  config: null,
  grids: {},
  gridSummaries: {},
  buildings: {},
  units: {},
  selection: EMPTY_SELECTION,
  hoveredUnitId: null,
  theme: 'none',
  themeColumns: null,
  cameraRequest: null,
  cameraView: null,
  globeReady: false,

  setLanguage: (language) => set({ language }),
  setSession: (session) => set({ session }),
  setConfig: (config) => set({ config }),
  setGrids: (grids) => set({ grids: Object.fromEntries(grids.map((grid) => [grid.code, grid])) }),
  putGridSummary: (summary) =>
    set((state) => ({ gridSummaries: { ...state.gridSummaries, [summary.code]: summary } })),
  putBuilding: (building) =>
    set((state) => ({ buildings: { ...state.buildings, [building.id]: building } })),
  putUnit: (unit) => set((state) => ({ units: { ...state.units, [unit.id]: unit } })),
  select: (selection, fly) =>
    set((state) => ({
      selection: { ...EMPTY_SELECTION, ...selection },
      cameraRequest: fly
        ? { target: fly, sequence: (state.cameraRequest?.sequence ?? 0) + 1 }
        : state.cameraRequest,
    })),
  flyToView: (view) =>
    set((state) => ({
      cameraRequest: { target: 'view', view, sequence: (state.cameraRequest?.sequence ?? 0) + 1 },
    })),
  setCameraView: (cameraView) => set({ cameraView }),
  setHoveredUnit: (hoveredUnitId) => set({ hoveredUnitId }),
  setTheme: (theme) => set({ theme }),
  setThemeColumns: (themeColumns) => set({ themeColumns }),
  setGlobeReady: (globeReady) => set({ globeReady }),
  clearSessionData: () =>
    set({
      session: null,
      gridSummaries: {},
      buildings: {},
      units: {},
      selection: EMPTY_SELECTION,
      hoveredUnitId: null,
      themeColumns: null,
    }),
}));
