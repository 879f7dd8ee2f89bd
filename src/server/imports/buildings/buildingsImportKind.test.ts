import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../../domain/geo/crs';
import { isPointInRing } from '../../../domain/geo/planarGeometry';
import { findImportKind } from '../importKinds';
import type { ImportOptions } from '../importKind';
import {
  KIT_CENTRE,
  SHAPES,
  dbfOf,
  footprintFeature,
  ringsIn,
  shpOf,
  fourBuildings,
  kitDatabase,
  writeFootprints,
} from './footprintTestKit';
import { polygonAreaM2, type PolygonRings } from './splitFootprint';

const kind = findImportKind('buildings')!;
const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  crs: 'wgs84',
  dryRun: false,
  actor: 'admin',
  ...overrides,
});

function count(db: ReturnType<typeof kitDatabase>['db'], table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('buildings import kind', () => {
  it('is registered and maps Chinese columns without a mapping', async () => {
    expect(kind.name).toBe('buildings');
    const { db, dir } = kitDatabase();
    const path = writeFootprints(dir, 'four', fourBuildings());
    const summary = await kind.run(db, path, options({ dryRun: true }));
    expect(summary.mapping).toMatchObject({
      id: '楼栋编号',
      floors: '层数',
      unitsPerFloor: '每层户数',
      height: '高度',
    });
    expect(summary.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('dry run lists what would change and writes nothing', async () => {
    const { db, dir } = kitDatabase();
    const path = writeFootprints(dir, 'four', fourBuildings());
    const summary = await kind.run(db, path, options({ dryRun: true }));
    expect(summary).toMatchObject({ rows: 4, accepted: 4, rejected: 0, dryRun: true });
    expect(summary.changes.created).toBe(4);
    expect(count(db, 'buildings')).toBe(0);
    expect(count(db, 'units')).toBe(0);
    expect(count(db, 'audit_log')).toBe(0);
  });

  it('splits rectangle, L, U and courtyard footprints into units per floor, each its own piece', async () => {
    const { db, dir } = kitDatabase();
    const path = writeFootprints(dir, 'four', fourBuildings());
    const summary = await kind.run(db, path, options());
    expect(summary.changes.created).toBe(4);
    const buildings = db
      .prepare(
        'SELECT b.id, b.kind, b.floors, b.units_per_floor, s.source_key, s.base_height_m FROM buildings b JOIN building_sources s ON s.building_id = b.id ORDER BY s.source_key',
      )
      .all() as {
      id: number;
      kind: string;
      floors: number;
      units_per_floor: number;
      source_key: string;
      base_height_m: number;
    }[];
    expect(
      buildings.map((row) => [row.source_key, row.kind, row.floors, row.units_per_floor]),
    ).toEqual([
      ['B1', 'slab', 6, 4],
      ['B2', 'l_shape', 6, 4],
      ['B3', 'l_shape', 6, 6],
      ['B4', 'courtyard', 8, 8],
    ]);
    expect(buildings[3]!.base_height_m).toBe(5);
    expect(count(db, 'units')).toBe(6 * 4 + 6 * 4 + 6 * 6 + 8 * 8);
    expect(count(db, 'unit_shapes')).toBe(count(db, 'units'));
    // The courtyard's units cover its ring and leave the hole open.
    const court = buildings[3]!;
    const shapes = db
      .prepare(
        'SELECT s.rings FROM unit_shapes s JOIN units u ON u.id = s.unit_id WHERE u.building_id = ? AND u.floor = 1',
      )
      .all(court.id) as { rings: string }[];
    const rings = shapes.map((row) => JSON.parse(row.rings) as PolygonRings);
    const total = rings.reduce((sum, piece) => sum + polygonAreaM2(piece), 0);
    expect(total).toBeCloseTo(40 * 40 - 20 * 20, 0);
    const origin = db
      .prepare('SELECT origin_lon, origin_lat FROM buildings WHERE id = ?')
      .get(court.id) as { origin_lon: number; origin_lat: number };
    expect(origin).toBeDefined();
    // The courtyard centre (the building origin, at the hole's middle) lies in no unit.
    expect(rings.some((piece) => isPointInRing([0, 0], piece[0]!))).toBe(false);
    const audit = db
      .prepare('SELECT username, action, target_type, fields FROM audit_log')
      .all() as Record<string, string>[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      username: 'admin',
      action: 'import',
      target_type: 'buildings',
    });
  });

  it('lists every problem of every bad feature and still imports the good ones', async () => {
    const { db, dir } = kitDatabase();
    const bowtie = [
      [
        [0, 0],
        [20, 20],
        [20, 0],
        [0, 20],
      ],
    ];
    const features = [
      ...fourBuildings().slice(0, 1),
      footprintFeature({ 楼栋编号: 'X1', 层数: 5 }, bowtie),
      footprintFeature({ 楼栋编号: 'X2' }, SHAPES.ell!),
      footprintFeature({ 楼栋编号: 'X3', 层数: 150, 每层户数: 'many' }, SHAPES.you!),
      footprintFeature({ 楼栋编号: 'X4', 层数: 3 }, [
        [
          [2000, 2000],
          [2030, 2000],
          [2030, 2012],
          [2000, 2012],
        ],
      ]),
      footprintFeature({ 楼栋编号: 'B1', 层数: 3 }, SHAPES.court!),
      footprintFeature({ 楼栋编号: 'X5', 层数: 3 }, null),
    ];
    const path = writeFootprints(dir, 'bad', features);
    const summary = await kind.run(db, path, options());
    const codes = summary.problems.map((problem) => [
      problem.row,
      problem.feature ?? '',
      problem.code,
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        [2, 'X1', 'self-intersection'],
        [3, 'X2', 'floors-missing'],
        [4, 'X3', 'not-a-number'],
        [4, 'X3', 'floors-range'],
        [5, 'X4', 'outside-grids'],
        [6, 'B1', 'building-key-duplicate'],
        [7, 'X5', 'geometry-missing'],
      ]),
    );
    for (const problem of summary.problems) {
      expect(problem.messageZh.length).toBeGreaterThan(0);
      expect(problem.messageEn.length).toBeGreaterThan(0);
    }
    expect(summary).toMatchObject({ rows: 7, accepted: 1, rejected: 6 });
    expect(count(db, 'buildings')).toBe(1);
  });

  it('a unit table beside the file sets the rooms of the floors it names exactly', async () => {
    const { db, dir } = kitDatabase();
    const path = writeFootprints(dir, 'table', fourBuildings().slice(0, 1));
    writeFileSync(
      join(dir, 'table.units.csv'),
      '楼栋编号,楼层,房号\nB1,1,商铺A\nB1,1,商铺B\nB1,6,601\nB1,6,602\nB1,6,603\n',
    );
    const summary = await kind.run(db, path, options());
    expect(summary.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const rows = db
      .prepare('SELECT floor, unit_no, room_label FROM units ORDER BY floor, unit_no')
      .all() as {
      floor: number;
      unit_no: number;
      room_label: string;
    }[];
    expect(rows.filter((row) => row.floor === 1).map((row) => row.room_label)).toEqual([
      '商铺A',
      '商铺B',
    ]);
    expect(rows.filter((row) => row.floor === 6).map((row) => row.room_label)).toEqual([
      '601',
      '602',
      '603',
    ]);
    expect(rows.filter((row) => row.floor === 3).map((row) => row.room_label)).toEqual([
      '301',
      '302',
      '303',
      '304',
    ]);
  });

  it('unit table rows for a building not in the file are listed', async () => {
    const { db, dir } = kitDatabase();
    const path = writeFootprints(dir, 'orphan', fourBuildings().slice(0, 1));
    writeFileSync(join(dir, 'orphan.units.csv'), 'building,floor,room\nNOPE,1,101\nB1,9,901\n');
    const summary = await kind.run(db, path, options());
    expect(summary.problems.map((problem) => problem.code)).toEqual(
      expect.arrayContaining(['unit-building-unknown', 'unit-floor-range']),
    );
  });

  it('re-import is idempotent, updates only what changed, and never orphans households', async () => {
    const { db, dir } = kitDatabase();
    const path = writeFootprints(dir, 'first', fourBuildings());
    await kind.run(db, path, options());
    const unitsBefore = count(db, 'units');
    const again = await kind.run(db, path, options());
    expect(again.changes).toEqual({ created: 0, updated: 0, moved: 0, unchanged: 4 });
    expect(count(db, 'units')).toBe(unitsBefore);

    const taller = fourBuildings();
    (taller[0]!.properties as Record<string, unknown>)['层数'] = 8;
    const tallerPath = writeFootprints(dir, 'taller', taller);
    const grown = await kind.run(db, tallerPath, options());
    expect(grown.changes).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(count(db, 'units')).toBe(unitsBefore + 2 * 4);

    // A household on floor 8 of B1: a file that takes floor 8 away is refused for B1.
    const unit = db
      .prepare(
        "SELECT u.id FROM units u JOIN building_sources s ON s.building_id = u.building_id WHERE s.source_key = 'B1' AND u.floor = 8 LIMIT 1",
      )
      .get() as { id: number };
    db.prepare("INSERT INTO households (unit_id, type) VALUES (?, 'registered')").run(unit.id);
    const shrunk = await kind.run(db, path, options());
    expect(shrunk.problems.map((problem) => [problem.feature, problem.code])).toContainEqual([
      'B1',
      'units-with-households-removed',
    ]);
    expect(count(db, 'units')).toBe(unitsBefore + 2 * 4);
  });

  it('reads GCJ-02 coordinates into WGS84', async () => {
    const { db, dir } = kitDatabase();
    const path = writeFootprints(dir, 'gcj', fourBuildings('gcj02').slice(0, 1));
    const summary = await kind.run(db, path, options({ crs: 'gcj02' }));
    expect(summary.accepted).toBe(1);
    const origin = db.prepare('SELECT origin_lon, origin_lat FROM buildings').get() as {
      origin_lon: number;
      origin_lat: number;
    };
    const [lon, lat] = fromWgs84('wgs84', origin.origin_lon, origin.origin_lat);
    // The slab is centred 70 m west and 94 m south of the kit centre, in WGS84.
    expect(Math.abs(lon - (119.296 - 70 / 99_950))).toBeLessThan(2e-5);
    expect(Math.abs(lat - (26.08 - 94 / 110_760))).toBeLessThan(2e-5);
  });
});

describe('buildings import kind from a zipped Shapefile', () => {
  it('reads GBK field names and values (.cpg), Gauss-Krüger coordinates and a unit table in the zip', async () => {
    const { db, dir } = kitDatabase();
    const crs = 'cgcs2000-gk3:40' as const;
    const shp = shpOf([ringsIn(SHAPES.ell!, crs), ringsIn(SHAPES.court!, crs)]);
    const dbf = dbfOf(
      ['楼栋编号', '名称', '层数', '每层户数'],
      [
        ['G1', '鼓楼一座', '5', '3'],
        ['G2', '天井楼', '4', '6'],
      ],
      (text) => iconv.encode(text, 'gbk'),
    );
    const zip = new JSZip();
    zip.file('footprints/楼栋.shp', shp);
    zip.file('footprints/楼栋.dbf', dbf);
    zip.file('footprints/楼栋.cpg', 'GBK');
    zip.file('footprints/units.csv', 'building,floor,room\nG1,1,商铺\n');
    const zipPath = join(dir, 'footprints.zip');
    writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer' }));
    const summary = await kind.run(db, zipPath, options({ crs }));
    expect(summary.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(summary.mapping).toMatchObject({ id: '楼栋编号', name: '名称', floors: '层数' });
    const rows = db
      .prepare(
        'SELECT b.name, b.kind, COUNT(u.id) AS units FROM buildings b JOIN units u ON u.building_id = b.id GROUP BY b.id ORDER BY b.name',
      )
      .all();
    expect(rows).toEqual([
      { name: '天井楼', kind: 'courtyard', units: 4 * 6 },
      { name: '鼓楼一座', kind: 'l_shape', units: 1 + 4 * 3 },
    ]);
    // Placed where the Gauss-Krüger coordinates say: inside the kit's grid, near its centre.
    const origin = db
      .prepare("SELECT origin_lon, origin_lat FROM buildings WHERE name = '天井楼'")
      .get() as {
      origin_lon: number;
      origin_lat: number;
    };
    expect(Math.abs(origin.origin_lon - (KIT_CENTRE.lon - 80 / 99_950))).toBeLessThan(2e-5);
    expect(Math.abs(origin.origin_lat - (KIT_CENTRE.lat + 20 / 110_760))).toBeLessThan(2e-5);
  });
});

describe('buildings import kind on many small footprints', () => {
  it('cuts every one (nearly coincident clip points are snapped, not a crash)', async () => {
    const { db, dir } = kitDatabase();
    const names = Object.keys(SHAPES);
    const features = Array.from({ length: 200 }, (_, index) => {
      const shape = SHAPES[names[index % names.length]!]!;
      const dx = (index % 10) * 25 - 150;
      const dy = Math.floor(index / 10) * 12 - 120;
      return footprintFeature(
        { id: `M${index}`, floors: 3, units_per_floor: 2 + (index % 7) },
        shape.map((ring) => ring.map(([x, y]) => [x! / 5 + dx, y! / 5 + dy])),
      );
    });
    const summary = await kind.run(
      db,
      writeFootprints(dir, 'many', features),
      options({ dryRun: true }),
    );
    expect(summary.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(summary.accepted).toBe(200);
  });
});
