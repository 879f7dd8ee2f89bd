/**
 * Reads a grid file into plain features: a GeoJSON FeatureCollection, or a zip holding one or
 * more Shapefile layers (.shp with its .dbf, .prj and .cpg; a district often ships its streets,
 * communities and base grids as three layers of one zip). Coordinates stay as written here; the
 * kind converts them with the coordinate system each layer states.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import * as shapefile from 'shapefile';
import yauzl from 'yauzl';
import { CrsError, crsFromPrj, parseCrs, type Crs } from '../../../domain/geo/crs';
import { readDbf, type DbfValue } from './dbfRecords';

export interface RawFeature {
  /** 1-based position over the whole file (all layers), as problems name it. */
  index: number;
  /** The layer (Shapefile name) for zips; the file name for GeoJSON. */
  layer: string;
  properties: Record<string, DbfValue | unknown>;
  geometry: { type: string; coordinates?: unknown } | null;
}

export interface RawLayer {
  name: string;
  /** What the layer's .prj or GeoJSON `crs` member states; null when it states nothing. */
  statedCrs: Crs | null;
  /** A .prj that could not be read: the message, zh and en. */
  crsProblem: { en: string; zh: string } | null;
  features: RawFeature[];
  fields: string[];
}

export class GridFileError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

/** Zips bigger than this are not grid layers (a district's grids are a few MB at most). */
const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;

export async function readGridFile(filePath: string): Promise<RawLayer[]> {
  const extension = extname(filePath).toLowerCase();
  if (extension === '.zip') return readZippedShapefiles(filePath);
  if (extension === '.geojson' || extension === '.json') return [await readGeoJson(filePath)];
  throw new GridFileError(
    `grids are read from .geojson, .json or a zipped Shapefile (.zip), not "${extension || basename(filePath)}"`,
    `网格文件须为 .geojson、.json 或压缩的 Shapefile（.zip），不支持“${extension || basename(filePath)}”`,
  );
}

async function readGeoJson(filePath: string): Promise<RawLayer> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (error) {
    throw new GridFileError(
      `the file is not valid JSON: ${(error as Error).message}`,
      `文件不是有效的 JSON：${(error as Error).message}`,
    );
  }
  const collection = parsed as { type?: unknown; features?: unknown; crs?: unknown };
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new GridFileError(
      'the GeoJSON is not a FeatureCollection with a "features" array',
      'GeoJSON 不是带 "features" 数组的 FeatureCollection',
    );
  }
  const name = basename(filePath);
  const fields = new Set<string>();
  const features = (collection.features as unknown[]).map((item, position): RawFeature => {
    const feature = (item ?? {}) as { properties?: unknown; geometry?: unknown };
    const properties =
      feature.properties && typeof feature.properties === 'object'
        ? (feature.properties as Record<string, unknown>)
        : {};
    for (const key of Object.keys(properties)) fields.add(key);
    return {
      index: position + 1,
      layer: name,
      properties,
      geometry: (feature.geometry as RawFeature['geometry']) ?? null,
    };
  });
  const stated = statedGeoJsonCrs(collection.crs);
  return { name, statedCrs: stated.crs, crsProblem: stated.problem, features, fields: [...fields] };
}

/** The pre-2016 GeoJSON `crs` member (`urn:ogc:def:crs:EPSG::4527`), still written by many tools. */
function statedGeoJsonCrs(member: unknown): { crs: Crs | null; problem: RawLayer['crsProblem'] } {
  const name = (member as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return { crs: null, problem: null };
  if (/CRS84$/i.test(name)) return { crs: 'wgs84', problem: null };
  const epsg = /EPSG:{1,2}(\d+)$/i.exec(name);
  try {
    return { crs: parseCrs(epsg ? `EPSG:${epsg[1]}` : name), problem: null };
  } catch (error) {
    const crsError = error as CrsError;
    return { crs: null, problem: { en: crsError.message, zh: crsError.messageZh } };
  }
}

async function readZippedShapefiles(filePath: string): Promise<RawLayer[]> {
  const entries = await unzipEntries(filePath);
  const shpNames = [...entries.keys()].filter((name) => name.toLowerCase().endsWith('.shp')).sort();
  if (shpNames.length === 0) {
    throw new GridFileError('the zip holds no .shp file', '压缩包中没有 .shp 文件');
  }
  const layers: RawLayer[] = [];
  let nextIndex = 1;
  for (const shpName of shpNames) {
    const stem = shpName.slice(0, -4);
    const sibling = (extension: string): Buffer | null => {
      for (const [name, data] of entries) {
        if (name.toLowerCase() === `${stem}.${extension}`.toLowerCase()) return data;
      }
      return null;
    };
    const layerName = basename(stem);
    const dbf = sibling('dbf');
    if (dbf === null) {
      throw new GridFileError(
        `layer "${layerName}" has no .dbf (its attribute table) in the zip`,
        `图层“${layerName}”缺少属性表 .dbf`,
      );
    }
    const cpg = sibling('cpg')?.toString('utf8') ?? null;
    const table = readDbf(dbf, cpg);
    const prj = sibling('prj');
    let statedCrs: Crs | null = null;
    let crsProblem: RawLayer['crsProblem'] = null;
    if (prj !== null) {
      try {
        statedCrs = crsFromPrj(prj.toString('utf8'));
      } catch (error) {
        const crsError = error as CrsError;
        crsProblem = { en: crsError.message, zh: crsError.messageZh };
      }
    }
    const source = await shapefile.openShp(entries.get(shpName) as Buffer);
    const features: RawFeature[] = [];
    for (let position = 0; ; position += 1) {
      const result = await source.read();
      if (result.done) break;
      features.push({
        index: nextIndex,
        layer: layerName,
        properties: table.records[position] ?? {},
        geometry: toGeoJsonWinding(result.value as RawFeature['geometry']),
      });
      nextIndex += 1;
    }
    layers.push({ name: layerName, statedCrs, crsProblem, features, fields: table.fields });
  }
  return layers;
}

/**
 * Shapefile rings run the other way round from GeoJSON's (outer clockwise); the reader keeps
 * them as stored. Reversing every ring turns a correct Shapefile into correct GeoJSON and leaves
 * a wrongly wound one wrongly wound, so the winding check means the same for both formats.
 */
function toGeoJsonWinding(geometry: RawFeature['geometry']): RawFeature['geometry'] {
  if (geometry === null) return null;
  const reverseRings = (rings: unknown[][]): unknown[][] =>
    rings.map((ring) => [...ring].reverse());
  if (geometry.type === 'Polygon') {
    return { type: 'Polygon', coordinates: reverseRings(geometry.coordinates as unknown[][]) };
  }
  if (geometry.type === 'MultiPolygon') {
    return {
      type: 'MultiPolygon',
      coordinates: (geometry.coordinates as unknown[][][]).map(reverseRings),
    };
  }
  return geometry;
}

function unzipEntries(filePath: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(
          new GridFileError(
            `the zip cannot be opened: ${openError?.message ?? 'unknown error'}`,
            `压缩包无法打开：${openError?.message ?? '未知错误'}`,
          ),
        );
        return;
      }
      const entries = new Map<string, Buffer>();
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        const wanted =
          /\.(shp|dbf|prj|cpg)$/i.test(entry.fileName) && !entry.fileName.includes('__MACOSX');
        if (!wanted) {
          zip.readEntry();
          return;
        }
        total += entry.uncompressedSize;
        if (total > MAX_UNZIPPED_BYTES) {
          zip.close();
          reject(
            new GridFileError('the zip unpacks to more than 512 MB', '压缩包解压后超过 512 MB'),
          );
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) {
            reject(streamError ?? new Error('zip entry unreadable'));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
