/**
 * Reads footprint features from GeoJSON (or a zipped Shapefile with its .dbf, .prj and .cpg) and
 * the optional unit table beside it, converting every position into WGS84 from the stated
 * coordinate system. Geometry that cannot be used becomes `rings: null` with a problem, so the
 * feature is still listed by its properties.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import * as shapefile from 'shapefile';
import yauzl from 'yauzl';
import { toWgs84, type Crs } from '../../../domain/geo/crs';
import type { ImportProblem } from '../importKind';
import type { FootprintFeature, UnitTableRow } from './plannedBuilding';

export interface FootprintFile {
  features: FootprintFeature[];
  propertyNames: Set<string>;
  /** Unit table rows by building key (id, or name|address). */
  unitRows: Map<string, UnitTableRow[]>;
  problems: ImportProblem[];
}

function fileProblem(code: string, messageZh: string, messageEn: string): ImportProblem {
  return { row: null, code, messageZh, messageEn, severity: 'error' };
}

function convertRing(ring: unknown, crs: Crs): [number, number][] | null {
  if (!Array.isArray(ring)) return null;
  const points: [number, number][] = [];
  for (const position of ring) {
    if (!Array.isArray(position) || position.length < 2) return null;
    const [x, y] = position as number[];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
    const [lon, lat] = toWgs84(crs, x!, y!);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90)
      return null;
    const last = points[points.length - 1];
    if (!last || last[0] !== lon || last[1] !== lat) points.push([lon, lat]);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first![0] === last![0] && first![1] === last![1]) points.pop();
  return points;
}

function ringsOf(
  geometry: unknown,
  crs: Crs,
  index: number,
  problems: ImportProblem[],
): [number, number][][] | null {
  const value = geometry as { type?: string; coordinates?: unknown } | null;
  let polygon: unknown = null;
  if (value?.type === 'Polygon') polygon = value.coordinates;
  else if (value?.type === 'MultiPolygon' && Array.isArray(value.coordinates)) {
    if (value.coordinates.length === 1) polygon = value.coordinates[0];
    else {
      problems.push({
        row: index,
        code: 'multipart-footprint',
        messageZh: `多部件轮廓（${value.coordinates.length} 个面）：请把每栋楼拆成单独的要素`,
        messageEn: `multi-part footprint (${value.coordinates.length} polygons): give each building its own feature`,
        severity: 'error',
      });
      return null;
    }
  }
  if (!Array.isArray(polygon)) return null;
  const rings: [number, number][][] = [];
  for (const ring of polygon) {
    let converted: [number, number][] | null;
    try {
      converted = convertRing(ring, crs);
    } catch (error) {
      problems.push({
        row: index,
        code: 'coordinate-conversion',
        messageZh: `坐标无法按所述坐标系转换：${(error as Error).message}`,
        messageEn: `coordinates do not convert from the stated system: ${(error as Error).message}`,
        severity: 'error',
      });
      return null;
    }
    if (!converted) {
      problems.push({
        row: index,
        code: 'coordinate-invalid',
        messageZh: '坐标不是有效的数字对，或超出经纬度范围（坐标系是否选对？）',
        messageEn:
          'coordinates are not valid number pairs or fall outside lon/lat ranges (is the coordinate system right?)',
        severity: 'error',
      });
      return null;
    }
    rings.push(converted);
  }
  return rings;
}

function readUnitTable(csvText: string, file: FootprintFile): void {
  const parsed = Papa.parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  const fields = parsed.meta.fields ?? [];
  const pick = (candidates: string[]) =>
    fields.find((name) => candidates.includes(name.trim().toLowerCase()));
  const buildingColumn = pick(['building', 'building_id', 'id', '楼栋', '楼栋编号', '建筑编号']);
  const floorColumn = pick(['floor', '楼层', '层']);
  const roomColumn = pick(['room', 'room_label', '房号', '室号', '门牌']);
  if (!buildingColumn || !floorColumn || !roomColumn) {
    file.problems.push(
      fileProblem(
        'unit-table-columns',
        '户表需要列：楼栋编号(building)、楼层(floor)、房号(room)',
        'the unit table needs columns building, floor and room (楼栋编号, 楼层, 房号)',
      ),
    );
    return;
  }
  parsed.data.forEach((record, index) => {
    const row = index + 1;
    const building = (record[buildingColumn] ?? '').trim();
    const floor = Number((record[floorColumn] ?? '').trim());
    const room = (record[roomColumn] ?? '').trim();
    if (!building || !room || !Number.isInteger(floor)) {
      file.problems.push({
        row,
        column: !building ? buildingColumn : !room ? roomColumn : floorColumn,
        code: 'unit-row-invalid',
        messageZh: `户表第 ${row} 行：楼栋编号、房号不能为空，楼层须为整数`,
        messageEn: `unit table row ${row}: building and room must not be empty, floor must be a whole number`,
        severity: 'error',
      });
      return;
    }
    const rows = file.unitRows.get(building) ?? [];
    rows.push({ row, building, floor, room });
    file.unitRows.set(building, rows);
  });
}

function collectFeature(
  file: FootprintFile,
  properties: Record<string, unknown> | null,
  geometry: unknown,
  crs: Crs,
): void {
  const index = file.features.length + 1;
  const props = properties ?? {};
  for (const name of Object.keys(props)) file.propertyNames.add(name);
  file.features.push({
    index,
    properties: props,
    rings: ringsOf(geometry, crs, index, file.problems),
  });
}

function readGeoJson(text: string, crs: Crs, file: FootprintFile): void {
  let json: { type?: string; features?: unknown };
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof json;
  } catch (error) {
    file.problems.push(
      fileProblem(
        'geojson-invalid',
        `不是有效的 GeoJSON：${(error as Error).message}`,
        `not valid GeoJSON: ${(error as Error).message}`,
      ),
    );
    return;
  }
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    file.problems.push(
      fileProblem(
        'geojson-not-collection',
        '需要 GeoJSON FeatureCollection',
        'a GeoJSON FeatureCollection is expected',
      ),
    );
    return;
  }
  for (const feature of json.features as {
    properties?: Record<string, unknown>;
    geometry?: unknown;
  }[]) {
    collectFeature(file, feature?.properties ?? null, feature?.geometry ?? null, crs);
  }
}

function readZipEntries(zipPath: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error('cannot open zip'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream)
            return reject(streamError ?? new Error('cannot read zip entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function readZip(zipPath: string, crs: Crs, file: FootprintFile): Promise<void> {
  let entries: Map<string, Buffer>;
  try {
    entries = await readZipEntries(zipPath);
  } catch (error) {
    file.problems.push(
      fileProblem(
        'zip-invalid',
        `无法读取 zip：${(error as Error).message}`,
        `cannot read the zip: ${(error as Error).message}`,
      ),
    );
    return;
  }
  const find = (ending: string) =>
    [...entries.keys()].find((name) => name.toLowerCase().endsWith(ending));
  const unitsName = find('.csv');
  if (unitsName) readUnitTable(entries.get(unitsName)!.toString('utf8'), file);
  const geojsonName = find('.geojson') ?? find('.json');
  if (geojsonName) return readGeoJson(entries.get(geojsonName)!.toString('utf8'), crs, file);
  const shpName = find('.shp');
  const dbfName = find('.dbf');
  if (!shpName || !dbfName) {
    file.problems.push(
      fileProblem(
        'zip-no-footprints',
        'zip 中没有 .geojson，也没有成对的 .shp/.dbf',
        'the zip holds no .geojson and no .shp with its .dbf',
      ),
    );
    return;
  }
  const cpgName = find('.cpg');
  const cpg = cpgName ? entries.get(cpgName)!.toString('latin1').trim().toLowerCase() : '';
  // Chinese Shapefiles without a .cpg are GBK far more often than UTF-8.
  const encoding =
    cpg === '' || /gbk|936|gb2312|gb18030/.test(cpg)
      ? 'gbk'
      : /utf-?8|65001/.test(cpg)
        ? 'utf-8'
        : cpg;
  if (!iconv.encodingExists(encoding)) {
    file.problems.push(
      fileProblem(
        'cpg-unknown',
        `.cpg 中的编码 ${cpg} 无法识别`,
        `the .cpg encoding ${cpg} is not known`,
      ),
    );
    return;
  }
  const source = await shapefile.openShp(entries.get(shpName)!);
  const dbf = await shapefile.openDbf(entries.get(dbfName)!, { encoding });
  for (;;) {
    const [shape, record] = await Promise.all([source.read(), dbf.read()]);
    if (shape.done) break;
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries((record.value ?? {}) as Record<string, unknown>)) {
      properties[key.trim()] = typeof value === 'string' ? value.trim() : value;
    }
    collectFeature(file, properties, shape.value, crs);
  }
}

export async function readFootprints(filePath: string, crs: Crs): Promise<FootprintFile> {
  const file: FootprintFile = {
    features: [],
    propertyNames: new Set(),
    unitRows: new Map(),
    problems: [],
  };
  const ending = extname(filePath).toLowerCase();
  if (ending === '.zip') {
    await readZip(filePath, crs, file);
    return file;
  }
  readGeoJson(readFileSync(filePath, 'utf8'), crs, file);
  // A unit table beside the file (footprints.geojson → footprints.units.csv) sets layouts.
  const unitsPath = join(dirname(filePath), `${basename(filePath, extname(filePath))}.units.csv`);
  if (existsSync(unitsPath)) readUnitTable(readFileSync(unitsPath, 'utf8'), file);
  return file;
}
