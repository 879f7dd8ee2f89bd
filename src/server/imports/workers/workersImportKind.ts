/**
 * The `workers` import kind: the street office's roster of grid workers (网格员花名册) — worker
 * number, name, mobile and the base grids each walks — from CSV or XLSX. A district built from
 * its own files has no generated workers; this roster is how tracking, dispatch and the phones
 * get theirs. Keyed by the worker number (工号), so a re-import updates instead of doubling,
 * and a worker's grids are replaced by the roster's. One pass, rows kept (a roster is small),
 * then one transaction: nothing is half-written.
 */
import type Database from 'better-sqlite3';
import { parsePhone } from '../../../domain/register/registerColumns';
import type {
  ImportChanges,
  ImportKind,
  ImportOptions,
  ImportProblem,
  ImportSummary,
} from '../importKind';
import { TableReader } from '../tableHeader';
import { tableRows } from '../tableRows';
import { PostgresTrackingRepository } from '../../store/pg/postgresTrackingRepository';
import { readPostgresWorkerRoster } from '../../store/pg/postgresWorkerRoster';
import { type IdentifierSealer } from '../../store/sealedIdentifiers';
import { identifierSealerFor } from '../../store/dataKeyFiles';
import { SqliteTrackingStore, type NewWorker } from '../../store/sqliteTrackingStore';

export const WORKER_FIELDS = [
  {
    key: 'workerNo',
    zh: '工号',
    en: 'Worker number',
    required: true,
    headers: ['工号', '网格员编号', '编号', '人员编号'],
  },
  { key: 'name', zh: '姓名', en: 'Name', required: true, headers: ['姓名', '网格员姓名'] },
  {
    key: 'nameEn',
    zh: '姓名拼音',
    en: 'Name in Latin letters',
    required: false,
    headers: ['姓名拼音', '拼音', '英文名'],
  },
  {
    key: 'phone',
    zh: '手机号码',
    en: 'Mobile',
    required: true,
    headers: ['手机号码', '手机', '联系电话', '手机号'],
  },
  {
    key: 'grids',
    zh: '负责网格',
    en: 'Base grids',
    required: true,
    headers: ['负责网格', '网格编码', '所属网格', '网格'],
  },
] as const;

type WorkerField = (typeof WORKER_FIELDS)[number]['key'];

/** Largest worker number taken (workers.id is a SQLite integer key; ids stay readable). */
const MAX_WORKER_NO = 99_999_999;

interface RosterWorker {
  id: number;
  name: string;
  nameEn: string;
  phone: string;
  gridCodes: string[];
}

export interface StoredWorker {
  id: number;
  name: string;
  name_en: string;
  phone_index: Buffer;
  grids: string | null;
}

function sameWorker(stored: StoredWorker, worker: RosterWorker, phoneIndex: Buffer): boolean {
  const storedGrids = (stored.grids ?? '').split(',').filter((code) => code !== '');
  return (
    stored.name === worker.name &&
    stored.name_en === worker.nameEn &&
    stored.phone_index.equals(phoneIndex) &&
    storedGrids.sort().join(',') === [...worker.gridCodes].sort().join(',')
  );
}

/** What the roster import reads of the register, and how it saves the roster (either engine). */
export interface WorkerRegister {
  baseGrids: ReadonlySet<string>;
  stored: ReadonlyMap<number, StoredWorker>;
  sealer: IdentifierSealer;
  saveWorkers(workers: readonly NewWorker[]): void | Promise<void>;
}

export async function runWorkersImport(
  db: Database.Database,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const baseGrids = new Set(
    (db.prepare('SELECT code FROM grids WHERE level = 4').all() as Array<{ code: string }>).map(
      (row) => row.code,
    ),
  );
  const stored = new Map(
    (
      db
        .prepare(
          'SELECT w.id, w.name, w.name_en, w.phone_index, ' +
            '(SELECT group_concat(grid_code) FROM worker_grids g WHERE g.worker_id = w.id) AS grids ' +
            'FROM workers w',
        )
        .all() as StoredWorker[]
    ).map((row) => [row.id, row]),
  );
  return workersImport(
    {
      baseGrids,
      stored,
      sealer: identifierSealerFor(db),
      saveWorkers: (workers) => new SqliteTrackingStore(db).saveWorkers(workers),
    },
    filePath,
    options,
  );
}

async function workersImport(
  { baseGrids, stored, sealer, saveWorkers }: WorkerRegister,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const problems: ImportProblem[] = [];
  const changes: ImportChanges = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const roster: RosterWorker[] = [];
  const seenNo = new Map<number, number>();
  const seenPhone = new Map<string, number>();
  const table = new TableReader(tableRows(filePath), WORKER_FIELDS, options.mapping, true);
  let rows = 0;

  for await (const record of table.records()) {
    rows++;
    const dataRow = record.row;
    const cell = record.cell.bind(record);
    const rowProblems: ImportProblem[] = [];
    const problem = (field: WorkerField, code: string, zh: string, en: string): void => {
      rowProblems.push(record.problem(field, code, zh, en));
    };

    const noText = cell('workerNo');
    const id = /^\d{1,8}$/.test(noText) ? Number(noText) : NaN;
    if (!(id >= 1 && id <= MAX_WORKER_NO)) {
      problem(
        'workerNo',
        'worker-number-invalid',
        `工号“${noText}”应为 1–${MAX_WORKER_NO} 的整数`,
        `worker number "${noText}" must be a whole number from 1 to ${MAX_WORKER_NO}`,
      );
    } else if (seenNo.has(id)) {
      problem(
        'workerNo',
        'duplicate-in-file',
        `工号 ${id} 与第 ${seenNo.get(id)} 行重复`,
        `worker number ${id} repeats row ${seenNo.get(id)}`,
      );
    }
    const name = cell('name');
    if (name === '') problem('name', 'name-empty', '姓名为空', 'name is empty');
    const phone = parsePhone(cell('phone'));
    if (phone === null || !phone.startsWith('1')) {
      problem(
        'phone',
        'phone-invalid',
        `手机号码“${cell('phone')}”不是有效的手机号`,
        `"${cell('phone')}" is not a valid mobile number`,
      );
    } else if (seenPhone.has(phone)) {
      problem(
        'phone',
        'duplicate-in-file',
        `手机号码与第 ${seenPhone.get(phone)} 行重复`,
        `the mobile number repeats row ${seenPhone.get(phone)}`,
      );
    }
    const gridCodes = [
      ...new Set(
        cell('grids')
          .split(/[,，、;；/\s]+/)
          .filter((code) => code !== ''),
      ),
    ];
    if (gridCodes.length === 0) {
      problem('grids', 'grids-empty', '未填写负责网格', 'no base grid given');
    }
    for (const code of gridCodes) {
      if (!baseGrids.has(code)) {
        problem(
          'grids',
          'grid-unknown',
          `网格“${code}”不是本辖区已导入的基础网格`,
          `"${code}" is not an imported base grid of this district`,
        );
      }
    }
    if (rowProblems.length === 0) {
      seenNo.set(id, dataRow);
      seenPhone.set(phone!, dataRow);
      const worker: RosterWorker = {
        id,
        name,
        nameEn: cell('nameEn') === '' ? name : cell('nameEn'),
        phone: phone!,
        gridCodes,
      };
      const existing = stored.get(id);
      if (existing === undefined) changes.created++;
      else if (sameWorker(existing, worker, sealer.index('worker_phone', worker.phone)))
        changes.unchanged++;
      else changes.updated++;
      roster.push(worker);
    }
    problems.push(...rowProblems);
    if (rows % 500 === 0) options.onProgress?.(rows, null);
  }

  problems.unshift(...table.fileProblems);
  const fileProblem = table.fileProblems.length > 0;
  const accepted = fileProblem ? 0 : roster.length;
  const summary: ImportSummary = {
    kind: 'workers',
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
  await saveWorkers(
    roster.map(({ id, gridCodes, ...worker }) => ({
      ...worker,
      workerId: id,
      gridCodes,
      synthetic: false,
    })),
  );
  options.onProgress?.(rows, rows);
  return summary;
}

export const workersImportKind: ImportKind = {
  name: 'workers',
  accepts: ['csv', 'xlsx'],
  fields: WORKER_FIELDS.map(({ key, zh, en, required }) => ({ key, zh, en, required })),
  run: runWorkersImport,
  runPostgres: async ({ pool, sealer }, filePath, options) =>
    workersImport(
      {
        ...(await readPostgresWorkerRoster(pool)),
        sealer,
        saveWorkers: (workers) => new PostgresTrackingRepository(pool, sealer).saveWorkers(workers),
      },
      filePath,
      options,
    ),
};
