/**
 * Test fixtures for footprint imports: a one-grid register and footprints drawn in metres
 * around a point in Fuzhou (rectangle, L, U, courtyard with a hole), written as GeoJSON.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromWgs84, type Crs } from '../../../domain/geo/crs';
import { toLonLat } from '../../../domain/geo/localFrame';
import type { LonLat } from '../../../domain/registry';
import { openDatabase, type SqliteDatabase } from '../../store/openDatabase';

export const KIT_CENTRE: LonLat = { lon: 119.296, lat: 26.08 };
export const KIT_GRID = '350102001001001';

export const SHAPES: Record<string, number[][][]> = {
  slab: [
    [
      [-100, -100],
      [-40, -100],
      [-40, -88],
      [-100, -88],
    ],
  ],
  ell: [
    [
      [0, -100],
      [40, -100],
      [40, -88],
      [12, -88],
      [12, -60],
      [0, -60],
    ],
  ],
  you: [
    [
      [60, -100],
      [100, -100],
      [100, -70],
      [88, -70],
      [88, -88],
      [72, -88],
      [72, -70],
      [60, -70],
    ],
  ],
  court: [
    [
      [-100, 0],
      [-60, 0],
      [-60, 40],
      [-100, 40],
    ],
    [
      [-90, 10],
      [-90, 30],
      [-70, 30],
      [-70, 10],
    ],
  ],
};

/** A register with the district, one street, one community and one base grid 600 m wide. */
export function kitDatabase(): { db: SqliteDatabase; dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'footprints-'));
  const dbPath = join(dir, 'district.sqlite');
  const db = openDatabase(dbPath);
  const square = (halfM: number) => {
    const ring = [
      [-halfM, -halfM],
      [halfM, -halfM],
      [halfM, halfM],
      [-halfM, halfM],
      [-halfM, -halfM],
    ].map(([east, north]) => {
      const point = toLonLat(KIT_CENTRE, east!, north!);
      return [point.lon, point.lat];
    });
    return JSON.stringify({ type: 'Polygon', coordinates: [ring] });
  };
  const insert = db.prepare(
    'INSERT INTO grids (code, parent_code, level, name, name_en, polygon, center_lon, center_lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  insert.run('350102', null, 1, '鼓楼区', 'Gulou', square(300), KIT_CENTRE.lon, KIT_CENTRE.lat);
  insert.run(
    '350102001',
    '350102',
    2,
    '街道',
    'Street',
    square(300),
    KIT_CENTRE.lon,
    KIT_CENTRE.lat,
  );
  insert.run(
    '350102001001',
    '350102001',
    3,
    '社区',
    'Community',
    square(300),
    KIT_CENTRE.lon,
    KIT_CENTRE.lat,
  );
  insert.run(
    KIT_GRID,
    '350102001001',
    4,
    '网格',
    'Grid',
    square(300),
    KIT_CENTRE.lon,
    KIT_CENTRE.lat,
  );
  return { db, dir, dbPath };
}

/** Metres around KIT_CENTRE into `crs` positions, rings closed as GeoJSON wants. */
export function ringsIn(
  rings: number[][][],
  crs: Crs = 'wgs84',
  centre: LonLat = KIT_CENTRE,
): number[][][] {
  return rings.map((ring) => {
    const closed = [...ring, ring[0]!];
    return closed.map(([east, north]) => {
      const point = toLonLat(centre, east!, north!);
      return fromWgs84(crs, point.lon, point.lat);
    });
  });
}

export function footprintFeature(
  properties: Record<string, unknown>,
  rings: number[][][] | null,
  crs: Crs = 'wgs84',
): GeoJSON.Feature {
  return {
    type: 'Feature',
    properties,
    geometry:
      rings === null
        ? (null as unknown as GeoJSON.Polygon)
        : { type: 'Polygon', coordinates: ringsIn(rings, crs) },
  };
}

export function writeFootprints(dir: string, name: string, features: GeoJSON.Feature[]): string {
  const path = join(dir, `${name}.geojson`);
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }));
  return path;
}

/** The four shapes with Chinese field names, as a survey export would carry them. */
export function fourBuildings(crs: Crs = 'wgs84', floors = 6): GeoJSON.Feature[] {
  return [
    footprintFeature(
      { 楼栋编号: 'B1', 名称: '一号楼', 地址: '测试路1号', 层数: floors, 每层户数: 4 },
      SHAPES.slab!,
      crs,
    ),
    footprintFeature(
      { 楼栋编号: 'B2', 名称: '二号楼', 地址: '测试路2号', 层数: floors, 每层户数: 4 },
      SHAPES.ell!,
      crs,
    ),
    footprintFeature(
      { 楼栋编号: 'B3', 名称: '三号楼', 地址: '测试路3号', 层数: floors, 每层户数: 6 },
      SHAPES.you!,
      crs,
    ),
    footprintFeature(
      {
        楼栋编号: 'B4',
        名称: '四号楼',
        地址: '测试路4号',
        高度: 24,
        层高: 3,
        每层户数: 8,
        基底高度: 5,
      },
      SHAPES.court!,
      crs,
    ),
  ];
}

/** A minimal polygon Shapefile (.shp) of closed rings in file coordinates; outer rings clockwise. */
export function shpOf(polygons: number[][][][]): Buffer {
  const records: Buffer[] = [];
  const all = polygons.flat(2);
  const bbox = [
    Math.min(...all.map((point) => point[0]!)),
    Math.min(...all.map((point) => point[1]!)),
    Math.max(...all.map((point) => point[0]!)),
    Math.max(...all.map((point) => point[1]!)),
  ];
  polygons.forEach((rings, index) => {
    // Shapefile outer rings run clockwise, holes counter-clockwise: the reverse of GeoJSON.
    const oriented = rings.map((ring) => [...ring].reverse());
    const points = oriented.flat();
    const content = Buffer.alloc(44 + 4 * oriented.length + 16 * points.length);
    content.writeInt32LE(5, 0);
    const xs = points.map((point) => point[0]!);
    const ys = points.map((point) => point[1]!);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((value, slot) =>
      content.writeDoubleLE(value, 4 + slot * 8),
    );
    content.writeInt32LE(oriented.length, 36);
    content.writeInt32LE(points.length, 40);
    let start = 0;
    oriented.forEach((ring, part) => {
      content.writeInt32LE(start, 44 + part * 4);
      start += ring.length;
    });
    const pointsAt = 44 + 4 * oriented.length;
    points.forEach((point, slot) => {
      content.writeDoubleLE(point[0]!, pointsAt + slot * 16);
      content.writeDoubleLE(point[1]!, pointsAt + slot * 16 + 8);
    });
    const header = Buffer.alloc(8);
    header.writeInt32BE(index + 1, 0);
    header.writeInt32BE(content.length / 2, 4);
    records.push(header, content);
  });
  const body = Buffer.concat(records);
  const head = Buffer.alloc(100);
  head.writeInt32BE(9994, 0);
  head.writeInt32BE((100 + body.length) / 2, 24);
  head.writeInt32LE(1000, 28);
  head.writeInt32LE(5, 32);
  bbox.forEach((value, slot) => head.writeDoubleLE(value, 36 + slot * 8));
  return Buffer.concat([head, body]);
}

/** A dBASE III table of text fields, names and values encoded by `encode` (e.g. GBK). */
export function dbfOf(
  fields: readonly string[],
  rows: readonly (readonly string[])[],
  encode: (text: string) => Buffer,
): Buffer {
  const FIELD_BYTES = 40;
  const header = Buffer.alloc(32);
  header.writeUInt8(0x03, 0);
  header.writeUInt8(126, 1);
  header.writeUInt8(1, 2);
  header.writeUInt8(1, 3);
  header.writeUInt32LE(rows.length, 4);
  header.writeUInt16LE(32 + 32 * fields.length + 1, 8);
  header.writeUInt16LE(1 + FIELD_BYTES * fields.length, 10);
  const descriptors = fields.map((name) => {
    const descriptor = Buffer.alloc(32);
    encode(name).copy(descriptor, 0, 0, 10);
    descriptor.write('C', 11, 'ascii');
    descriptor.writeUInt8(FIELD_BYTES, 16);
    return descriptor;
  });
  const records = rows.map((row) => {
    const record = Buffer.alloc(1 + FIELD_BYTES * fields.length, 0x20);
    row.forEach((value, column) => encode(value).copy(record, 1 + column * FIELD_BYTES));
    return record;
  });
  return Buffer.concat([
    header,
    ...descriptors,
    Buffer.from([0x0d]),
    ...records,
    Buffer.from([0x1a]),
  ]);
}
