import { describe, expect, it } from 'vitest';
import { unitFootprints, type Wing } from '../../src/domain/buildingLayout';
import { appendBuildingFaces } from './buildingFaces';
import type { BuildingSource, UnitKey } from './readBuildings';
import { TileMesh } from './tileMesh';

const FLOOR_HEIGHT_M = 3;
const ORIGIN = { lon: 116.4, lat: 39.9 };
const SLAB: Wing = {
  centerEastM: 0,
  centerNorthM: 0,
  lengthM: 30,
  depthM: 10,
  rotationDeg: 30,
  unitCount: 3,
};

function building(floors: number, wings: Wing[] = [SLAB]): BuildingSource {
  const perFloor = wings.reduce((sum, wing) => sum + wing.unitCount, 0);
  const units: UnitKey[] = [];
  for (let floor = 1; floor <= floors; floor++) {
    for (let unitNo = 1; unitNo <= perFloor; unitNo++)
      units.push({ id: units.length + 100, floor, unitNo });
  }
  return {
    id: 7,
    originLon: ORIGIN.lon,
    originLat: ORIGIN.lat,
    floors,
    floorHeightM: FLOOR_HEIGHT_M,
    wings,
    units,
  };
}

/** Quads of the mesh as [featureId, centre east/north/up, normal]. */
function quadsOf(mesh: TileMesh) {
  const quads = [];
  for (let vertex = 0; vertex < mesh.vertexCount; vertex += 4) {
    const centre = [0, 1, 2].map(
      (axis) =>
        [0, 1, 2, 3].reduce(
          (sum, corner) => sum + mesh.positionsEnu[(vertex + corner) * 3 + axis]!,
          0,
        ) / 4,
    );
    const normal = [0, 1, 2].map((axis) => mesh.normalsEnu[vertex * 3 + axis]!);
    quads.push({ featureId: mesh.featureIds[vertex]!, centre, normal });
  }
  return quads;
}

describe('appendBuildingFaces', () => {
  it('emits outer walls per unit and floor, roofs on top, nothing between units', () => {
    const mesh = new TileMesh();
    const source = building(4);
    appendBuildingFaces(mesh, source, ORIGIN, 0);
    // Per floor: 3 fronts + 3 backs + 2 ends; 3 roofs on the top floor.
    expect(mesh.vertexCount / 4).toBe(4 * 8 + 3);
    expect(new Set(mesh.featureIds).size).toBe(source.units.length);
  });

  it('points every normal away from its unit and keeps it on its floor', () => {
    const mesh = new TileMesh();
    const source = building(3);
    appendBuildingFaces(mesh, source, ORIGIN, 0);
    const footprints = unitFootprints(source.wings);
    for (const quad of quadsOf(mesh)) {
      const unit = source.units[quad.featureId]!;
      const footprint = footprints[unit.unitNo - 1]!;
      const centreEastM = footprint.reduce((sum, [eastM]) => sum + eastM, 0) / 4;
      const centreNorthM = footprint.reduce((sum, [, northM]) => sum + northM, 0) / 4;
      const centreUpM = (unit.floor - 0.5) * FLOOR_HEIGHT_M;
      const outward = [
        quad.centre[0]! - centreEastM,
        quad.centre[1]! - centreNorthM,
        quad.centre[2]! - centreUpM,
      ];
      expect(
        outward[0]! * quad.normal[0]! +
          outward[1]! * quad.normal[1]! +
          outward[2]! * quad.normal[2]!,
      ).toBeGreaterThan(0);
      expect(Math.hypot(...quad.normal)).toBeCloseTo(1, 6);
    }
  });

  it('shows the underside of an overhang and the roof of a unit with nothing above', () => {
    const mesh = new TileMesh();
    const source = building(2);
    // Unit 2 exists only on floor 2: an overhang, roofed and floored.
    source.units = source.units.filter((unit) => !(unit.floor === 1 && unit.unitNo === 2));
    appendBuildingFaces(mesh, source, ORIGIN, 0);
    const downward = quadsOf(mesh).filter((quad) => quad.normal[2]! < -0.5);
    expect(downward).toHaveLength(1);
    expect(downward[0]!.centre[2]).toBeCloseTo(FLOOR_HEIGHT_M, 6);
  });

  it('offsets buildings from the tile origin in metres east and north', () => {
    const mesh = new TileMesh();
    const tileOrigin = { lon: ORIGIN.lon - 0.001, lat: ORIGIN.lat - 0.001 };
    appendBuildingFaces(mesh, building(1), tileOrigin, 0);
    const { min, max } = mesh.bounds();
    // 0.001° is about 85 m east and 111 m north at this latitude.
    expect((min[0] + max[0]) / 2).toBeCloseTo(85.4, 0);
    expect((min[1] + max[1]) / 2).toBeCloseTo(111, 0);
  });

  it('covers an L-shaped roof exactly, with no T-junction left at the wing seam', () => {
    const wings: Wing[] = [
      { centerEastM: 0, centerNorthM: 0, lengthM: 30, depthM: 10, rotationDeg: 0, unitCount: 3 },
      {
        centerEastM: 7,
        centerNorthM: 12.5,
        lengthM: 15,
        depthM: 10,
        rotationDeg: 90,
        unitCount: 2,
      },
    ];
    const mesh = new TileMesh();
    appendBuildingFaces(mesh, building(1, wings), ORIGIN, 0);
    const point = (vertex: number) =>
      [0, 1, 2].map((axis) => mesh.positionsEnu[vertex * 3 + axis]!);
    let roofAreaM2 = 0;
    const roofCorners = new Set<string>();
    const key = (vertex: number[], featureId: number) =>
      `${featureId}:${vertex[0]!.toFixed(3)},${vertex[1]!.toFixed(3)}`;
    for (let corner = 0; corner < mesh.indices.length; corner += 3) {
      const [a, b, c] = [0, 1, 2].map((offset) => point(mesh.indices[corner + offset]!));
      if (mesh.normalsEnu[mesh.indices[corner]! * 3 + 2]! < 0.5) continue;
      roofAreaM2 +=
        ((b![0]! - a![0]!) * (c![1]! - a![1]!) - (b![1]! - a![1]!) * (c![0]! - a![0]!)) / 2;
      for (const vertex of [a, b, c])
        roofCorners.add(key(vertex!, mesh.featureIds[mesh.indices[corner]!]!));
    }
    expect(roofAreaM2).toBeCloseTo(30 * 10 + 15 * 10, 6);
    // The arm (east 2..12) stands across the seam between base units 2 and 3 (east -5..5, 5..15):
    // its corners are vertices of those base roofs, and their shared corner is one of the arm's.
    expect(roofCorners.has(key([2, 5], 1))).toBe(true);
    expect(roofCorners.has(key([12, 5], 2))).toBe(true);
    expect(roofCorners.has(key([5, 5], 3))).toBe(true);
  });
});
