import { describe, expect, it } from 'vitest';
import { toLocalMetres, toLonLat } from '../../../domain/geo/localFrame';
import type { GridNode } from '../../../shared/api';
import type { HeatIncident } from '../heatWindows';
import {
  binIncidents,
  cellsInGrid,
  gridsBounds,
  gridsOverlappingCell,
  hexCellOf,
  hexCentre,
  hexRing,
  parseHexCellId,
  resolveAnalyticsClick,
} from './hexBins';

const ORIGIN = { lon: 119.29, lat: 26.08 };
const SPEC = { origin: ORIGIN, radiusM: 100 };

function incidentAt(id: string, eastM: number, northM: number): HeatIncident {
  const place = toLonLat(ORIGIN, eastM, northM);
  return { id, ...place, reportedAtMs: 0, categoryCode: 'dispute', gridCode: '350102001001001' };
}

function squareGrid(code: string, westM: number, southM: number, sizeM: number): GridNode {
  const corner = (eastM: number, northM: number) => {
    const place = toLonLat(ORIGIN, eastM, northM);
    return [place.lon, place.lat];
  };
  return {
    code,
    parentCode: code.slice(0, 12),
    level: 4,
    name: code,
    nameEn: code,
    center: toLonLat(ORIGIN, westM + sizeM / 2, southM + sizeM / 2),
    polygon: {
      type: 'Polygon',
      coordinates: [
        [
          corner(westM, southM),
          corner(westM + sizeM, southM),
          corner(westM + sizeM, southM + sizeM),
          corner(westM, southM + sizeM),
          corner(westM, southM),
        ],
      ],
    },
  };
}

describe('hex bins', () => {
  it('puts the origin in cell 0,0 and a point in the cell whose centre is nearest', () => {
    expect(hexCellOf(ORIGIN, SPEC).id).toBe('0,0');
    // Cell (1, 0) is √3·R east; a point just east of the shared edge belongs to it.
    expect(hexCellOf(toLonLat(ORIGIN, 100, 0), SPEC).id).toBe('1,0');
    expect(hexCellOf(toLonLat(ORIGIN, 80, 0), SPEC).id).toBe('0,0');
    expect(hexCellOf(toLonLat(ORIGIN, 60, 150), SPEC).id).toBe('0,1');
    expect(hexCellOf(toLonLat(ORIGIN, -90, -150), SPEC).id).toBe('0,-1');
    expect(parseHexCellId('-3,7')).toEqual({ q: -3, r: 7 });
    expect(parseHexCellId('x')).toBeNull();
  });

  it('draws a closed ring of six corners at the radius from the centre', () => {
    const ring = hexRing(2, -1, SPEC);
    expect(ring).toHaveLength(7);
    expect(ring[6]).toEqual(ring[0]);
    const centre = toLocalMetres(ORIGIN, hexCentre(2, -1, SPEC));
    for (const [lon, lat] of ring.slice(0, 6)) {
      const corner = toLocalMetres(ORIGIN, { lon, lat });
      expect(Math.hypot(corner.eastM - centre.eastM, corner.northM - centre.northM)).toBeCloseTo(
        100,
        1,
      );
    }
  });

  it('counts incidents per cell, busiest first', () => {
    const cells = binIncidents(
      [incidentAt('a', 5, 5), incidentAt('b', -10, 0), incidentAt('c', 400, 0)],
      SPEC,
    );
    expect(cells.map((cell) => [cell.id, cell.count])).toEqual([
      ['0,0', 2],
      [hexCellOf(toLonLat(ORIGIN, 400, 0), SPEC).id, 1],
    ]);
  });

  it('links a cell to the base grids it overlaps and a grid to the cells centred in it', () => {
    const west = squareGrid('350102001001001', -300, -300, 300);
    const east = squareGrid('350102001001002', 0, -300, 300);
    const far = squareGrid('350102001001003', 2000, 2000, 300);
    // Cell 0,0 straddles the shared edge at east = 0.
    expect(gridsOverlappingCell(hexRing(0, 0, SPEC), [far, east, west])).toEqual([
      '350102001001001',
      '350102001001002',
    ]);
    const cells = binIncidents([incidentAt('a', -150, -150), incidentAt('b', 150, -150)], SPEC);
    expect(cellsInGrid(cells, west)).toEqual([hexCellOf(toLonLat(ORIGIN, -150, -150), SPEC).id]);
    expect(cellsInGrid(cells, far)).toEqual([]);
  });

  it('resolves a click to the cell there, else the grid under it, else nothing', () => {
    const west = squareGrid('350102001001001', -600, -300, 300);
    const cells = binIncidents([incidentAt('a', 0, 0)], SPEC);
    expect(resolveAnalyticsClick(toLonLat(ORIGIN, 10, 10), cells, [west], SPEC)).toMatchObject({
      kind: 'cell',
      cell: { id: '0,0', count: 1 },
    });
    expect(resolveAnalyticsClick(toLonLat(ORIGIN, -450, -150), cells, [west], SPEC)).toEqual({
      kind: 'grid',
      gridCode: '350102001001001',
    });
    expect(resolveAnalyticsClick(toLonLat(ORIGIN, 5000, 0), cells, [west], SPEC)).toEqual({
      kind: 'none',
    });
  });

  it('frames the grids by the box of their polygons', () => {
    const west = squareGrid('350102001001001', -300, -300, 300);
    const east = squareGrid('350102001001002', 0, -300, 300);
    const [w, s, e, n] = gridsBounds([west, east])!;
    expect(w).toBeCloseTo(toLonLat(ORIGIN, -300, 0).lon, 9);
    expect(e).toBeCloseTo(toLonLat(ORIGIN, 300, 0).lon, 9);
    expect(s).toBeCloseTo(toLonLat(ORIGIN, 0, -300).lat, 9);
    expect(n).toBeCloseTo(ORIGIN.lat, 9);
    expect(gridsBounds([])).toBeNull();
  });
});
