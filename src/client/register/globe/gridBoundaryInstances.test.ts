import { PolygonGeometry, PolylineGeometry } from 'cesium';
import { describe, expect, it } from 'vitest';
import { gridBoundaryInstances } from './gridBoundaryInstances';

const square = (west: number, south: number, sizeDeg: number): GeoJSON.Position[] => [
  [west, south],
  [west + sizeDeg, south],
  [west + sizeDeg, south + sizeDeg],
  [west, south + sizeDeg],
  [west, south],
];

describe('gridBoundaryInstances', () => {
  it('fills each polygon once and outlines every ring, holes included', () => {
    const { fills, outlines } = gridBoundaryInstances({
      type: 'MultiPolygon',
      coordinates: [
        [square(116.3, 39.9, 0.01), square(116.302, 39.902, 0.002)],
        [square(116.32, 39.9, 0.01)],
      ],
    });
    expect(fills).toHaveLength(2);
    expect(outlines).toHaveLength(3);
    expect(fills.every((instance) => instance.geometry instanceof PolygonGeometry)).toBe(true);
    expect(outlines.every((instance) => instance.geometry instanceof PolylineGeometry)).toBe(true);
  });

  it('treats a single polygon as one fill with its outline', () => {
    const { fills, outlines } = gridBoundaryInstances({
      type: 'Polygon',
      coordinates: [square(116.3, 39.9, 0.01)],
    });
    expect(fills).toHaveLength(1);
    expect(outlines).toHaveLength(1);
  });
});
