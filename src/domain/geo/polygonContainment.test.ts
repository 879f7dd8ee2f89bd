import { describe, expect, it } from 'vitest';
import {
  distanceToAreaBoundaryM,
  isPointInArea,
  boundsOfAreas,
  isPointNearArea,
  type AreaGeometry,
} from './polygonContainment';
import { isPointInRing } from './planarGeometry';
import { pointAt, rectangleRing } from '../tracking/trackFixtures';

/** A 200 m square courtyard block with a 50 m square hole in the middle. */
const BLOCK_WITH_HOLE: AreaGeometry = {
  type: 'Polygon',
  coordinates: [rectangleRing(0, 0, 200, 200), rectangleRing(75, 75, 125, 125)],
};

describe('polygon containment in lon/lat', () => {
  it('tells inside from outside and excludes holes', () => {
    expect(isPointInArea(pointAt(20, 20), BLOCK_WITH_HOLE)).toBe(true);
    expect(isPointInArea(pointAt(100, 100), BLOCK_WITH_HOLE)).toBe(false);
    expect(isPointInArea(pointAt(-1, 100), BLOCK_WITH_HOLE)).toBe(false);
    expect(isPointInArea(pointAt(100, 201), BLOCK_WITH_HOLE)).toBe(false);
  });

  it('works with an unclosed ring and with multipolygons', () => {
    const openRing = rectangleRing(0, 0, 10, 10).slice(0, 4);
    const centre = pointAt(5, 5);
    expect(isPointInRing([centre.lon, centre.lat], openRing)).toBe(true);
    const twoBlocks: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [[rectangleRing(0, 0, 10, 10)], [rectangleRing(100, 0, 110, 10)]],
    };
    expect(isPointInArea(pointAt(105, 5), twoBlocks)).toBe(true);
    expect(isPointInArea(pointAt(50, 5), twoBlocks)).toBe(false);
  });

  it('handles a concave outline', () => {
    const lShape: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [100, 0],
          [100, 40],
          [40, 40],
          [40, 100],
          [0, 100],
        ].map(([xM, yM]) => {
          const point = pointAt(xM!, yM!);
          return [point.lon, point.lat];
        }),
      ],
    };
    expect(isPointInArea(pointAt(20, 80), lShape)).toBe(true);
    expect(isPointInArea(pointAt(80, 20), lShape)).toBe(true);
    expect(isPointInArea(pointAt(80, 80), lShape)).toBe(false);
  });

  it('measures the distance to the nearest edge, holes included', () => {
    expect(distanceToAreaBoundaryM(pointAt(20, 100), BLOCK_WITH_HOLE)).toBeCloseTo(20, 3);
    expect(distanceToAreaBoundaryM(pointAt(65, 100), BLOCK_WITH_HOLE)).toBeCloseTo(10, 3);
    expect(distanceToAreaBoundaryM(pointAt(230, 100), BLOCK_WITH_HOLE)).toBeCloseTo(30, 3);
  });

  it('counts a point just outside as near within the tolerance, and not beyond it', () => {
    const grid: AreaGeometry = { type: 'Polygon', coordinates: [rectangleRing(0, 0, 100, 100)] };
    expect(isPointNearArea(pointAt(50, 50), grid, 0)).toBe(true);
    expect(isPointNearArea(pointAt(-3, 50), grid, 4)).toBe(true);
    expect(isPointNearArea(pointAt(-5, 50), grid, 4)).toBe(false);
  });

  it('bounds the outer rings of several areas', () => {
    const [west, south, east, north] = boundsOfAreas([
      { type: 'Polygon', coordinates: [rectangleRing(0, 0, 10, 10)] },
      { type: 'MultiPolygon', coordinates: [[rectangleRing(100, -20, 110, 5)]] },
    ]);
    expect([west, south]).toEqual([pointAt(0, -20).lon, pointAt(0, -20).lat]);
    expect(east).toBeCloseTo(pointAt(110, 0).lon, 9);
    expect(north).toBeCloseTo(pointAt(0, 10).lat, 9);
    expect(boundsOfAreas([])).toEqual([Infinity, Infinity, -Infinity, -Infinity]);
  });
});
