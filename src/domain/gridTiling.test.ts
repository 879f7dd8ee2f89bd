import { describe, expect, it } from 'vitest';
import { polygonsAreaM2, unionTiles } from './gridTiling';
import { signedRingAreaM2, type PlanarRing } from './geo/planarGeometry';

function cell(column: number, row: number): PlanarRing {
  return [
    [column, row],
    [column + 1, row],
    [column + 1, row + 1],
    [column, row + 1],
  ];
}

describe('unionTiles', () => {
  it('merges edge-sharing cells into one counter-clockwise ring', () => {
    const polygons = unionTiles([cell(0, 0), cell(1, 0), cell(1, 1)]);
    expect(polygons).toHaveLength(1);
    expect(signedRingAreaM2(polygons[0]!.outer)).toBe(3);
    expect(polygons[0]!.holes).toEqual([]);
  });

  it('keeps a hole when cells surround an empty cell', () => {
    const ring = [
      cell(0, 0),
      cell(1, 0),
      cell(2, 0),
      cell(0, 1),
      cell(2, 1),
      cell(0, 2),
      cell(1, 2),
      cell(2, 2),
    ];
    const polygons = unionTiles(ring);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]!.holes).toHaveLength(1);
    expect(polygonsAreaM2(polygons)).toBe(8);
  });

  it('splits cells that touch only at a corner into separate polygons', () => {
    const polygons = unionTiles([cell(0, 0), cell(1, 1)]);
    expect(polygons).toHaveLength(2);
    expect(polygonsAreaM2(polygons)).toBe(2);
  });

  it('accepts clockwise tiles', () => {
    const polygons = unionTiles([[...cell(0, 0)].reverse(), cell(1, 0)]);
    expect(polygonsAreaM2(polygons)).toBe(2);
  });
});
