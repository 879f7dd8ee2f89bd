/**
 * Writes polygon Shapefiles (.shp, .shx, .dbf, .prj, .cpg) and a stored zip around them, for the
 * grid import's tests and the sample files: no library in the project writes either, and both
 * formats are small enough to write exactly (ESRI Shapefile Technical Description 1998; PKWARE
 * APPNOTE for the zip). Output is deterministic: fixed dates, no compression.
 */
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';

export interface ShapefilePolygon {
  /** Rings of lon/lat or easting/northing; the first of each polygon is its outer ring. */
  polygons: number[][][][];
  attributes: Record<string, string>;
}

export interface ShapefileLayer {
  name: string;
  fields: ReadonlyArray<{ name: string; length: number }>;
  features: readonly ShapefilePolygon[];
  prj?: string;
  /** Text encoding of the .dbf and the .cpg's content; GBK unless stated. */
  encoding?: 'gbk' | 'utf8';
  /** Leave the .cpg out (older ArcGIS exports): the reader must cope. */
  withoutCpg?: boolean;
}

const SHAPE_POLYGON = 5;

function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i += 1) {
    sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  }
  return sum / 2;
}

/** Shapefile rings: outer clockwise, holes counter-clockwise (the opposite of GeoJSON). */
function shapefileRings(polygons: number[][][][]): number[][][] {
  const rings: number[][][] = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      const clockwise = signedArea(ring) < 0;
      const wantClockwise = index === 0;
      rings.push(clockwise === wantClockwise ? ring : [...ring].reverse());
    });
  }
  return rings;
}

function bboxOf(points: number[][]): [number, number, number, number] {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function writeShp(features: readonly ShapefilePolygon[]): { shp: Buffer; shx: Buffer } {
  const records: Buffer[] = [];
  const allPoints: number[][] = [];
  for (const [index, feature] of features.entries()) {
    const rings = shapefileRings(feature.polygons);
    const points = rings.flat();
    allPoints.push(...points);
    const content = Buffer.alloc(44 + 4 * rings.length + 16 * points.length);
    content.writeInt32LE(SHAPE_POLYGON, 0);
    bboxOf(points).forEach((value, i) => content.writeDoubleLE(value, 4 + 8 * i));
    content.writeInt32LE(rings.length, 36);
    content.writeInt32LE(points.length, 40);
    let start = 0;
    rings.forEach((ring, i) => {
      content.writeInt32LE(start, 44 + 4 * i);
      start += ring.length;
    });
    points.forEach((point, i) => {
      const at = 44 + 4 * rings.length + 16 * i;
      content.writeDoubleLE(point[0]!, at);
      content.writeDoubleLE(point[1]!, at + 8);
    });
    const header = Buffer.alloc(8);
    header.writeInt32BE(index + 1, 0);
    header.writeInt32BE(content.length / 2, 4);
    records.push(header, content);
  }
  const body = Buffer.concat(records);
  const fileHeader = (lengthBytes: number): Buffer => {
    const header = Buffer.alloc(100);
    header.writeInt32BE(9994, 0);
    header.writeInt32BE(lengthBytes / 2, 24);
    header.writeInt32LE(1000, 28);
    header.writeInt32LE(SHAPE_POLYGON, 32);
    const box = allPoints.length > 0 ? bboxOf(allPoints) : [0, 0, 0, 0];
    box.forEach((value, i) => header.writeDoubleLE(value, 36 + 8 * i));
    return header;
  };
  const shx = Buffer.alloc(8 * features.length);
  let offset = 100;
  for (let i = 0; i < features.length; i += 1) {
    const contentLength = records[2 * i + 1]!.length;
    shx.writeInt32BE(offset / 2, 8 * i);
    shx.writeInt32BE(contentLength / 2, 8 * i + 4);
    offset += 8 + contentLength;
  }
  return {
    shp: Buffer.concat([fileHeader(100 + body.length), body]),
    shx: Buffer.concat([fileHeader(100 + shx.length), shx]),
  };
}

export function writeDbf(
  fields: ShapefileLayer['fields'],
  rows: readonly Record<string, string>[],
  encoding: 'gbk' | 'utf8',
): Buffer {
  const recordLength = 1 + fields.reduce((sum, field) => sum + field.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const header = Buffer.alloc(headerLength);
  header.writeUInt8(0x03, 0);
  header.writeUInt8(126, 1); // 2026-01-01: a fixed date keeps the file deterministic
  header.writeUInt8(1, 2);
  header.writeUInt8(1, 3);
  header.writeUInt32LE(rows.length, 4);
  header.writeUInt16LE(headerLength, 8);
  header.writeUInt16LE(recordLength, 10);
  header.writeUInt8(encoding === 'gbk' ? 0x4d : 0x00, 29);
  fields.forEach((field, i) => {
    const at = 32 + 32 * i;
    iconv.encode(field.name, encoding).copy(header, at, 0, 10);
    header.write('C', at + 11, 'latin1');
    header.writeUInt8(field.length, at + 16);
  });
  header.writeUInt8(0x0d, headerLength - 1);
  const records = rows.map((row) => {
    const record = Buffer.alloc(recordLength, 0x20);
    let at = 1;
    for (const field of fields) {
      iconv.encode(row[field.name] ?? '', encoding).copy(record, at, 0, field.length);
      at += field.length;
    }
    return record;
  });
  return Buffer.concat([header, ...records, Buffer.from([0x1a])]);
}

/** The files of one layer, by name. */
export function shapefileLayerFiles(layer: ShapefileLayer): Map<string, Buffer> {
  const encoding = layer.encoding ?? 'gbk';
  const { shp, shx } = writeShp(layer.features);
  const files = new Map<string, Buffer>([
    [`${layer.name}.shp`, shp],
    [`${layer.name}.shx`, shx],
    [
      `${layer.name}.dbf`,
      writeDbf(
        layer.fields,
        layer.features.map((f) => f.attributes),
        encoding,
      ),
    ],
  ]);
  if (layer.prj !== undefined) files.set(`${layer.name}.prj`, Buffer.from(layer.prj, 'utf8'));
  if (!layer.withoutCpg)
    files.set(`${layer.name}.cpg`, Buffer.from(encoding === 'gbk' ? 'GBK' : 'UTF-8'));
  return files;
}

/** A zip of the files, stored (no compression), with a fixed time stamp. */
export function storedZip(files: ReadonlyMap<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const DOS_TIME = 0;
  const DOS_DATE = (2026 - 1980) * 512 + 1 * 32 + 1;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

export function zippedShapefiles(layers: readonly ShapefileLayer[]): Buffer {
  const files = new Map<string, Buffer>();
  for (const layer of layers)
    for (const [name, data] of shapefileLayerFiles(layer)) files.set(name, data);
  return storedZip(files);
}
