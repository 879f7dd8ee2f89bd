/**
 * Follows the heatmap store into the heat layer: a fresh load recomputes, each live arrival adds
 * its kernel in place, the window slides on a timer, residents switch the unit. Redraws are
 * coalesced by a short timer. Keeps the globe container's data attributes for tests
 * and the wall's checks, and answers the `heatmap` sub-handle. Returns the teardown.
 */
import type { HeatGridSpec } from '../../domain/incidents/heatKernel';
import type { AppConfig } from '../../shared/api';
import { useAppStore } from '../state/appStore';
import { HeatAccumulator } from '../state/heatAccumulator';
import { niceScaleMax } from '../state/heatColourRamp';
import {
  heatNowMs,
  useHeatmapStore,
  type HeatmapState,
  type SelectedHeatCell,
} from '../state/heatmapStore';
import type { CameraTarget } from './cameraTargets';
import { createHeatmapLayer, type HeatmapLayer } from './heatmapLayer';
import type { Scene } from 'cesium';

/** The wall's heat settings (the same as bench:heatmap measures). */
export const HEAT_CELL_SIZE_M = 25;
export const HEAT_BANDWIDTH_M = 250;
/** How often reports that grew older than the window are taken back. */
const HEAT_EXPIRE_INTERVAL_MS = 30_000;
/**
 * Changes within this long are drawn together (a burst of reports, a load). A timer, not the
 * next animation frame: on a busy wall frames can be slow, and the heat must not wait for them.
 */
const HEAT_REDRAW_COALESCE_MS = 30;

export const HEAT_ENABLED_ATTRIBUTE = 'data-heat-enabled';
/** Incidents in the drawn heat. */
export const HEAT_INCIDENTS_ATTRIBUTE = 'data-heat-incidents';
/** Goes up with every redraw. */
export const HEAT_VERSION_ATTRIBUTE = 'data-heat-version';
/** `perKm2` or `per1000Residents`. */
export const HEAT_UNIT_ATTRIBUTE = 'data-heat-unit';
export const HEAT_SCALE_MAX_ATTRIBUTE = 'data-heat-scale-max';
/**
 * Read-only test hook through the DOM: a test writes "lon,lat" into `data-heat-probe`; after each
 * redraw (and when the probe changes) the globe writes the heat there, in the current unit, into
 * `data-heat-probe-value`.
 */
export const HEAT_PROBE_ATTRIBUTE = 'data-heat-probe';
export const HEAT_PROBE_VALUE_ATTRIBUTE = 'data-heat-probe-value';
export const HEAT_CELL_ATTRIBUTE = 'data-heat-cell';
const PROBE_DECIMALS = 6;

export interface HeatmapHandle {
  /** The heat at a place in the current unit (per km², or per 1,000 residents); 0 outside. */
  valueAt(lon: number, lat: number): number;
  readonly incidentCount: number;
  /** Goes up with every change of the heat. */
  readonly version: number;
}

export interface HeatmapSync {
  readonly handle: HeatmapHandle;
  destroy(): void;
}

function heatSpecOf(config: AppConfig): HeatGridSpec {
  const [west, south, east, north] = config.bbox;
  return { west, south, east, north, cellSizeM: HEAT_CELL_SIZE_M, bandwidthM: HEAT_BANDWIDTH_M };
}

export function syncHeatmap(
  container: HTMLElement,
  scene: Scene,
  flyTo: (target: CameraTarget) => void,
): HeatmapSync {
  let heat: HeatAccumulator | null = null;
  let layer: HeatmapLayer | null = null;
  let applied: Pick<HeatmapState, 'loaded' | 'arrivals' | 'residents'> = {
    loaded: null,
    arrivals: [],
    residents: null,
  };
  let drawnKey = '';
  let redrawTimer: ReturnType<typeof setTimeout> | null = null;
  let shownCell: SelectedHeatCell | null = null;
  /** The first sync runs while the globe is being mounted: it may outline a cell, not fly. */
  let mounted = false;

  const perResidentsNow = () =>
    useHeatmapStore.getState().perResidents && heat !== null && heat.hasResidents;

  function create(config: AppConfig): void {
    const state = useHeatmapStore.getState();
    heat = new HeatAccumulator(heatSpecOf(config), {
      window: state.window,
      categoryCode: state.categoryCode,
    });
    const { grid } = heat;
    layer = createHeatmapLayer(scene, {
      west: grid.spec.west,
      south: grid.spec.south,
      east: grid.spec.west + (grid.columns * grid.spec.cellSizeM) / grid.eastMPerDeg,
      north: grid.spec.south + (grid.rows * grid.spec.cellSizeM) / grid.northMPerDeg,
    });
  }

  function writeProbe(): void {
    const probe = container.getAttribute(HEAT_PROBE_ATTRIBUTE);
    if (probe === null || probe === '' || heat === null) return;
    const [lon, lat] = probe.split(',').map(Number);
    if (lon === undefined || lat === undefined || !Number.isFinite(lon + lat)) return;
    container.setAttribute(
      HEAT_PROBE_VALUE_ATTRIBUTE,
      heat.valueAt(lon, lat, perResidentsNow()).toFixed(PROBE_DECIMALS),
    );
  }

  function draw(): void {
    redrawTimer = null;
    if (heat === null || layer === null) return;
    const perResidents = perResidentsNow();
    const values = heat.values(perResidents);
    let maxValue = 0;
    for (const value of values) if (value > maxValue) maxValue = value;
    const scaleMax = niceScaleMax(maxValue);
    layer.draw(values, heat.grid.columns, heat.grid.rows, scaleMax);
    drawnKey = `${heat.version}:${perResidents}`;
    container.setAttribute(HEAT_INCIDENTS_ATTRIBUTE, String(heat.count));
    container.setAttribute(HEAT_VERSION_ATTRIBUTE, String(heat.version));
    container.setAttribute(HEAT_UNIT_ATTRIBUTE, perResidents ? 'per1000Residents' : 'perKm2');
    container.setAttribute(HEAT_SCALE_MAX_ATTRIBUTE, String(scaleMax));
    writeProbe();
    useHeatmapStore.getState().setScale({ scaleMax, perResidents, incidentCount: heat.count });
  }

  function scheduleDraw(): void {
    if (heat === null || redrawTimer !== null) return;
    if (drawnKey === `${heat.version}:${perResidentsNow()}`) return;
    redrawTimer = setTimeout(draw, HEAT_REDRAW_COALESCE_MS);
  }

  function showCell(cell: SelectedHeatCell | null): void {
    if (cell === shownCell) return;
    shownCell = cell;
    layer?.setCellFootprint(cell?.ring ?? null);
    container.setAttribute(HEAT_CELL_ATTRIBUTE, cell?.id ?? '');
    if (cell !== null && mounted) {
      flyTo({ lon: cell.centre.lon, lat: cell.centre.lat, heightM: 0, radiusM: cell.radiusM });
    }
  }

  function sync(state: HeatmapState): void {
    const config = useAppStore.getState().config;
    if (heat === null && config !== null) create(config);
    if (heat === null || layer === null) return;
    const nowMs = heatNowMs(state);
    if (state.loaded !== applied.loaded && state.loaded !== null) {
      heat.reset([...state.loaded.incidents, ...state.arrivals], state.loaded.filter, nowMs);
    } else if (state.arrivals !== applied.arrivals) {
      // Arrivals are appended (the oldest may be dropped): go on after the last one applied.
      const lastApplied = applied.arrivals.at(-1);
      const from = lastApplied === undefined ? 0 : state.arrivals.lastIndexOf(lastApplied) + 1;
      for (const incident of state.arrivals.slice(from)) heat.add(incident, nowMs);
    }
    if (state.residents !== applied.residents) heat.setResidents(state.residents);
    applied = { loaded: state.loaded, arrivals: state.arrivals, residents: state.residents };
    layer.setVisible(state.enabled);
    container.setAttribute(HEAT_ENABLED_ATTRIBUTE, String(state.enabled));
    showCell(state.selectedCell);
    scheduleDraw();
  }

  const expiry = setInterval(() => {
    if (heat?.expire(heatNowMs(useHeatmapStore.getState()))) scheduleDraw();
  }, HEAT_EXPIRE_INTERVAL_MS);
  const probeObserver = new MutationObserver(writeProbe);
  probeObserver.observe(container, { attributeFilter: [HEAT_PROBE_ATTRIBUTE] });
  container.setAttribute(HEAT_INCIDENTS_ATTRIBUTE, '0');
  container.setAttribute(HEAT_VERSION_ATTRIBUTE, '0');
  sync(useHeatmapStore.getState());
  mounted = true;
  const unsubscribeHeat = useHeatmapStore.subscribe(sync);
  // The heat grid is laid over the district's box, known once the start-up config arrives.
  const unsubscribeApp = useAppStore.subscribe((state, previous) => {
    if (state.config !== previous.config) sync(useHeatmapStore.getState());
  });

  return {
    handle: {
      valueAt: (lon, lat) => heat?.valueAt(lon, lat, perResidentsNow()) ?? 0,
      get incidentCount() {
        return heat?.count ?? 0;
      },
      get version() {
        return heat?.version ?? 0;
      },
    },
    destroy() {
      unsubscribeHeat();
      unsubscribeApp();
      clearInterval(expiry);
      probeObserver.disconnect();
      if (redrawTimer !== null) clearTimeout(redrawTimer);
      layer?.destroy();
    },
  };
}
