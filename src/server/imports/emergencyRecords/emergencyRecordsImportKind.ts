/**
 * Import kinds for the six emergency record kinds (危险源, 应急资源, 避难场所, 监测传感器, 视频监控点,
 * 应急预案) from CSV or XLSX with Chinese headers. One factory: the columns are the kind's field
 * table (src/domain/emergency/records) plus 名称 and, for placed kinds, 经度/纬度 in the chosen
 * coordinate system; every row goes through the same check as the REST body
 * (prepareRecordWrite). Keyed by (kind, 名称): a re-import updates in place. Rows are few
 * (hundreds), so they are kept, then written in one transaction: nothing is half-written.
 */
import {
  recordKindDefinition,
  type EmergencyRecordKind,
} from '../../../domain/emergency/records/emergencyRecordKinds';
import { toWgs84 } from '../../../domain/geo/crs';
import { prepareRecordWrite } from '../../emergency/records/emergencyRecordService';
import type { EmergencyRecordWrite } from '../../emergency/records/emergencyRecordRepository';
import { GridLocator } from '../../incidents/gridLocator';
import { PostgresEmergencyRecords } from '../../store/pg/postgresEmergencyRecords';
import { PostgresRegistry } from '../../store/pg/postgresRegistry';
import { SqliteEmergencyRecordStore } from '../../store/sqliteEmergencyRecordStore';
import { SqliteRegistryStore } from '../../store/sqliteRegistry';
import type {
  ImportChanges,
  ImportKind,
  ImportKindName,
  ImportOptions,
  ImportProblem,
  ImportSummary,
} from '../importKind';
import { TableReader, type TableField } from '../tableHeader';
import { tableRows } from '../tableRows';

/** Import kind name of each record kind (what the CLI and the upload route take). */
export const RECORD_IMPORT_KIND_NAMES = {
  hazard: 'hazards',
  resource: 'resources',
  shelter: 'shelters',
  sensor: 'sensors',
  video: 'videos',
  plan: 'plans',
} as const satisfies Record<EmergencyRecordKind, ImportKindName>;

const PROGRESS_EVERY_ROWS = 200;

function tableFieldsOf(kind: EmergencyRecordKind): Array<TableField<string>> {
  const definition = recordKindDefinition(kind);
  const place: Array<TableField<string>> = definition.located
    ? [
        { key: 'lon', zh: '经度', en: 'Longitude', required: true, headers: ['经度', 'lon', 'X'] },
        { key: 'lat', zh: '纬度', en: 'Latitude', required: true, headers: ['纬度', 'lat', 'Y'] },
      ]
    : [];
  return [
    {
      key: 'name',
      zh: '名称',
      en: 'Name',
      required: true,
      headers: ['名称', `${definition.zh}名称`],
    },
    ...place,
    ...definition.fields.map((field) => ({
      key: field.key,
      zh: field.zh,
      en: field.en,
      // A required field with no column is a file problem; the row check names empty cells.
      required: field.required,
      // Headers are matched after NFKC (full-width brackets become ASCII ones).
      headers: [field.zh, ...field.headers].map((name) => name.normalize('NFKC')),
    })),
  ];
}

/** The records' store on either engine (SQLite's answers at once, PostgreSQL's with Promises). */
interface RecordImportStore {
  findRecordByName(kind: EmergencyRecordKind, name: string): unknown;
  upsertRecords(records: readonly EmergencyRecordWrite[]): void | Promise<void>;
}

async function runRecordImport(
  kind: EmergencyRecordKind,
  store: RecordImportStore,
  grids: GridLocator,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const definition = recordKindDefinition(kind);
  const fields = tableFieldsOf(kind);
  const at = new Date().toISOString();
  const problems: ImportProblem[] = [];
  const changes: ImportChanges = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const writes: EmergencyRecordWrite[] = [];
  const seenNames = new Map<string, number>();
  const table = new TableReader(tableRows(filePath), fields, options.mapping, true);
  let rows = 0;

  for await (const record of table.records()) {
    rows++;
    const cell = record.cell.bind(record);
    const problem = (field: string | undefined, zh: string, en: string) =>
      record.problem(field, 'record-invalid', zh, en);
    let location: { lon: number; lat: number } | null = null;
    if (definition.located) {
      const x = Number(cell('lon'));
      const y = Number(cell('lat'));
      if (cell('lon') === '' || cell('lat') === '' || !Number.isFinite(x) || !Number.isFinite(y)) {
        problems.push(
          problem(
            'lon',
            '经度或纬度缺失或不是数字',
            'longitude or latitude missing or not a number',
          ),
        );
        continue;
      }
      const [lon, lat] = toWgs84(options.crs, x, y);
      location = { lon, lat };
    }
    const attributes: Record<string, string> = {};
    for (const field of definition.fields) {
      if (cell(field.key) !== '') attributes[field.key] = cell(field.key);
    }
    const prepared = prepareRecordWrite(
      { kind, name: cell('name'), location, attributes },
      (point) => grids.locate(point),
      { at, by: options.actor, demo: false },
    );
    if (!prepared.ok) {
      problems.push(problem(undefined, prepared.zh, prepared.en));
      continue;
    }
    const { write } = prepared;
    if (seenNames.has(write.name)) {
      problems.push(
        problem(
          'name',
          `名称“${write.name}”与第 ${seenNames.get(write.name)} 行重复`,
          `name "${write.name}" repeats row ${seenNames.get(write.name)}`,
        ),
      );
      continue;
    }
    if (definition.located && write.gridCode === null) {
      problems.push(
        record.problem(
          'lon',
          'outside-district',
          '位置不在本辖区任何网格内',
          'the place lies in no grid of this district',
          'warning',
        ),
      );
    }
    seenNames.set(write.name, record.row);
    if ((await store.findRecordByName(kind, write.name)) === null) changes.created++;
    else changes.updated++;
    writes.push(write);
    if (rows % PROGRESS_EVERY_ROWS === 0) options.onProgress?.(rows, null);
  }

  problems.unshift(...table.fileProblems);
  const fileProblem = table.fileProblems.length > 0;
  const accepted = fileProblem ? 0 : writes.length;
  const summary: ImportSummary = {
    kind: RECORD_IMPORT_KIND_NAMES[kind],
    rows,
    accepted,
    rejected: rows - accepted,
    changes: fileProblem ? { created: 0, updated: 0, moved: 0, unchanged: 0 } : changes,
    problems,
    mapping: table.mapping,
    batchId: null,
    dryRun: options.dryRun,
  };
  if (options.dryRun || accepted === 0) return summary;
  if (options.signal?.aborted) throw new Error('import stopped / 导入已停止');
  await store.upsertRecords(writes);
  options.onProgress?.(rows, rows);
  return summary;
}

function recordImportKind(kind: EmergencyRecordKind): ImportKind {
  return {
    name: RECORD_IMPORT_KIND_NAMES[kind],
    accepts: ['csv', 'xlsx'],
    fields: tableFieldsOf(kind).map(({ key, zh, en, required }) => ({ key, zh, en, required })),
    run: (db, filePath, options) =>
      runRecordImport(
        kind,
        new SqliteEmergencyRecordStore(db),
        new GridLocator(() => new SqliteRegistryStore(db).listGrids()),
        filePath,
        options,
      ),
    runPostgres: async ({ pool, sealer }, filePath, options) => {
      const grids = await new PostgresRegistry(pool, () => sealer).listGrids();
      return runRecordImport(
        kind,
        new PostgresEmergencyRecords(pool, sealer),
        new GridLocator(() => grids),
        filePath,
        options,
      );
    },
  };
}

export const emergencyRecordImportKinds: readonly ImportKind[] = (
  Object.keys(RECORD_IMPORT_KIND_NAMES) as EmergencyRecordKind[]
).map(recordImportKind);
