/**
 * Hexagonal bins of incidents for the 2D analytics view, computed here (not inside deck.gl) so
 * that a cell has an id and a footprint the 3D view can draw, and so that cell ↔ grid links are
 * plain, tested functions. Pointy-top hexagons on local east/north metres around the district
 * centre; `radiusM` is centre to corner.
 */
import { booleanIntersects, polygon } from '@turf/turf';
import { isPointInArea } from '../../../domain/geo/polygonContainment';
import { toLocalMetres, toLonLat } from '../../../domain/geo/localFrame';
import type { LonLat } from '../../../domain/registry';
import type { GridNode } from '../../../shared/api';
import type { HeatIncident } from '../heatWindows';

const SQRT3 = Math.sqrt(3);
const HEX_CORNERS = 6;
const CORNER_STEP_RAD = Math.PI / 3;
/** Pointy-top: the first corner sits 30° below east. */
const FIRST_CORNER_RAD = -Math.PI / 6;
const BASE_GRID_LEVEL = 4;

export interface HexBinSpec {
  origin: LonLat;
  radiusM: number;
}

export interface HexCellKey {
  id: string;
  q: number;
  r: number;
}

export interface HexCell extends HexCellKey {
  centre: LonLat;
  /** Closed ring of [lon, lat], counter-clockwise. */
  ring: [number, number][];
  count: number;
}

export function hexCellId(q: number, r: number): string {
  return `${q},${r}`;
}

export function parseHexCellId(id: string): { q: number; r: number } | null {
  const match = /^(-?\d+),(-?\d+)$/.exec(id);
  return match === null ? null : { q: Number(match[1]), r: Number(match[2]) };
}

/** The cell a point falls in (cube rounding of fractional axial coordinates). */
export function hexCellOf(place: LonLat, spec: HexBinSpec): HexCellKey {
  const { eastM, northM } = toLocalMetres(spec.origin, place);
  const fractionalQ = ((SQRT3 / 3) * eastM - northM / 3) / spec.radiusM;
  const fractionalR = ((2 / 3) * northM) / spec.radiusM;
  const fractionalS = -fractionalQ - fractionalR;
  let q = Math.round(fractionalQ);
  let r = Math.round(fractionalR);
  const s = Math.round(fractionalS);
  const errorQ = Math.abs(q - fractionalQ);
  const errorR = Math.abs(r - fractionalR);
  const errorS = Math.abs(s - fractionalS);
  if (errorQ > errorR && errorQ > errorS) q = -r - s;
  else if (errorR > errorS) r = -q - s;
  // `+ 0` turns a -0 into 0 so that ids are stable.
  q += 0;
  r += 0;
  return { id: hexCellId(q, r), q, r };
}

export function hexCentre(q: number, r: number, spec: HexBinSpec): LonLat {
  const eastM = spec.radiusM * SQRT3 * (q + r / 2);
  const northM = spec.radiusM * 1.5 * r;
  return toLonLat(spec.origin, eastM, northM);
}

export function hexRing(q: number, r: number, spec: HexBinSpec): [number, number][] {
  const eastM = spec.radiusM * SQRT3 * (q + r / 2);
  const northM = spec.radiusM * 1.5 * r;
  const ring: [number, number][] = [];
  for (let corner = 0; corner < HEX_CORNERS; corner += 1) {
    const angleRad = FIRST_CORNER_RAD + corner * CORNER_STEP_RAD;
    const place = toLonLat(
      spec.origin,
      eastM + spec.radiusM * Math.cos(angleRad),
      northM + spec.radiusM * Math.sin(angleRad),
    );
    ring.push([place.lon, place.lat]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** Incidents counted per cell; only cells with at least one incident, most first. */
export function binIncidents(incidents: readonly HeatIncident[], spec: HexBinSpec): HexCell[] {
  const counts = new Map<string, HexCell>();
  for (const incident of incidents) {
    const key = hexCellOf(incident, spec);
    const cell = counts.get(key.id);
    if (cell !== undefined) {
      cell.count += 1;
      continue;
    }
    counts.set(key.id, {
      ...key,
      centre: hexCentre(key.q, key.r, spec),
      ring: hexRing(key.q, key.r, spec),
      count: 1,
    });
  }
  return [...counts.values()].sort((left, right) => right.count - left.count);
}

/** Base grids whose polygon overlaps the cell's footprint, by code. */
export function gridsOverlappingCell(
  ring: [number, number][],
  grids: readonly GridNode[],
): string[] {
  const footprint = polygon([ring]);
  return grids
    .filter((grid) => grid.level === BASE_GRID_LEVEL && booleanIntersects(footprint, grid.polygon))
    .map((grid) => grid.code)
    .sort();
}

/** Cells whose centre lies inside the grid: what the 2D view outlines for a selected grid. */
export function cellsInGrid(cells: readonly HexCell[], grid: GridNode): string[] {
  return cells.filter((cell) => isPointInArea(cell.centre, grid.polygon)).map((cell) => cell.id);
}

export type AnalyticsClickTarget =
  { kind: 'cell'; cell: HexCell } | { kind: 'grid'; gridCode: string } | { kind: 'none' };

/**
 * What a click at a place means in the 2D view: the hex cell there if it holds incidents (cells
 * lie over the grids), otherwise the base grid under the place, otherwise nothing. Resolved from
 * the place, not from GPU picking, so it is the same on every renderer and tested here.
 */
export function resolveAnalyticsClick(
  place: LonLat,
  cells: readonly HexCell[],
  grids: readonly GridNode[],
  spec: HexBinSpec,
): AnalyticsClickTarget {
  const { id } = hexCellOf(place, spec);
  const cell = cells.find((candidate) => candidate.id === id);
  if (cell !== undefined) return { kind: 'cell', cell };
  const grid = grids.find(
    (candidate) => candidate.level === BASE_GRID_LEVEL && isPointInArea(place, candidate.polygon),
  );
  return grid === undefined ? { kind: 'none' } : { kind: 'grid', gridCode: grid.code };
}

/** [west, south, east, north] of the grids' polygons, or null without any: what the 2D view frames. */
export function gridsBounds(grids: readonly GridNode[]): [number, number, number, number] | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const grid of grids) {
    const polygons =
      grid.polygon.type === 'Polygon' ? [grid.polygon.coordinates] : grid.polygon.coordinates;
    for (const [lon = Number.NaN, lat = Number.NaN] of polygons.flat(2)) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return Number.isFinite(west + south + east + north) ? [west, south, east, north] : null;
}
