import { describe, expect, it } from 'vitest';
import { toLocalMetres, toLonLat } from './localFrame';
import { floorVolumes, resolveUnitAt, unitVolumesOf, type VolumeBuilding } from './unitVolumes';

const ORIGIN = { lon: 119.3, lat: 26.08 };
const at = (eastM: number, northM: number, heightM: number) => ({
  ...toLonLat(ORIGIN, eastM, northM),
  heightM,
});

/** A 20 × 10 m slab of two wings' worth of units: 2 per floor, 3 floors of 3 m, on a 4 m base. */
const slab: VolumeBuilding = {
  id: 7,
  origin: ORIGIN,
  floorHeightM: 3,
  baseHeightM: 4,
  wings: [
    { centerEastM: 0, centerNorthM: 0, lengthM: 20, depthM: 10, rotationDeg: 0, unitCount: 2 },
  ],
  units: [1, 2, 3].flatMap((floor) =>
    [1, 2].map((unitNo) => ({ id: floor * 10 + unitNo, floor, unitNo })),
  ),
};

/** A courtyard building with its own unit shapes: one unit per floor, a ring with a hole. */
const courtyard: VolumeBuilding = {
  id: 8,
  origin: toLonLat(ORIGIN, 100, 0),
  floorHeightM: 3,
  baseHeightM: 0,
  wings: [],
  units: [1, 2].map((floor) => ({
    id: 800 + floor,
    floor,
    unitNo: 1,
    rings: [
      [
        [-20, -20],
        [20, -20],
        [20, 20],
        [-20, 20],
      ],
      [
        [-10, -10],
        [-10, 10],
        [10, 10],
        [10, -10],
      ],
    ],
  })),
};

describe('unit volumes', () => {
  const volumes = [...unitVolumesOf(slab), ...unitVolumesOf(courtyard)];

  it('stacks floors on the base height, wing slices and own polygons alike', () => {
    expect(volumes).toHaveLength(6 + 2);
    const top = volumes.find((volume) => volume.unitId === 32)!;
    expect([top.bottomM, top.topM]).toEqual([10, 13]);
    expect(volumes.find((volume) => volume.unitId === 802)!.rings).toHaveLength(2);
  });

  it('resolves a surface point by footprint, then height', () => {
    // West half is unit 1, east half unit 2; floor 2 spans 7–10 m.
    expect(resolveUnitAt(at(-5, 0, 8), volumes)?.unitId).toBe(21);
    expect(resolveUnitAt(at(5, 0, 4.5), volumes)?.unitId).toBe(12);
  });

  it('takes a wall click just outside the footprint, and a roof click as the top floor', () => {
    expect(resolveUnitAt(at(5, 5.6, 8), volumes)?.unitId).toBe(22);
    expect(resolveUnitAt(at(-5, 0, 13.4), volumes)?.unitId).toBe(31);
  });

  it('finds nothing in the courtyard hole, far away, or far above', () => {
    expect(resolveUnitAt(at(100, 0, 2), volumes)).toBeNull();
    expect(resolveUnitAt(at(115, 0, 2), volumes)?.unitId).toBe(801);
    expect(resolveUnitAt(at(50, 0, 2), volumes)).toBeNull();
    expect(resolveUnitAt(at(-5, 0, 40), volumes)).toBeNull();
  });

  it('lists one floor of a building for the floor highlight', () => {
    expect(floorVolumes(volumes, 7, 2).map((volume) => volume.unitId)).toEqual([21, 22]);
  });
});

describe('grown rings', () => {
  it('moves every edge of an outer ring out, and of a hole into the hole, by the distance', async () => {
    const { grownRings } = await import('./unitVolumes');
    const square = (half: number, clockwise = false) => {
      const ring = [
        [-half, -half],
        [half, -half],
        [half, half],
        [-half, half],
      ].map(([east, north]) => {
        const point = toLonLat(ORIGIN, east!, north!);
        return [point.lon, point.lat] as [number, number];
      });
      return clockwise ? ring.reverse() : ring;
    };
    const [outer, hole] = grownRings([square(10), square(5, true)], 1);
    const [outerCorner] = outer!.map(([lon, lat]) => toLocalMetres(ORIGIN, { lon, lat }));
    expect(outerCorner!.eastM).toBeCloseTo(-11, 2);
    expect(outerCorner!.northM).toBeCloseTo(-11, 2);
    const holeCorners = hole!.map(([lon, lat]) => toLocalMetres(ORIGIN, { lon, lat }));
    for (const corner of holeCorners) {
      expect(Math.abs(corner.eastM)).toBeCloseTo(4, 2);
      expect(Math.abs(corner.northM)).toBeCloseTo(4, 2);
    }
  });
});
