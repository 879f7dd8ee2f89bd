/**
 * The 2D analytics view: a deck.gl map of the district's base grids and the
 * incidents of the heatmap's window and category as hex cells, in its own panel beside the 3D
 * view (never over its canvas). Linked with the 3D view through the stores:
 * - a click on a grid selects it in the app store — the same selection as the 3D view and the
 *   grid tree — so the 3D view flies to it; a grid selected anywhere is highlighted here;
 * - a click on a hex cell (cells lie over the grids; a click where there is none hits the grid)
 *   selects the cell: this panel shows its count and the base grids it
 *   overlaps (each a link that selects that grid), and the 3D view outlines the cell's footprint
 *   on the ground and flies to it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GridNode } from '../../../shared/api';
import { useAppStore } from '../../shell/appStore';
import { heatNowMs, selectHeatIncidents, useHeatmapStore } from '../heatmapStore';
import { createAnalyticsDeck, type AnalyticsDeck } from './analyticsDeck';
import {
  binIncidents,
  gridsBounds,
  gridsOverlappingCell,
  resolveAnalyticsClick,
  type HexCell,
} from './hexBins';
import { useI18n } from '../../shell/i18n';
import './analytics.css';

/** Centre to corner: a cell covers a few blocks, several cells a base grid. */
export const HEX_RADIUS_M = 150;
const BASE_GRID_LEVEL = 4;

function useBaseGrids(): GridNode[] {
  const grids = useAppStore((state) => state.grids);
  return useMemo(
    () => Object.values(grids).filter((grid) => grid.level === BASE_GRID_LEVEL),
    [grids],
  );
}

function useSelectedGridCode(): string | null {
  return useAppStore(
    (state) =>
      state.selection.gridCode ??
      (state.selection.buildingId === null
        ? null
        : (state.buildings[state.selection.buildingId]?.gridCode ?? null)),
  );
}

function useHexCells(): HexCell[] {
  const config = useAppStore((state) => state.config);
  const loaded = useHeatmapStore((state) => state.loaded);
  const arrivals = useHeatmapStore((state) => state.arrivals);
  const window = useHeatmapStore((state) => state.window);
  const categoryCode = useHeatmapStore((state) => state.categoryCode);
  return useMemo(() => {
    if (config === null) return [];
    const state = { loaded, arrivals, window, categoryCode };
    const incidents = selectHeatIncidents(state, heatNowMs(state));
    return binIncidents(incidents, { origin: config.center, radiusM: HEX_RADIUS_M });
  }, [config, loaded, arrivals, window, categoryCode]);
}

function CellDetails({ grids }: { grids: readonly GridNode[] }) {
  const { t, formatNumber, localName } = useI18n();
  const cell = useHeatmapStore((state) => state.selectedCell);
  const select = useAppStore((state) => state.select);
  if (cell === null) return <p className="analytics-hint">{t('analytics.hint')}</p>;
  const byCode = new Map(grids.map((grid) => [grid.code, grid]));
  return (
    <div className="analytics-cell" data-testid="analytics-cell">
      <div className="analytics-cell-head">
        <strong>{t('analytics.cellTitle', { id: cell.id })}</strong>
        <span className="mono">{t('heatmap.count', { count: formatNumber(cell.count) })}</span>
        <button
          type="button"
          className="link-button"
          onClick={() => useHeatmapStore.getState().selectCell(null)}
        >
          {t('analytics.clearCell')}
        </button>
      </div>
      <div className="analytics-cell-grids">
        <span>{t('analytics.cellGrids')}</span>
        {cell.gridCodes.map((code) => {
          const grid = byCode.get(code);
          return (
            <button
              key={code}
              type="button"
              className="link-button"
              data-grid-code={code}
              onClick={() => select({ gridCode: code }, 'grid')}
            >
              {grid ? localName(grid) : code}
            </button>
          );
        })}
      </div>
    </div>
  );
}

export function AnalyticsView() {
  const { t, localName } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const deckRef = useRef<AnalyticsDeck | null>(null);
  const [failed, setFailed] = useState(false);
  const config = useAppStore((state) => state.config);
  const allGrids = useAppStore((state) => state.grids);
  const grids = useBaseGrids();
  const selectedGridCode = useSelectedGridCode();
  const cells = useHexCells();
  const selectedCellId = useHeatmapStore((state) => state.selectedCell?.id ?? null);
  // The click handler reads the latest grids and cells through a ref: the deck is created once.
  const clickContextRef = useRef({ grids, cells, origin: config?.center ?? null });
  useEffect(() => {
    clickContextRef.current = { grids, cells, origin: config?.center ?? null };
  }, [grids, cells, config]);

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return undefined;
    try {
      deckRef.current = createAnalyticsDeck(container, {
        onPlaceClick: (lon, lat) => {
          const { grids: baseGrids, cells: shownCells, origin } = clickContextRef.current;
          if (origin === null) return;
          const target = resolveAnalyticsClick({ lon, lat }, shownCells, baseGrids, {
            origin,
            radiusM: HEX_RADIUS_M,
          });
          if (target.kind === 'cell') {
            const { cell } = target;
            useHeatmapStore.getState().selectCell({
              id: cell.id,
              ring: cell.ring,
              centre: cell.centre,
              radiusM: HEX_RADIUS_M,
              count: cell.count,
              gridCodes: gridsOverlappingCell(cell.ring, baseGrids),
            });
          } else if (target.kind === 'grid') {
            useAppStore.getState().select({ gridCode: target.gridCode }, 'grid');
          } else {
            useHeatmapStore.getState().selectCell(null);
          }
        },
      });
    } catch (error) {
      console.warn('2D analytics view did not start', error);
      setFailed(true);
    }
    return () => {
      deckRef.current?.destroy();
      deckRef.current = null;
    };
  }, []);

  // Frame the base grids (the district box as a fallback) once they are known.
  const bounds = useMemo(() => gridsBounds(grids) ?? config?.bbox ?? null, [grids, config]);
  useEffect(() => {
    if (bounds !== null) deckRef.current?.fit(bounds);
  }, [bounds]);

  useEffect(() => {
    deckRef.current?.update({ grids, selectedGridCode, cells, selectedCellId });
  }, [grids, selectedGridCode, cells, selectedCellId]);

  const selectedGrid = selectedGridCode === null ? undefined : allGrids[selectedGridCode];
  return (
    <section
      className="analytics-view"
      data-testid="analytics-view"
      data-cells={cells.length}
      data-selected-grid={selectedGridCode ?? ''}
      data-selected-cell={selectedCellId ?? ''}
      aria-label={t('analytics.title')}
    >
      <header className="analytics-header">
        <h2 className="section-title">{t('analytics.title')}</h2>
        <span className="analytics-selected">
          {selectedGrid && t('analytics.selectedGrid', { name: localName(selectedGrid) })}
        </span>
        <button
          type="button"
          className="button"
          onClick={() => useHeatmapStore.getState().setAnalyticsOpen(false)}
        >
          {t('common.close')}
        </button>
      </header>
      <div ref={containerRef} className="analytics-deck" data-testid="analytics-deck">
        {failed && <p className="panel-error">{t('analytics.unavailable')}</p>}
      </div>
      <CellDetails grids={grids} />
    </section>
  );
}
