/**
 * Patrol coverage's streets follow an import: GridsAndBasemapOnce reads the grids and base map
 * again on the first load after a district change, and GridStreets clips the streets again from
 * the new rows (before, both were read once per process: a grids import left coverage measured
 * against the old grids until a restart).
 */
import { describe, expect, it } from 'vitest';
import type { GridRecord } from '../../domain/registry';
import { GridsAndBasemapOnce } from '../registry/gridQueries';
import type { BasemapRecord } from '../registry/registryRecords';
import { GridStreets } from './gridStreets';

function square(west: number, south: number, size: number): GeoJSON.Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
      ],
    ],
  };
}

const ROAD: BasemapRecord = {
  id: 1,
  kind: 'road',
  featureClass: 'street',
  name: '五四路',
  nameEn: 'Wusi Road',
  widthM: 12,
  geometry: {
    type: 'LineString',
    coordinates: [
      [119.3, 26.0005],
      [119.31, 26.0005],
    ],
  },
};

function grid(polygon: GeoJSON.Polygon): GridRecord {
  return { code: '350102001001001', polygon } as GridRecord;
}

describe('GridStreets over GridsAndBasemapOnce', () => {
  it('clips the streets again from the grid an import brought', async () => {
    // The grid first covers the road's western half, after the import its eastern part only.
    let grids = [grid(square(119.3, 26.0, 0.005))];
    let reads = 0;
    const rows = new GridsAndBasemapOnce({
      listGrids: async () => {
        reads++;
        return grids;
      },
      listBasemap: async () => [ROAD],
    });
    const streets = new GridStreets(rows);
    await rows.load();
    const before = streets.streetsOf('350102001001001');
    expect(before.length).toBeGreaterThan(0);
    expect(Math.max(...before.flat().map(([lon]) => lon!))).toBeLessThanOrEqual(119.305 + 1e-9);

    grids = [grid(square(119.307, 26.0, 0.005))];
    await rows.load();
    expect(reads).toBe(1); // no change announced: the rows read ahead answer
    rows.invalidate(); // the district changed: an import
    await rows.load();
    expect(reads).toBe(2);
    const after = streets.streetsOf('350102001001001');
    expect(Math.min(...after.flat().map(([lon]) => lon!))).toBeGreaterThanOrEqual(119.307 - 1e-9);
  });
});
