/**
 * The map adapter: the only place that pushes app state into Cesium. It creates the viewer,
 * the handle and one instance of each layer, then follows the store and updates the layers in
 * place. Returns the teardown that undoes all of it.
 */
import type { AppConfig, BasemapCollection } from '../../shared/api';
import { useAppStore, type AppState } from '../state/appStore';
import { useIncidentStore } from '../state/incidentStore';
import { useTrackingStore } from '../state/trackingStore';
import { createBasemapLayer } from './basemapLayer';
import { createBuildingsLayer, type BuildingsLayer } from './buildingsLayer';
import { createCameraController } from './cameraController';
import { createViewer } from './createViewer';
import { applyDistrictLight } from './districtLight';
import { createGlobeHandle, type GlobeHandle } from './GlobeHandle';
import { createGridBoundaryLayer } from './gridBoundaryLayer';
import { syncHeatmap } from './heatmapSync';
import { createIncidentsLayer } from './incidentsLayer';
import {
  applyIncidentPick,
  applyPlacePick,
  syncIncidentsLayer,
  writeIncidentsStats,
} from './incidentsSync';
import { createPickController } from './pickController';
import { createReplayController, type ReplayController } from './replayController';
import { unitThemeColours } from './unitTheme';
import { createTrailsLayer } from './trailsLayer';
import { readViewInsets } from './viewInsets';
import { createWorkersLayer } from './workersLayer';
import { syncWorkersLayers, writeWorkersStats } from './workersSync';

export interface GlobeDataSource {
  loadBasemap(signal: AbortSignal): Promise<BasemapCollection>;
}

/** Attributes on the container that tests and the loading indicator can wait on. */
export const GLOBE_READY_ATTRIBUTE = 'data-globe-ready';
export const TILES_LOADED_ATTRIBUTE = 'data-tiles-loaded';
export const CAMERA_FLYING_ATTRIBUTE = 'data-camera-flying';
/** The preset of the last flight that landed: district, grid, building or unit. */
export const CAMERA_VIEW_ATTRIBUTE = 'data-camera-view';
/** Where that flight looked: "lon,lat" in degrees. */
export const CAMERA_FOCUS_ATTRIBUTE = 'data-camera-focus';
const FOCUS_DECIMALS = 6;

function boundaryOf(state: AppState): GeoJSON.Polygon | GeoJSON.MultiPolygon | null {
  const { selection, buildings, grids } = state;
  const gridCode =
    selection.gridCode ??
    (selection.buildingId === null ? null : (buildings[selection.buildingId]?.gridCode ?? null));
  return gridCode === null ? null : (grids[gridCode]?.polygon ?? null);
}

/**
 * `onHandle` receives the handle once the viewer exists and null at teardown, so that parts of
 * the app outside the globe (the live feed) can reach it without a global.
 */
export function mountGlobe(
  container: HTMLElement,
  source: GlobeDataSource,
  onHandle?: (handle: GlobeHandle | null) => void,
): () => void {
  const store = useAppStore;
  const setAttribute = (name: string, value: boolean) =>
    container.setAttribute(name, String(value));
  setAttribute(GLOBE_READY_ATTRIBUTE, false);
  setAttribute(TILES_LOADED_ATTRIBUTE, false);
  setAttribute(CAMERA_FLYING_ATTRIBUTE, false);

  const viewer = createViewer(container);
  const abort = new AbortController();
  let buildings: BuildingsLayer | null = null;
  let replay: ReplayController | null = null;
  const workersLayer = createWorkersLayer(viewer.scene, {
    onStats: (stats) => writeWorkersStats(container, stats),
  });
  const trailsLayer = createTrailsLayer(viewer.scene);
  const incidentsLayer = createIncidentsLayer(viewer.scene, {
    onStats: (stats) => writeIncidentsStats(container, stats),
  });
  // The heat flies to a cell only after mounting, when `handle` below exists.
  const heatmap = syncHeatmap(container, viewer.scene, (target) => handle.flyTo(target, 'grid'));
  const handle = createGlobeHandle(viewer, {
    heatmap: heatmap.handle,
    getBuildingsLayer: () => buildings,
    workersLayer,
    trailsLayer,
    incidentsLayer,
    getReplayLayer: () => replay?.layer ?? null,
    getViewInsets: () => readViewInsets(container),
    onFlightChange: (flying) => setAttribute(CAMERA_FLYING_ATTRIBUTE, flying),
    onLanded: (preset, target) => {
      container.setAttribute(CAMERA_VIEW_ATTRIBUTE, preset);
      container.setAttribute(
        CAMERA_FOCUS_ATTRIBUTE,
        `${target.lon.toFixed(FOCUS_DECIMALS)},${target.lat.toFixed(FOCUS_DECIMALS)}`,
      );
    },
  });
  const basemap = createBasemapLayer(viewer.scene);
  const boundary = createGridBoundaryLayer(viewer.scene);
  const camera = createCameraController(handle);
  replay = createReplayController(viewer.scene, handle, container);
  const picking = createPickController(viewer, handle, {
    onHover: (unit) => store.getState().setHoveredUnit(unit?.unitId ?? null),
    onClick: (unit) => {
      const state = store.getState();
      const gridCode = state.buildings[unit.buildingId]?.gridCode ?? null;
      state.select({ gridCode, buildingId: unit.buildingId, unitId: unit.unitId }, 'unit');
    },
    onWorkerHover: (workerId) => workersLayer.setHovered(workerId),
    onWorkerClick: (workerId) => useTrackingStore.getState().selectWorker(workerId),
    onIncidentClick: (pick) => applyIncidentPick(handle, pick),
    isPickingPlace: () => useIncidentStore.getState().pickingPlace,
    onPlacePick: applyPlacePick,
  });
  const unsyncWorkers = syncWorkersLayers(container, viewer.scene, handle, {
    workers: workersLayer,
    trails: trailsLayer,
  });
  const unsyncIncidents = syncIncidentsLayer(container, handle, incidentsLayer);

  function start(config: AppConfig): BuildingsLayer {
    applyDistrictLight(viewer.scene, config.center);
    source.loadBasemap(abort.signal).then(
      (collection) => {
        if (!abort.signal.aborted) basemap.setData(collection);
      },
      (error: unknown) => {
        if (!abort.signal.aborted) console.warn('base map not loaded', error);
      },
    );
    return createBuildingsLayer(viewer.scene, config.tilesetUrl, {
      onInitialTilesLoaded: () => {
        setAttribute(GLOBE_READY_ATTRIBUTE, true);
        store.getState().setGlobeReady(true);
      },
      onTilesLoadedChange: (loaded) => setAttribute(TILES_LOADED_ATTRIBUTE, loaded),
      onError: (error) => console.warn('building tiles failed', error),
    });
  }

  let themeOf: Pick<AppState, 'theme' | 'themeColumns'> | null = null;
  function sync(state: AppState): void {
    if (buildings === null && state.config !== null) buildings = start(state.config);
    if (buildings !== null) {
      if (themeOf?.theme !== state.theme || themeOf.themeColumns !== state.themeColumns) {
        themeOf = { theme: state.theme, themeColumns: state.themeColumns };
        buildings.setThemeColours(unitThemeColours(state.theme, state.themeColumns));
      }
      buildings.setHoveredUnit(state.hoveredUnitId);
      buildings.setSelectedUnit(state.selection.unitId);
    }
    boundary.setBoundary(boundaryOf(state));
    camera.update(state);
  }
  sync(store.getState());
  const unsubscribe = store.subscribe(sync);
  onHandle?.(handle);

  return () => {
    onHandle?.(null);
    unsubscribe();
    unsyncWorkers();
    unsyncIncidents();
    heatmap.destroy();
    abort.abort();
    picking.destroy();
    replay.destroy();
    buildings?.destroy();
    boundary.destroy();
    trailsLayer.destroy();
    workersLayer.destroy();
    incidentsLayer.destroy();
    basemap.destroy();
    viewer.destroy();
    store.getState().setGlobeReady(false);
    setAttribute(GLOBE_READY_ATTRIBUTE, false);
  };
}
