import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestDistrict, type TestDistrict } from './testDistrict';

type Area = Feature<Polygon | MultiPolygon>;

/** Square metres; slivers below this are floating-point noise, not gaps or overlaps. */
const AREA_TOLERANCE_M2 = 1;
const RELATIVE_AREA_TOLERANCE = 1e-6;

function asFeature(geometryText: string): Area {
  return turf.feature(JSON.parse(geometryText) as Polygon | MultiPolygon);
}

function overlapM2(first: Area, second: Area): number {
  const shared = turf.intersect(turf.featureCollection([first, second]));
  return shared ? turf.area(shared) : 0;
}

function bboxesTouch(first: number[], second: number[]): boolean {
  return (
    first[0]! <= second[2]! &&
    second[0]! <= first[2]! &&
    first[1]! <= second[3]! &&
    second[1]! <= first[3]!
  );
}

describe('generated geography', () => {
  let district: TestDistrict;
  let grids: { code: string; parent_code: string | null; level: number; feature: Area }[];
  let buildings: { id: number; grid_code: string; feature: Area; bbox: number[] }[];

  beforeAll(() => {
    // The default building count (so the grid counts are the real ones), few residents (fast).
    district = generateTestDistrict({ seed: 5, buildingCount: 1500, residentCount: 3000 });
    grids = (
      district.db
        .prepare('SELECT code, parent_code, level, polygon FROM grids ORDER BY code')
        .all() as {
        code: string;
        parent_code: string | null;
        level: number;
        polygon: string;
      }[]
    ).map((row) => ({ ...row, feature: asFeature(row.polygon) }));
    buildings = (
      district.db.prepare('SELECT id, grid_code, footprint FROM buildings').all() as {
        id: number;
        grid_code: string;
        footprint: string;
      }[]
    ).map((row) => {
      const feature = asFeature(row.footprint);
      return { id: row.id, grid_code: row.grid_code, feature, bbox: turf.bbox(feature) };
    });
  });
  afterAll(() => district.dispose());

  it('has about 3 streets, 9 communities and 60 base grids at the default size', () => {
    const countAt = (level: number) => grids.filter((grid) => grid.level === level).length;
    expect(countAt(1)).toBe(1);
    expect(countAt(2)).toBe(3);
    expect(countAt(3)).toBe(9);
    expect(countAt(4)).toBeGreaterThanOrEqual(45);
    expect(countAt(4)).toBeLessThanOrEqual(75);
  });

  it('tiles every parent with its children: areas add up, siblings do not overlap, no gaps', () => {
    for (const parent of grids.filter((grid) => grid.level < 4)) {
      const children = grids.filter((grid) => grid.parent_code === parent.code);
      expect(children.length, parent.code).toBeGreaterThan(0);
      const parentAreaM2 = turf.area(parent.feature);
      const childAreaM2 = children.reduce((sum, child) => sum + turf.area(child.feature), 0);
      expect(Math.abs(childAreaM2 - parentAreaM2) / parentAreaM2, parent.code).toBeLessThan(
        RELATIVE_AREA_TOLERANCE,
      );
      for (let first = 0; first < children.length; first++) {
        for (let second = first + 1; second < children.length; second++) {
          expect(overlapM2(children[first]!.feature, children[second]!.feature)).toBeLessThan(
            AREA_TOLERANCE_M2,
          );
        }
      }
      const union =
        children.length === 1
          ? children[0]!.feature
          : turf.union(turf.featureCollection(children.map((child) => child.feature)));
      expect(union).not.toBeNull();
      const gap = turf.difference(turf.featureCollection([parent.feature, union!]));
      const spill = turf.difference(turf.featureCollection([union!, parent.feature]));
      expect(gap ? turf.area(gap) : 0, parent.code).toBeLessThan(AREA_TOLERANCE_M2);
      expect(spill ? turf.area(spill) : 0, parent.code).toBeLessThan(AREA_TOLERANCE_M2);
    }
  });

  it('puts every building inside its base grid', () => {
    const byCode = new Map(grids.map((grid) => [grid.code, grid]));
    const outside = buildings.filter((building) => {
      const grid = byCode.get(building.grid_code);
      return (
        grid?.level !== 4 ||
        !turf.booleanPointInPolygon(turf.centroid(building.feature), grid.feature)
      );
    });
    expect(outside.map((building) => building.id)).toEqual([]);
  });

  it('never overlaps two buildings', () => {
    const overlapping: [number, number][] = [];
    const sorted = [...buildings].sort((first, second) => first.bbox[0]! - second.bbox[0]!);
    for (let first = 0; first < sorted.length; first++) {
      for (
        let second = first + 1;
        second < sorted.length && sorted[second]!.bbox[0]! <= sorted[first]!.bbox[2]!;
        second++
      ) {
        if (!bboxesTouch(sorted[first]!.bbox, sorted[second]!.bbox)) continue;
        if (overlapM2(sorted[first]!.feature, sorted[second]!.feature) > 0.01)
          overlapping.push([sorted[first]!.id, sorted[second]!.id]);
      }
    }
    expect(overlapping).toEqual([]);
  });

  it('keeps buildings off roads, out of water and out of parks', () => {
    const features = district.db
      .prepare(
        "SELECT id, kind, class, width_m, geometry FROM basemap_features WHERE kind IN ('road', 'water', 'green')",
      )
      .all() as {
      id: number;
      kind: string;
      class: string;
      width_m: number;
      geometry: string;
    }[];
    const obstacles = features.map((feature) => {
      const geometry = JSON.parse(feature.geometry) as LineString | Polygon;
      const area: Area =
        geometry.type === 'LineString'
          ? turf.buffer(turf.feature(geometry), feature.width_m / 2, { units: 'meters' })!
          : turf.feature(geometry);
      return { id: feature.id, kind: feature.kind, area, bbox: turf.bbox(area) };
    });
    expect(obstacles.filter((obstacle) => obstacle.kind === 'road').length).toBeGreaterThan(5);
    expect(obstacles.filter((obstacle) => obstacle.kind === 'water').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(obstacles.filter((obstacle) => obstacle.kind === 'green').length).toBeGreaterThanOrEqual(
      1,
    );
    const clashes: string[] = [];
    for (const building of buildings) {
      for (const obstacle of obstacles) {
        if (
          bboxesTouch(building.bbox, obstacle.bbox) &&
          turf.booleanIntersects(building.feature, obstacle.area)
        ) {
          clashes.push(`building ${building.id} × ${obstacle.kind} ${obstacle.id}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('addresses every building on a road of the district, in its own street', () => {
    const roadNames = (
      district.db
        .prepare(
          "SELECT DISTINCT name FROM basemap_features WHERE kind = 'road' AND class <> 'local'",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
    const streetNames = new Map(
      (
        district.db.prepare('SELECT code, name FROM grids WHERE level = 2').all() as {
          code: string;
          name: string;
        }[]
      ).map((row) => [row.code, row.name]),
    );
    const rows = district.db.prepare('SELECT id, grid_code, address FROM buildings').all() as {
      id: number;
      grid_code: string;
      address: string;
    }[];
    const unaddressed = rows.filter((row) => {
      const prefix = streetNames.get(row.grid_code.slice(0, 9));
      return !roadNames.some((road) =>
        new RegExp(`^${prefix}${road}\\d+号\\d+座$`).test(row.address),
      );
    });
    expect(unaddressed.slice(0, 5)).toEqual([]);
  });

  it('places the district at Gulou, Fuzhou', () => {
    const district_ = grids.find((grid) => grid.level === 1)!;
    const [lon, lat] = turf.centroid(district_.feature).geometry.coordinates as [number, number];
    expect(lon).toBeCloseTo(119.29, 1);
    expect(lat).toBeCloseTo(26.08, 1);
  });
});
