import { describe, expect, it } from 'vitest';
import { unitAreaM2, unitsPerFloor, wingOutlines } from '../../src/domain/buildingLayout';
import { BUILDING_KINDS, type BuildingKind } from '../../src/domain/registry';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { createBuildingShape } from './buildingShapes';

const SAMPLES_PER_KIND = 300;

const FLOORS: Record<BuildingKind, [number, number]> = {
  slab: [6, 18],
  tower: [18, 33],
  l_shape: [6, 18],
  courtyard: [2, 6],
  commercial: [2, 5],
};
const WINGS: Record<BuildingKind, [number, number]> = {
  slab: [1, 1],
  tower: [1, 2],
  l_shape: [2, 2],
  courtyard: [3, 4],
  commercial: [1, 1],
};

/** Overlap area of two axis-aligned rectangles given as outlines (shapes use 0° or 90° wings). */
function overlapM2(
  first: readonly (readonly [number, number])[],
  second: readonly (readonly [number, number])[],
): number {
  const box = (points: readonly (readonly [number, number])[]) => ({
    minX: Math.min(...points.map((point) => point[0])),
    maxX: Math.max(...points.map((point) => point[0])),
    minY: Math.min(...points.map((point) => point[1])),
    maxY: Math.max(...points.map((point) => point[1])),
  });
  const a = box(first);
  const b = box(second);
  const width = Math.min(a.maxX, b.maxX) - Math.max(a.minX, b.minX);
  const height = Math.min(a.maxY, b.maxY) - Math.max(a.minY, b.minY);
  return width > 0 && height > 0 ? width * height : 0;
}

describe('createBuildingShape', () => {
  for (const kind of BUILDING_KINDS) {
    it(`makes believable ${kind} buildings whose wings never overlap`, () => {
      const random = createSeededRandom(kind.length * 97);
      for (let sample = 0; sample < SAMPLES_PER_KIND; sample++) {
        const shape = createBuildingShape(kind, random);
        expect(shape.kind).toBe(kind);
        expect(shape.floors).toBeGreaterThanOrEqual(FLOORS[kind][0]);
        expect(shape.floors).toBeLessThanOrEqual(FLOORS[kind][1]);
        expect(shape.wings.length).toBeGreaterThanOrEqual(WINGS[kind][0]);
        expect(shape.wings.length).toBeLessThanOrEqual(WINGS[kind][1]);
        const units = unitsPerFloor(shape.wings);
        expect(units).toBeGreaterThanOrEqual(2);
        expect(units).toBeLessThanOrEqual(8);
        if (kind === 'commercial') {
          expect(shape.floorHeightM).toBeGreaterThanOrEqual(4);
        } else {
          expect(shape.floorHeightM).toBeGreaterThanOrEqual(2.9);
          expect(shape.floorHeightM).toBeLessThanOrEqual(3.2);
          for (const wing of shape.wings) {
            expect(unitAreaM2(wing)).toBeGreaterThanOrEqual(60);
            expect(unitAreaM2(wing)).toBeLessThanOrEqual(145);
          }
        }
        const outlines = wingOutlines(shape.wings);
        for (let first = 0; first < outlines.length; first++) {
          for (let second = first + 1; second < outlines.length; second++) {
            expect(overlapM2(outlines[first]!, outlines[second]!)).toBeLessThan(1e-4);
          }
        }
        // The wings fill the stated bounding box, centred on the building origin.
        const xs = outlines.flat().map((point) => point[0]);
        const ys = outlines.flat().map((point) => point[1]);
        expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(shape.sizeUM, 2);
        expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(shape.sizeVM, 2);
        expect(Math.max(...xs) + Math.min(...xs)).toBeCloseTo(0, 2);
      }
    });
  }

  it('makes the walk-up and high-rise slabs of different eras', () => {
    const random = createSeededRandom(3);
    const slabs = Array.from({ length: 400 }, () => createBuildingShape('slab', random));
    for (const slab of slabs) {
      if (slab.floors <= 7) expect(slab.builtYear).toBeLessThan(2000);
      else expect(slab.builtYear).toBeGreaterThanOrEqual(2000);
    }
    const walkUps = slabs.filter((slab) => slab.floors <= 7).length;
    expect(walkUps).toBeGreaterThan(150);
    expect(walkUps).toBeLessThan(350);
  });
});
