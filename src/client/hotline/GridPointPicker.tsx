/**
 * A point on the map for a call without a register address: the base grids of the operator's
 * scope drawn flat (equirectangular around the district's middle latitude, which is true to
 * scale over a district), a click places the call there. No globe: the desk has none, and a
 * 2D outline with grid names is what an operator on the phone needs to find a street corner.
 */
import { useEffect, useMemo, useState } from 'react';
import { isInScope } from '../../domain/gridCode';
import { GRID_LEVELS, type LonLat } from '../../domain/registry';
import type { GridNode } from '../../shared/api';
import { isAbortError } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';

/** Width of the drawing in its own units; the height follows the district's shape. */
const MAP_WIDTH_UNITS = 1000;
const DEGREES_TO_RADIANS = Math.PI / 180;
const MARKER_RADIUS_UNITS = 8;

export interface PickedPoint extends LonLat {
  gridCode: string;
  gridName: string;
}

interface Frame {
  west: number;
  north: number;
  /** Drawing units per degree of longitude; latitude is scaled by cos(mid latitude) less. */
  unitsPerLonDeg: number;
  unitsPerLatDeg: number;
  heightUnits: number;
}

function ringsOf(grid: GridNode): number[][][] {
  return grid.polygon.type === 'Polygon'
    ? grid.polygon.coordinates
    : grid.polygon.coordinates.flat();
}

function frameOf(grids: readonly GridNode[]): Frame | null {
  const points = grids.flatMap((grid) => ringsOf(grid).flat());
  if (points.length === 0) return null;
  const lons = points.map((point) => point[0] ?? 0);
  const lats = points.map((point) => point[1] ?? 0);
  const west = Math.min(...lons);
  const east = Math.max(...lons);
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  const unitsPerLonDeg = MAP_WIDTH_UNITS / Math.max(east - west, Number.EPSILON);
  const unitsPerLatDeg = unitsPerLonDeg / Math.cos(((south + north) / 2) * DEGREES_TO_RADIANS);
  return {
    west,
    north,
    unitsPerLonDeg,
    unitsPerLatDeg,
    heightUnits: (north - south) * unitsPerLatDeg,
  };
}

function toUnits(frame: Frame, lon: number, lat: number): [number, number] {
  return [(lon - frame.west) * frame.unitsPerLonDeg, (frame.north - lat) * frame.unitsPerLatDeg];
}

export function GridPointPicker({
  picked,
  onPick,
}: {
  picked: LonLat | null;
  onPick(point: PickedPoint): void;
}) {
  const { t, localName } = useI18n();
  const api = useApi();
  const scopes = useAppStore((state) => state.session?.scopes);
  const [grids, setGrids] = useState<GridNode[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.grids(controller.signal).then(
      (all) =>
        setGrids(
          all.filter(
            (grid) => grid.level === GRID_LEVELS.grid && isInScope(grid.code, scopes ?? []),
          ),
        ),
      (failure: unknown) => {
        if (!isAbortError(failure)) setError(t('hotline.map.failed'));
      },
    );
    return () => controller.abort();
  }, [api, scopes, t]);

  const frame = useMemo(() => frameOf(grids), [grids]);
  if (error !== null) return <p role="alert">{error}</p>;
  if (frame === null) return null;

  /** The clicked screen point, through the drawing's box on screen, back to lon/lat. */
  function pick(svg: SVGSVGElement, clientX: number, clientY: number, grid: GridNode): void {
    if (frame === null) return;
    const box = svg.getBoundingClientRect();
    const xUnits = ((clientX - box.left) / box.width) * MAP_WIDTH_UNITS;
    const yUnits = ((clientY - box.top) / box.height) * frame.heightUnits;
    onPick({
      lon: frame.west + xUnits / frame.unitsPerLonDeg,
      lat: frame.north - yUnits / frame.unitsPerLatDeg,
      gridCode: grid.code,
      gridName: localName(grid),
    });
  }

  const marker = picked === null ? null : toUnits(frame, picked.lon, picked.lat);
  return (
    <figure className="hotline-map">
      <figcaption>{t('hotline.map.hint')}</figcaption>
      <svg
        viewBox={`0 0 ${MAP_WIDTH_UNITS} ${frame.heightUnits}`}
        role="img"
        aria-label={t('hotline.map.label')}
        data-testid="hotline-map"
      >
        {grids.map((grid) => (
          <g key={grid.code} data-testid="hotline-map-grid" data-grid-code={grid.code}>
            {ringsOf(grid).map((ring, index) => (
              <polygon
                key={index}
                points={ring
                  .map(([lon = 0, lat = 0]) => toUnits(frame, lon, lat).join(','))
                  .join(' ')}
                onClick={(event) => {
                  const svg = event.currentTarget.ownerSVGElement;
                  if (svg !== null) pick(svg, event.clientX, event.clientY, grid);
                }}
              >
                <title>{localName(grid)}</title>
              </polygon>
            ))}
          </g>
        ))}
        {marker !== null && (
          <circle
            cx={marker[0]}
            cy={marker[1]}
            r={MARKER_RADIUS_UNITS}
            className="hotline-map-marker"
          />
        )}
      </svg>
    </figure>
  );
}
