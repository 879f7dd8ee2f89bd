/**
 * The deck.gl deck of the 2D analytics view: the district's base grids (GeoJsonLayer) under the
 * incident hex cells (PolygonLayer) on a plain Web Mercator view, no base map. It lives in its
 * own panel with its own canvas — never stacked over the 3D view (DESIGN.md §2). Layers are
 * cheap descriptors re-made on every update and matched by id, as deck.gl intends.
 */
import { Deck, MapView, WebMercatorViewport, type PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer, PolygonLayer } from '@deck.gl/layers';
import { isWithinGrid } from '../../../domain/gridCode';
import type { GridNode } from '../../../shared/api';
import { heatColourAt } from '../../theme/heatColourRamp';
import type { HexCell } from './hexBins';

const GRID_LAYER_ID = 'base-grids';
const HEX_LAYER_ID = 'hex-cells';
const FIT_PADDING_PX = 16;
const MAX_ZOOM = 18;
/** A single incident still reads as a cell, not as nothing. */
const MIN_HEX_FRACTION = 0.12;
const GRID_FILL: [number, number, number, number] = [12, 30, 54, 200];
const GRID_FILL_SELECTED: [number, number, number, number] = [255, 201, 51, 70];
const GRID_LINE: [number, number, number, number] = [54, 226, 255, 110];
const GRID_LINE_SELECTED: [number, number, number, number] = [255, 201, 51, 255];
const HEX_LINE: [number, number, number, number] = [2, 6, 13, 160];
const HEX_LINE_SELECTED: [number, number, number, number] = [255, 255, 255, 255];
const GRID_LINE_WIDTH_PX = 1;
const SELECTED_LINE_WIDTH_PX = 3;

export interface AnalyticsDeckData {
  grids: readonly GridNode[];
  /** Grid-code prefix of the selection (any level); its base grids are highlighted. */
  selectedGridCode: string | null;
  cells: readonly HexCell[];
  selectedCellId: string | null;
}

export interface AnalyticsDeckCallbacks {
  /** A click on the map, at this place (what it hits is the view's to resolve). */
  onPlaceClick(lon: number, lat: number): void;
}

export interface AnalyticsDeck {
  update(data: AnalyticsDeckData): void;
  /** Frames the box [west, south, east, north]. */
  fit(bbox: readonly [number, number, number, number]): void;
  destroy(): void;
}

type GridFeature = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, { code: string }>;

function isSelected(code: string, selected: string | null): boolean {
  return selected !== null && isWithinGrid(code, selected);
}

export function createAnalyticsDeck(
  parent: HTMLDivElement,
  callbacks: AnalyticsDeckCallbacks,
): AnalyticsDeck {
  let destroyed = false;
  let featuresOf: readonly GridNode[] | null = null;
  let features: GridFeature[] = [];
  let framed: readonly [number, number, number, number] | null = null;
  let probedViewState = '';

  // The deck draws into a canvas this module owns and removes. Left to make its own, a deck
  // finalized before its device was ready (React StrictMode mounts, creates, destroys and
  // creates again) still appended a canvas afterwards: an orphan in the normal flow that pushed
  // the live canvas down and out of view and took every click meant for the map.
  const canvas = document.createElement('canvas');
  canvas.className = 'analytics-deck-canvas';
  parent.appendChild(canvas);

  const deck = new Deck({
    canvas,
    views: new MapView({ repeat: false }),
    initialViewState: { longitude: 0, latitude: 0, zoom: 1 },
    controller: { doubleClickZoom: false, dragRotate: false, touchRotate: false },
    getCursor: ({ isDragging }) => (isDragging ? 'grabbing' : 'pointer'),
    // What the deck shows, for tests that click a place (lon,lat,zoom,width,height).
    onAfterRender: () => {
      const viewport = deck.getViewports()[0];
      if (viewport === undefined) return;
      const { longitude, latitude, zoom, width, height } = viewport as WebMercatorViewport;
      const probe = [longitude, latitude, zoom, width, height].join(',');
      if (probe !== probedViewState) {
        probedViewState = probe;
        parent.dataset.viewState = probe;
      }
    },
    // The place, not the picked object: the same answer on every renderer (see hexBins).
    onClick: (info: PickingInfo) => {
      const [lon, lat] = info.coordinate ?? [];
      if (lon !== undefined && lat !== undefined) callbacks.onPlaceClick(lon, lat);
    },
  });

  // The docked panel changes size after it mounts (the wall layout measures, other panels open
  // and close): the framed box is fitted again to the new size.
  const resizeObserver = new ResizeObserver(() => {
    if (!destroyed && framed !== null) fitNow(framed);
  });
  resizeObserver.observe(parent);

  function fitNow(bbox: readonly [number, number, number, number]): void {
    const [west, south, east, north] = bbox;
    const width = parent.clientWidth;
    const height = parent.clientHeight;
    // Not laid out yet (the panel just mounted): the resize observer fits it once it is.
    if (width <= 0 || height <= 0) return;
    const { longitude, latitude, zoom } = new WebMercatorViewport({ width, height }).fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { padding: FIT_PADDING_PX, maxZoom: MAX_ZOOM },
    );
    deck.setProps({ initialViewState: { longitude, latitude, zoom } });
  }

  function gridFeatures(grids: readonly GridNode[]): GridFeature[] {
    if (grids !== featuresOf) {
      featuresOf = grids;
      features = grids.map((grid) => ({
        type: 'Feature',
        geometry: grid.polygon,
        properties: { code: grid.code },
      }));
    }
    return features;
  }

  return {
    update(data) {
      const maxCount = data.cells.reduce((max, cell) => Math.max(max, cell.count), 0);
      deck.setProps({
        layers: [
          new GeoJsonLayer<{ code: string }>({
            id: GRID_LAYER_ID,
            data: gridFeatures(data.grids),
            // Clicks resolve from the place (onClick below): no GPU picking pass needed.
            pickable: false,
            stroked: true,
            filled: true,
            getFillColor: (feature) =>
              isSelected(feature.properties.code, data.selectedGridCode)
                ? GRID_FILL_SELECTED
                : GRID_FILL,
            getLineColor: (feature) =>
              isSelected(feature.properties.code, data.selectedGridCode)
                ? GRID_LINE_SELECTED
                : GRID_LINE,
            getLineWidth: (feature) =>
              isSelected(feature.properties.code, data.selectedGridCode)
                ? SELECTED_LINE_WIDTH_PX
                : GRID_LINE_WIDTH_PX,
            lineWidthUnits: 'pixels',
            updateTriggers: {
              getFillColor: data.selectedGridCode,
              getLineColor: data.selectedGridCode,
              getLineWidth: data.selectedGridCode,
            },
          }),
          new PolygonLayer<HexCell>({
            id: HEX_LAYER_ID,
            data: data.cells,
            pickable: false,
            stroked: true,
            filled: true,
            getPolygon: (cell) => cell.ring,
            getFillColor: (cell) => [
              ...heatColourAt(Math.max(MIN_HEX_FRACTION, cell.count / Math.max(1, maxCount))),
            ],
            getLineColor: (cell) =>
              cell.id === data.selectedCellId ? HEX_LINE_SELECTED : HEX_LINE,
            getLineWidth: (cell) =>
              cell.id === data.selectedCellId ? SELECTED_LINE_WIDTH_PX : GRID_LINE_WIDTH_PX,
            lineWidthUnits: 'pixels',
            updateTriggers: {
              getFillColor: maxCount,
              getLineColor: data.selectedCellId,
              getLineWidth: data.selectedCellId,
            },
          }),
        ],
      });
    },
    fit(bbox) {
      framed = bbox;
      fitNow(bbox);
    },
    destroy() {
      destroyed = true;
      resizeObserver.disconnect();
      deck.finalize();
      canvas.remove();
    },
  };
}
