/**
 * The incident heat on the globe, fed by the heatmap store through the heat accumulator: a fresh
 * load recomputes, each live arrival adds its kernel in place, the window slides on a timer,
 * residents switch the unit. Redraws are coalesced by a short timer. A cell selected in the 2D
 * view is outlined on the ground and flown to.
 */
import type { HeatGridSpec } from '../../../domain/incidents/heatKernel';
import type { AppConfig } from '../../../shared/api';
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import { useAppStore } from '../../shell/appStore';
import { niceScaleMax } from '../../theme/heatColourRamp';
import { HeatAccumulator } from '../heatAccumulator';
import {
  heatNowMs,
  useHeatmapStore,
  type HeatmapState,
  type SelectedHeatCell,
} from '../heatmapStore';
import { createHeatmapLayer, type HeatmapLayer } from './heatmapLayer';

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

export interface HeatmapHandle {
  /** The heat at a place in the current unit (per km², or per 1,000 residents); 0 outside. */
  valueAt(lon: number, lat: number): number;
  readonly incidentCount: number;
  /** Goes up with every change of the heat. */
  readonly version: number;
}

export interface HeatmapProps {
  /** The heat grid is laid over the district's box, known once the start-up config arrives. */
  config: AppConfig | null;
  heat: HeatmapState;
}

function heatSpecOf(config: AppConfig): HeatGridSpec {
  const [west, south, east, north] = config.bbox;
  return { west, south, east, north, cellSizeM: HEAT_CELL_SIZE_M, bandwidthM: HEAT_BANDWIDTH_M };
}

export const heatmapFeature = defineGlobeFeature<HeatmapProps, HeatmapHandle>({
  stores: [useHeatmapStore, useAppStore],
  select: () => ({ config: useAppStore.getState().config, heat: useHeatmapStore.getState() }),
  create(scene, { camera, probes }) {
    const flag = createDestroyedFlag();
    let heat: HeatAccumulator | null = null;
    let layer: HeatmapLayer | null = null;
    let state: HeatmapState | null = null;
    let applied: Pick<HeatmapState, 'loaded' | 'arrivals' | 'residents'> = {
      loaded: null,
      arrivals: [],
      residents: null,
    };
    let drawnKey = '';
    let redrawTimer: ReturnType<typeof setTimeout> | null = null;
    let shownCell: SelectedHeatCell | null = null;
    /** The first update runs while the globe is being mounted: it may outline a cell, not fly. */
    let mounted = false;

    const perResidentsNow = () =>
      state?.perResidents === true && heat !== null && heat.hasResidents;
    const valueAt = (lon: number, lat: number) => heat?.valueAt(lon, lat, perResidentsNow()) ?? 0;

    function createHeat(config: AppConfig, current: HeatmapState): void {
      heat = new HeatAccumulator(heatSpecOf(config), {
        window: current.window,
        categoryCode: current.categoryCode,
      });
      const { grid } = heat;
      layer = createHeatmapLayer(scene, {
        west: grid.spec.west,
        south: grid.spec.south,
        east: grid.spec.west + (grid.columns * grid.spec.cellSizeM) / grid.eastMPerDeg,
        north: grid.spec.south + (grid.rows * grid.spec.cellSizeM) / grid.northMPerDeg,
      });
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
      probes.heat.setDrawn({
        incidents: heat.count,
        version: heat.version,
        unit: perResidents ? 'per1000Residents' : 'perKm2',
        scaleMax,
      });
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
      probes.heat.setCell(cell?.id ?? null);
      if (cell !== null && mounted) {
        camera.flyTo(
          { lon: cell.centre.lon, lat: cell.centre.lat, heightM: 0, radiusM: cell.radiusM },
          'grid',
        );
      }
    }

    const expiry = setInterval(() => {
      if (state !== null && heat?.expire(heatNowMs(state))) scheduleDraw();
    }, HEAT_EXPIRE_INTERVAL_MS);
    probes.heat.setDrawn({ incidents: 0, version: 0, unit: 'perKm2', scaleMax: 0 });
    probes.heat.answerValue((lon, lat) => (heat === null ? null : valueAt(lon, lat)));

    return {
      handle: {
        valueAt,
        get incidentCount() {
          return heat?.count ?? 0;
        },
        get version() {
          return heat?.version ?? 0;
        },
      },
      update({ config, heat: next }) {
        state = next;
        if (heat === null && config !== null) createHeat(config, next);
        if (heat === null || layer === null) {
          mounted = true;
          return;
        }
        const nowMs = heatNowMs(next);
        if (next.loaded !== applied.loaded && next.loaded !== null) {
          heat.reset([...next.loaded.incidents, ...next.arrivals], next.loaded.filter, nowMs);
        } else if (next.arrivals !== applied.arrivals) {
          // Arrivals are appended (the oldest may be dropped): go on after the last one applied.
          const lastApplied = applied.arrivals.at(-1);
          const from = lastApplied === undefined ? 0 : next.arrivals.lastIndexOf(lastApplied) + 1;
          for (const incident of next.arrivals.slice(from)) heat.add(incident, nowMs);
        }
        if (next.residents !== applied.residents) heat.setResidents(next.residents);
        applied = { loaded: next.loaded, arrivals: next.arrivals, residents: next.residents };
        layer.setVisible(next.enabled);
        probes.heat.setEnabled(next.enabled);
        showCell(next.selectedCell);
        scheduleDraw();
        mounted = true;
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          clearInterval(expiry);
          if (redrawTimer !== null) clearTimeout(redrawTimer);
          layer?.destroy();
        });
      },
    };
  },
});
