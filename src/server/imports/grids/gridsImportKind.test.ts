import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../../domain/geo/crs';
import { toLonLat } from '../../../domain/geo/localFrame';
import { openDatabase, type SqliteDatabase } from '../../store/openDatabase';
import { zippedShapefiles, type ShapefileLayer } from '../../testing/shapefileZip';
import type { ImportOptions } from '../importKind';
import { findImportKind } from '../importKinds';
import { gridsImportKind } from './gridsImportKind';

const ORIGIN = { lon: 119.3, lat: 26.08 };
type Rect = [west: number, south: number, east: number, north: number];

/** A ring of lon/lat from a rectangle in metres east/north of ORIGIN, counter-clockwise. */
function rectRing([w, s, e, n]: Rect): number[][] {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ].map(([x, y]) => {
    const p = toLonLat(ORIGIN, x!, y!);
    return [p.lon, p.lat];
  });
}

interface Grid {
  code: string;
  name: string;
  level?: string | number;
  parent?: string;
  rings: number[][][];
}

const grid = (code: string, name: string, rect: Rect, extra: Partial<Grid> = {}): Grid => ({
  code,
  name,
  rings: [rectRing(rect)],
  ...extra,
});

/** 1 km district = 1 street, two communities side by side, two base grids in each. */
function district(): Grid[] {
  return [
    grid('350102', '鼓楼区', [0, 0, 1000, 1000], { level: 1 }),
    grid('350102001', '东街街道', [0, 0, 1000, 1000], { level: '街道', parent: '350102' }),
    grid('350102001001', '东一社区', [0, 0, 500, 1000], { level: 3 }),
    grid('350102001002', '东二社区', [500, 0, 1000, 1000], { level: 3 }),
    grid('350102001001001', '东一网格1', [0, 0, 500, 500], { level: 4 }),
    grid('350102001001002', '东一网格2', [0, 500, 500, 1000], { level: 4 }),
    grid('350102001002001', '东二网格1', [500, 0, 1000, 500], { level: 4 }),
    grid('350102001002002', '东二网格2', [500, 500, 1000, 1000], { level: 4 }),
  ];
}

let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-grids-'));
  db = openDatabase(join(dir, 'district.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function geoJsonFile(
  grids: Grid[],
  name = 'grids.geojson',
  transform = (p: number[]) => p,
): string {
  const path = join(dir, name);
  const collection = {
    type: 'FeatureCollection',
    features: grids.map((g) => ({
      type: 'Feature',
      properties: {
        网格编码: g.code,
        网格名称: g.name,
        ...(g.level !== undefined ? { 层级: g.level } : {}),
        ...(g.parent !== undefined ? { 上级编码: g.parent } : {}),
      },
      geometry: { type: 'Polygon', coordinates: g.rings.map((ring) => ring.map(transform)) },
    })),
  };
  writeFileSync(path, JSON.stringify(collection));
  return path;
}

const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({
  crs: 'wgs84',
  dryRun: false,
  actor: 'admin',
  ...extra,
});

const gridCount = (): number =>
  (db.prepare('SELECT count(*) AS n FROM grids').get() as { n: number }).n;
const codesOf = (summary: { problems: { code: string }[] }): string[] =>
  summary.problems.map((p) => p.code);

describe('grids import: a clean file', () => {
  it('is registered under its name', () => {
    expect(findImportKind('grids')).toBe(gridsImportKind);
  });

  it('dry run previews all eight grids and writes nothing; commit writes them; again is unchanged', async () => {
    const file = geoJsonFile(district());
    const preview = await gridsImportKind.run(db, file, options({ dryRun: true }));
    expect(preview.problems).toEqual([]);
    expect(preview).toMatchObject({ rows: 8, accepted: 8, rejected: 0, dryRun: true });
    expect(preview.changes.created).toBe(8);
    expect(preview.mapping).toMatchObject({
      code: '网格编码',
      name: '网格名称',
      level: '层级',
      parent: '上级编码',
    });
    expect(gridCount()).toBe(0);

    const commit = await gridsImportKind.run(db, file, options());
    expect(commit.changes).toEqual({ created: 8, updated: 0, moved: 0, unchanged: 0 });
    expect(gridCount()).toBe(8);
    const row = db
      .prepare("SELECT parent_code, level, name, name_en FROM grids WHERE code = '350102001002001'")
      .get();
    expect(row).toEqual({
      parent_code: '350102001002',
      level: 4,
      name: '东二网格1',
      name_en: '东二网格1',
    });

    const again = await gridsImportKind.run(db, file, options());
    expect(again.changes).toEqual({ created: 0, updated: 0, moved: 0, unchanged: 8 });
  });

  it('reads GCJ-02 coordinates into WGS84', async () => {
    const file = geoJsonFile(district(), 'gcj.geojson', ([lon, lat]) =>
      fromWgs84('gcj02', lon!, lat!),
    );
    const summary = await gridsImportKind.run(db, file, options({ crs: 'gcj02' }));
    expect(summary.problems).toEqual([]);
    const stored = db.prepare("SELECT polygon FROM grids WHERE code = '350102'").get() as {
      polygon: string;
    };
    const corner = (JSON.parse(stored.polygon) as { coordinates: number[][][] })
      .coordinates[0]![0]!;
    const distanceM = turf.distance(corner, [ORIGIN.lon, ORIGIN.lat], { units: 'meters' });
    expect(distanceM).toBeLessThan(0.05);
  });

  it('imports a child into a parent already in the register', async () => {
    await gridsImportKind.run(db, geoJsonFile(district().slice(0, 4)), options());
    const summary = await gridsImportKind.run(
      db,
      geoJsonFile(district().slice(4), 'base.geojson'),
      options(),
    );
    expect(summary.problems).toEqual([]);
    expect(gridCount()).toBe(8);
  });
});

describe('grids import: zipped Shapefiles', () => {
  const CGCS_GK_ZONE_40 = `PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
  const fields = [
    { name: '网格编码', length: 20 },
    { name: '网格名称', length: 40 },
    { name: '层级', length: 4 },
  ];
  const layer = (
    name: string,
    grids: Grid[],
    extra: Partial<ShapefileLayer> = {},
  ): ShapefileLayer => ({
    name,
    fields,
    prj: CGCS_GK_ZONE_40,
    features: grids.map((g) => ({
      polygons: [
        g.rings.map((ring) => ring.map(([lon, lat]) => fromWgs84('cgcs2000-gk3:40', lon!, lat!))),
      ],
      attributes: { 网格编码: g.code, 网格名称: g.name, 层级: String(g.level ?? '') },
    })),
    ...extra,
  });

  it('reads three GBK layers in Gauss-Krüger zone 40 (with the zone prefix) from one zip', async () => {
    const grids = district();
    const path = join(dir, 'grids.zip');
    writeFileSync(
      path,
      zippedShapefiles([
        layer('街道', grids.slice(0, 2)),
        layer('社区', grids.slice(2, 4)),
        layer('网格', grids.slice(4), { withoutCpg: true }),
      ]),
    );
    const summary = await gridsImportKind.run(db, path, options());
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ rows: 8, accepted: 8 });
    const row = db
      .prepare("SELECT name, center_lon, center_lat FROM grids WHERE code = '350102001001001'")
      .get() as {
      name: string;
      center_lon: number;
      center_lat: number;
    };
    expect(row.name).toBe('东一网格1');
    const expected = toLonLat(ORIGIN, 250, 250);
    expect(
      turf.distance([row.center_lon, row.center_lat], [expected.lon, expected.lat], {
        units: 'meters',
      }),
    ).toBeLessThan(0.5);
  });

  it('refuses a .prj it does not support, by name, and writes nothing', async () => {
    const path = join(dir, 'xian.zip');
    const xian = CGCS_GK_ZONE_40.replace(/CGCS2000_3/, 'Xian_1980_3').replace(
      /China_Geodetic_Coordinate_System_2000|China_2000|CGCS2000/g,
      'Xian_1980',
    );
    writeFileSync(path, zippedShapefiles([layer('grids', district(), { prj: xian })]));
    const summary = await gridsImportKind.run(db, path, options());
    expect(codesOf(summary)).toContain('grid-prj-unsupported');
    expect(summary.problems.find((p) => p.code === 'grid-prj-unsupported')?.messageEn).toMatch(
      /Xian_1980/,
    );
    expect(gridCount()).toBe(0);
  });
});

describe('grids import: every problem listed, nothing written', () => {
  it('names code, level, parent and duplicate problems of several features at once', async () => {
    const grids = district();
    grids[5] = { ...grids[5]!, code: '35010200100A002' };
    grids[6] = { ...grids[6]!, level: 3 };
    grids[7] = { ...grids[7]!, parent: '350102001001' };
    grids.push(grid('350102001001001', '重复网格', [0, 0, 10, 10]));
    grids.push(grid('350102009001001', '孤儿网格', [0, 0, 100, 100]));
    const summary = await gridsImportKind.run(db, geoJsonFile(grids), options());
    expect(codesOf(summary)).toEqual(
      expect.arrayContaining([
        'grid-code-format',
        'grid-level-mismatch',
        'grid-parent-mismatch',
        'grid-code-duplicate',
        'grid-parent-missing',
        'grid-file-refused',
      ]),
    );
    const format = summary.problems.find((p) => p.code === 'grid-code-format')!;
    expect(format).toMatchObject({
      row: 6,
      feature: '35010200100A002',
      column: 'code',
      severity: 'error',
    });
    expect(format.messageZh).toMatch(/第 6 个要素“东一网格2”/);
    expect(summary.problems.find((p) => p.code === 'grid-code-duplicate')!.messageEn).toMatch(
      /feature 5/,
    );
    expect(gridCount()).toBe(0);
  });

  it('finds a self-intersecting boundary and says where', async () => {
    const grids = district();
    const [a, b, c, d] = rectRing([0, 0, 500, 500]);
    grids[4] = { ...grids[4]!, rings: [[a!, c!, b!, d!, a!]] };
    const summary = await gridsImportKind.run(db, geoJsonFile(grids), options({ dryRun: true }));
    const problem = summary.problems.find((p) => p.code === 'grid-self-intersection') as
      { where?: { bbox: number[] }; feature?: string } | undefined;
    expect(problem?.feature).toBe('350102001001001');
    const centre = toLonLat(ORIGIN, 250, 250);
    expect(problem?.where?.bbox[0]).toBeCloseTo(centre.lon, 5);
    expect(problem?.where?.bbox[1]).toBeCloseTo(centre.lat, 5);
    expect(summary.rejected).toBeGreaterThanOrEqual(1);
  });

  it('rewinds a clockwise outer ring with a warning, and keeps a hole that lies inside', async () => {
    const grids = district();
    grids[4] = {
      ...grids[4]!,
      rings: [
        [...rectRing([0, 0, 500, 500])].reverse(),
        [...rectRing([100, 100, 200, 200])].reverse(),
      ],
    };
    const summary = await gridsImportKind.run(db, geoJsonFile(grids), options());
    expect(summary.problems.map((p) => [p.code, p.severity])).toEqual(
      expect.arrayContaining([
        ['grid-winding', 'warning'],
        ['grid-gap', 'warning'],
      ]),
    );
    expect(codesOf(summary)).not.toContain('grid-hole-outside');
    const stored = db.prepare("SELECT polygon FROM grids WHERE code = '350102001001001'").get() as {
      polygon: string;
    };
    const rings = (JSON.parse(stored.polygon) as { coordinates: number[][][] }).coordinates;
    expect(turf.booleanClockwise(rings[0]!)).toBe(false);
    expect(turf.booleanClockwise(rings[1]!)).toBe(true);
    // The hole is a 100 m square the community's children no longer cover.
    const gap = summary.problems.find((p) => p.code === 'grid-gap') as {
      where?: { areaM2: number };
    };
    expect(gap.where?.areaM2).toBeGreaterThan(9_900);
    expect(gap.where?.areaM2).toBeLessThan(10_100);
  });

  it('refuses a hole outside its outer ring', async () => {
    const grids = district();
    grids[4] = {
      ...grids[4]!,
      rings: [rectRing([0, 0, 500, 500]), [...rectRing([600, 100, 700, 200])].reverse()],
    };
    const summary = await gridsImportKind.run(db, geoJsonFile(grids), options());
    expect(codesOf(summary)).toContain('grid-hole-outside');
    expect(gridCount()).toBe(0);
  });

  it('finds a child reaching 20 m outside its parent, with the area', async () => {
    const grids = district();
    grids[4] = grid('350102001001001', '东一网格1', [-20, 0, 500, 500]);
    const summary = await gridsImportKind.run(db, geoJsonFile(grids), options());
    const outside = summary.problems.filter((p) => p.code === 'grid-outside-parent') as Array<{
      feature?: string;
      where?: { areaM2: number };
    }>;
    expect(outside.map((p) => p.feature)).toContain('350102001001001');
    const own = outside.find((p) => p.feature === '350102001001001')!;
    expect(own.where!.areaM2).toBeGreaterThan(9_900);
    expect(own.where!.areaM2).toBeLessThan(10_100);
  });

  it('lets boundaries disagree by less than the tolerance', async () => {
    const grids = district();
    grids[4] = grid('350102001001001', '东一网格1', [-0.4, 0, 500.3, 500]);
    const summary = await gridsImportKind.run(db, geoJsonFile(grids), options());
    expect(summary.problems).toEqual([]);
  });

  it('finds siblings overlapping by 10 m and the gap a 10 m shift leaves', async () => {
    const grids = district();
    grids[5] = grid('350102001001002', '东一网格2', [0, 490, 500, 1000]);
    grids[6] = grid('350102001002001', '东二网格1', [500, 0, 1000, 490]);
    const summary = await gridsImportKind.run(db, geoJsonFile(grids), options());
    const overlap = summary.problems.find((p) => p.code === 'grid-overlap') as {
      feature?: string;
      messageZh: string;
      where?: { areaM2: number; bbox: number[] };
    };
    expect(overlap.feature).toBe('350102001001001');
    expect(overlap.messageZh).toMatch(/350102001001002/);
    expect(overlap.where!.areaM2).toBeGreaterThan(4_900);
    expect(overlap.where!.areaM2).toBeLessThan(5_100);
    const gap = summary.problems.find((p) => p.code === 'grid-gap') as {
      where?: { areaM2: number };
    };
    expect(gap.where!.areaM2).toBeGreaterThan(4_900);
    expect(gap.where!.areaM2).toBeLessThan(5_100);
    // All or nothing: one overlap refuses the file.
    expect(summary).toMatchObject({ rows: 8, accepted: 0, rejected: 8 });
    expect(gridCount()).toBe(0);
  });

  it('checks overlaps against siblings already in the register', async () => {
    await gridsImportKind.run(db, geoJsonFile(district()), options());
    const newcomer = grid('350102001001003', '东一网格3', [400, 400, 500, 600]);
    const summary = await gridsImportKind.run(
      db,
      geoJsonFile([newcomer], 'one.geojson'),
      options(),
    );
    expect(codesOf(summary)).toContain('grid-overlap');
    expect(gridCount()).toBe(8);
  });

  it('asks for a mapping when it cannot find the code column, and uses one when given', async () => {
    const path = join(dir, 'odd.geojson');
    const features = district().map((g) => ({
      type: 'Feature',
      properties: { GRID_NO: g.code, TITLE: g.name },
      geometry: { type: 'Polygon', coordinates: g.rings },
    }));
    writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }));
    const unmapped = await gridsImportKind.run(db, path, options());
    expect(codesOf(unmapped)).toEqual(['grid-field-unmapped', 'grid-field-unmapped']);
    const mapped = await gridsImportKind.run(
      db,
      path,
      options({ mapping: { code: 'GRID_NO', name: 'TITLE' } }),
    );
    expect(mapped.problems).toEqual([]);
    expect(gridCount()).toBe(8);
  });

  it('says so when coordinates land outside China (a wrong stated system)', async () => {
    const summary = await gridsImportKind.run(
      db,
      geoJsonFile(district()),
      options({ crs: 'cgcs2000-gk3:40' }),
    );
    expect(codesOf(summary)[0]).toBe('grid-coordinates-out-of-range');
    expect(gridCount()).toBe(0);
  });

  it('reports an unreadable file as a problem', async () => {
    const path = join(dir, 'broken.geojson');
    writeFileSync(path, '{"type": "FeatureCollection", "features": [');
    const summary = await gridsImportKind.run(db, path, options());
    expect(summary.problems).toHaveLength(1);
    expect(summary.problems[0]).toMatchObject({ code: 'grid-file-unreadable', row: null });
  });
});
