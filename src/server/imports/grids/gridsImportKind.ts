/**
 * The `grids` import kind: GeoJSON or zipped Shapefile grids of any of the four levels, checked
 * as a whole (gridChecks.ts) and written into the register's `grids` table in one transaction
 * (SQLite or PostgreSQL).
 * A file with any error writes nothing: a grid tree with holes in it (a child without its parent,
 * two grids claiming one street) is worse than the old tree, so the commit is all or nothing and
 * the problem list says what to fix. Warnings (gaps, ring winding) do not stop it.
 */
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { CrsError, toWgs84, type Crs } from '../../../domain/geo/crs';
import type { GridLevel } from '../../../domain/registry';
import {
  readGridRows,
  writeGridRows,
  type GridRow,
  type GridWriteCounts,
} from '../../store/gridImportRows';
import { readPostgresGridRows, writePostgresGridRows } from '../../store/pg/postgresGridImportRows';
import type { ImportKind, ImportOptions, ImportSummary } from '../importKind';
import {
  checkGrids,
  type AreaGeometryJson,
  type ExistingGrid,
  type GridCandidate,
  type GridProblem,
} from './gridChecks';
import { GRID_FIELDS, cellText, detectGridMapping, parseGridLevel } from './gridFields';
import { GridFileError, readGridFile, type RawFeature, type RawLayer } from './readGridFile';

export const gridsImportKind: ImportKind = {
  name: 'grids',
  accepts: ['geojson', 'json', 'zip'],
  fields: GRID_FIELDS,
  run: (db, filePath, options) =>
    gridsImport(
      {
        read: async () => readGridRows(db),
        write: async (rows, dryRun) => writeGridRows(db, rows, dryRun),
      },
      filePath,
      options,
    ),
  runPostgres: ({ pool }, filePath, options) =>
    gridsImport(
      {
        read: () => readPostgresGridRows(pool),
        write: (rows, dryRun) => writePostgresGridRows(pool, rows, dryRun),
      },
      filePath,
      options,
    ),
};

/** The register's grids on either engine. */
interface GridRowStore {
  read(): Promise<GridRow[]>;
  write(rows: readonly GridRow[], dryRun: boolean): Promise<GridWriteCounts>;
}

async function gridsImport(
  store: GridRowStore,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const problems: GridProblem[] = [];
  const summary = (
    rows: number,
    accepted: number,
    mapping: Record<string, string>,
  ): ImportSummary => ({
    kind: 'grids',
    rows,
    accepted,
    rejected: rows - accepted,
    changes: { created: 0, updated: 0, moved: 0, unchanged: 0 },
    problems,
    mapping,
    batchId: null,
    dryRun: options.dryRun,
  });

  let layers: RawLayer[];
  try {
    layers = await readGridFile(filePath);
  } catch (error) {
    if (!(error instanceof GridFileError)) throw error;
    problems.push(fileProblem('grid-file-unreadable', error.messageZh, error.message));
    return summary(0, 0, {});
  }
  const columns = [...new Set(layers.flatMap((layer) => layer.fields))];
  const mapping = detectGridMapping(columns, options.mapping);
  const rows = layers.reduce((sum, layer) => sum + layer.features.length, 0);
  for (const field of GRID_FIELDS) {
    if (field.required && mapping[field.key] === undefined) {
      problems.push(
        fileProblem(
          'grid-field-unmapped',
          `找不到“${field.zh}”列（文件的列：${columns.join('、') || '无'}），请在映射中指定`,
          `no column for "${field.en}" (the file has: ${columns.join(', ') || 'none'}); name it in the mapping`,
        ),
      );
    }
  }
  if (problems.length > 0) return summary(rows, 0, mapping);

  const candidates: GridCandidate[] = [];
  let done = 0;
  for (const layer of layers) {
    const crs = layerCrs(layer, options.crs, problems);
    for (const raw of layer.features) {
      if (options.signal?.aborted) throw new Error('import stopped');
      candidates.push(candidateOf(raw, mapping, crs, problems));
      done += 1;
      if (done % 100 === 0) options.onProgress?.(done, rows);
    }
  }

  const existing = new Map<string, ExistingGrid>();
  for (const row of await store.read()) {
    existing.set(row.code, {
      code: row.code,
      parentCode: row.parentCode,
      level: row.level as GridLevel,
      name: row.name,
      geometry: JSON.parse(row.polygon) as AreaGeometryJson,
    });
  }
  const result = checkGrids(candidates, existing);
  problems.push(...result.problems);
  for (const problem of problems) {
    if (problem.severity === 'error' && problem.row !== null) result.refused.add(problem.row);
  }
  options.onProgress?.(rows, rows);

  const fileHasErrors = problems.some((problem) => problem.severity === 'error');
  const gridRows: GridRow[] = [...result.valid.values()]
    .filter((grid) => !result.refused.has(grid.index))
    .map((grid) => {
      const centre = turf.centroid(grid.geometry).geometry.coordinates as Position;
      return {
        code: grid.code,
        parentCode: grid.parentCode,
        level: grid.level,
        name: grid.name,
        nameEn: grid.nameEn || grid.name,
        polygon: JSON.stringify(grid.geometry),
        centerLon: Number((centre[0] as number).toFixed(7)),
        centerLat: Number((centre[1] as number).toFixed(7)),
      };
    });
  if (fileHasErrors) {
    // All or nothing: with any error no grid is (or, in a dry run, would be) written.
    const errors = problems.filter((problem) => problem.severity === 'error').length;
    problems.push(
      options.dryRun
        ? fileProblem(
            'grid-file-refused',
            `文件有 ${errors} 个错误，导入时将不写入任何网格；请修正后重新预览`,
            `the file has ${errors} error(s); importing it would write no grid — fix them and preview again`,
          )
        : fileProblem(
            'grid-file-refused',
            `文件有 ${errors} 个错误，未写入任何网格；请修正后重新导入`,
            `the file has ${errors} error(s); no grid was written — fix them and import again`,
          ),
    );
    return summary(rows, 0, mapping);
  }
  const outcome = summary(rows, gridRows.length, mapping);
  const counts = await store.write(gridRows, options.dryRun);
  outcome.changes = { ...counts, moved: 0 };
  return outcome;
}

function fileProblem(code: string, zh: string, en: string): GridProblem {
  return { row: null, code, severity: 'error', messageZh: zh, messageEn: en };
}

/**
 * The system a layer's coordinates are in. A stated .prj wins over the default (WGS84), but a
 * system the importer names explicitly wins over the .prj: files digitised on Chinese web maps
 * are GCJ-02 yet usually carry a WGS84 .prj, which the person importing knows and the file not.
 */
function layerCrs(layer: RawLayer, given: Crs, problems: GridProblem[]): Crs | null {
  if (layer.crsProblem !== null) {
    if (given !== 'wgs84') {
      problems.push({
        row: null,
        code: 'grid-prj-ignored',
        severity: 'warning',
        messageZh: `图层 ${layer.name} 的坐标系声明无法识别（${layer.crsProblem.zh}），按指定的 ${given} 读取`,
        messageEn: `layer ${layer.name}: its stated system is unreadable (${layer.crsProblem.en}); read as the given ${given}`,
      });
      return given;
    }
    problems.push({
      row: null,
      code: 'grid-prj-unsupported',
      severity: 'error',
      messageZh: `图层 ${layer.name}：${layer.crsProblem.zh}`,
      messageEn: `layer ${layer.name}: ${layer.crsProblem.en}`,
    });
    return null;
  }
  if (layer.statedCrs === null) return given;
  if (given !== 'wgs84' && given !== layer.statedCrs) {
    problems.push({
      row: null,
      code: 'grid-prj-overridden',
      severity: 'warning',
      messageZh: `图层 ${layer.name} 声明为 ${layer.statedCrs}，按指定的 ${given} 读取`,
      messageEn: `layer ${layer.name} states ${layer.statedCrs}; read as the given ${given}`,
    });
    return given;
  }
  return layer.statedCrs;
}

function candidateOf(
  raw: RawFeature,
  mapping: Record<string, string>,
  crs: Crs | null,
  problems: GridProblem[],
): GridCandidate {
  const value = (key: string): string => {
    const column = mapping[key];
    return column === undefined ? '' : cellText(raw.properties[column]);
  };
  const levelText = value('level');
  const declaredLevel = parseGridLevel(levelText);
  const parent = value('parent');
  const candidate: GridCandidate = {
    index: raw.index,
    layer: raw.layer,
    code: value('code'),
    name: value('name'),
    nameEn: value('nameEn'),
    declaredLevel,
    levelUnreadable: levelText !== '' && declaredLevel === null,
    declaredParent: parent === '' ? null : parent,
    geometry: null,
  };
  if (crs === null) return { ...candidate, geometryUnconverted: true };
  if (raw.geometry === null) return candidate;
  try {
    candidate.geometry = convertGeometry(raw.geometry, crs);
  } catch (error) {
    if (!(error instanceof CrsError)) throw error;
    problems.push({
      row: raw.index,
      feature: candidate.code || `#${raw.index}`,
      code: 'grid-coordinates',
      severity: 'error',
      messageZh: `第 ${raw.index} 个要素：${error.messageZh}`,
      messageEn: `feature ${raw.index}: ${error.message}`,
    });
    candidate.geometryUnconverted = true;
  }
  return candidate;
}

/** Converts every position into WGS84; other geometry types pass as they are (checks refuse them). */
function convertGeometry(
  geometry: NonNullable<RawFeature['geometry']>,
  crs: Crs,
): AreaGeometryJson {
  const ring = (positions: unknown): Position[] =>
    (positions as number[][]).map((position) => {
      if (
        !Array.isArray(position) ||
        typeof position[0] !== 'number' ||
        typeof position[1] !== 'number'
      ) {
        throw new CrsError('a position is not a pair of numbers', '有坐标点不是两个数字');
      }
      return toWgs84(crs, position[0], position[1]);
    });
  if (geometry.type === 'Polygon') {
    return { type: 'Polygon', coordinates: (geometry.coordinates as unknown[]).map(ring) };
  }
  if (geometry.type === 'MultiPolygon') {
    return {
      type: 'MultiPolygon',
      coordinates: (geometry.coordinates as unknown[][]).map((rings) => rings.map(ring)),
    };
  }
  return geometry as unknown as AreaGeometryJson;
}
