/**
 * The `buildings` import kind: footprints with floors, heights and units per floor become
 * buildings whose every floor unit is its own piece, written in one transaction (a dry run
 * writes nothing). A feature with any error is refused as a whole and named in the problem list;
 * the others go in.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type Database from 'better-sqlite3';
import type { AreaGeometry } from '../../../domain/geo/polygonContainment';
import { SqliteAuditStore } from '../../store/sqliteAuditStore';
import type { ImportKind, ImportOptions, ImportProblem, ImportSummary } from '../importKind';
import { BUILDING_FIELDS, detectMapping } from './footprintFields';
import { planBuilding } from './planBuildings';
import type { BaseGrid, PlannedBuilding } from './plannedBuilding';
import { readFootprints } from './readFootprints';
import { writeBuildings, type WriteOutcome } from './writeBuildings';
import type { NewAuditRecord } from '../../audit/auditRepository';
import { PostgresAuditRepository } from '../../store/pg/postgresAuditRepository';
import { postgresBaseGrids, writePostgresBuildings } from '../../store/pg/postgresBuildingImport';

const PROGRESS_EVERY = 50;

function fileHash(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(filePath)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** What the kind reads and writes, on either engine. */
interface BuildingStore {
  baseGrids(): Promise<BaseGrid[]>;
  write(
    planned: readonly PlannedBuilding[],
    problems: ImportProblem[],
    dryRun: boolean,
  ): Promise<WriteOutcome>;
  recordAudit(audit: NewAuditRecord): Promise<number>;
}

function baseGridsOf(db: Database.Database): BaseGrid[] {
  const rows = db.prepare('SELECT code, polygon FROM grids WHERE level = 4').all() as {
    code: string;
    polygon: string;
  }[];
  return rows.map((row) => ({ code: row.code, area: JSON.parse(row.polygon) as AreaGeometry }));
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

export const buildingsImportKind: ImportKind = {
  name: 'buildings',
  accepts: ['geojson', 'json', 'zip'],
  fields: BUILDING_FIELDS,
  run: (db, filePath, options) =>
    buildingsImport(
      {
        baseGrids: async () => baseGridsOf(db),
        write: async (planned, problems, dryRun) => writeBuildings(db, planned, problems, dryRun),
        recordAudit: async (audit) => new SqliteAuditStore(db).recordAudit(audit),
      },
      filePath,
      options,
    ),
  runPostgres: ({ pool, sealer }, filePath, options) =>
    buildingsImport(
      {
        baseGrids: () => postgresBaseGrids(pool),
        write: (planned, problems, dryRun) =>
          writePostgresBuildings(pool, planned, problems, dryRun),
        recordAudit: (audit) => new PostgresAuditRepository(pool, sealer).recordAudit(audit),
      },
      filePath,
      options,
    ),
};

async function buildingsImport(
  store: BuildingStore,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const file = await readFootprints(filePath, options.crs);
  const problems: ImportProblem[] = [...file.problems];
  const mapping = detectMapping(file.propertyNames, options.mapping);
  const baseGrids = await store.baseGrids();
  const context = {
    mapping,
    baseGrids,
    gridCodes: new Set(baseGrids.map((grid) => grid.code)),
    unitRows: file.unitRows,
  };
  const planned: PlannedBuilding[] = [];
  const seenKeys = new Map<string, number>();
  const total = file.features.length;
  for (const feature of file.features) {
    if (aborted(options.signal)) break;
    const building = planBuilding(feature, context, problems);
    if (building) {
      const earlier = seenKeys.get(building.sourceKey);
      if (earlier !== undefined) {
        problems.push({
          row: feature.index,
          feature: building.sourceKey,
          code: 'building-key-duplicate',
          messageZh: `楼栋编号 ${building.sourceKey} 与第 ${earlier} 个要素重复`,
          messageEn: `building id ${building.sourceKey} repeats feature ${earlier}`,
          severity: 'error',
        });
      } else {
        seenKeys.set(building.sourceKey, feature.index);
        planned.push(building);
      }
    }
    if (feature.index % PROGRESS_EVERY === 0) options.onProgress?.(feature.index, total);
  }
  // Unit table rows that name no building in the file would silently do nothing.
  const knownKeys = new Set(
    file.features.map((feature) => {
      const id = mapping.id ? String(feature.properties[mapping.id] ?? '').trim() : '';
      return (
        id ||
        `${String(feature.properties[mapping.name ?? ''] ?? '').trim()}|${String(feature.properties[mapping.address ?? ''] ?? '').trim()}`
      );
    }),
  );
  for (const [key, rows] of file.unitRows) {
    if (knownKeys.has(key)) continue;
    for (const row of rows) {
      problems.push({
        row: row.row,
        feature: key,
        column: 'building',
        code: 'unit-building-unknown',
        messageZh: `户表第 ${row.row} 行：文件中没有楼栋 ${key}`,
        messageEn: `unit table row ${row.row}: the file has no building ${key}`,
        severity: 'error',
      });
    }
  }
  const stopped = aborted(options.signal);
  const fileBlocked = file.problems.some((item) => item.row === null && item.severity === 'error');
  const dryRun = options.dryRun || stopped || fileBlocked;
  const outcome = await store.write(planned, problems, dryRun);
  options.onProgress?.(total, total);
  const accepted = planned.filter((building) => !outcome.refused.has(building.sourceKey)).length;
  const summary: ImportSummary = {
    kind: 'buildings',
    rows: total,
    accepted: fileBlocked ? 0 : accepted,
    rejected: total - (fileBlocked ? 0 : accepted),
    changes: outcome.changes,
    problems,
    mapping,
    batchId: null,
    dryRun,
  };
  if (!dryRun) {
    await store.recordAudit({
      at: new Date().toISOString(),
      username: options.actor,
      action: 'import',
      targetType: 'buildings',
      targetId: await fileHash(filePath),
      fields: JSON.stringify({
        rows: summary.rows,
        accepted: summary.accepted,
        rejected: summary.rejected,
        ...summary.changes,
      }),
      reason: '',
    });
  }
  return summary;
}
