/**
 * The `registers` import kind: residents and households from CSV or XLSX.
 *
 * One pass over the streamed file checks every row, matches it to a unit, finds duplicates
 * (within the file: the first row of an ID number wins; a different person already holding the
 * ID number) and sorts the valid rows into new / updated / moved / unchanged. A dry run stops
 * there. A commit writes the rows as their fates are known, a thousand at a time (their
 * identifiers sealed on a worker thread meanwhile), all in ONE transaction with the batch's
 * journal, so a failure half-way (or a file-wide problem found at the end) leaves nothing behind
 * and the batch can be rolled back later. Once the rows written reach a quarter of the register,
 * the rest goes in as a bulk load (store/registerBulkLoad.ts). SQLite's writer is
 * registerBatchWriter.ts. A large file is read and parsed on a thread of its own
 * (imports/tableRowsThread.ts). Progress: rows read, of a total estimated from the share of the
 * file read.
 */
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { REGISTER_FIELDS, type RegisterField } from '../../../domain/register/registerColumns';
import type {
  ImportChanges,
  ImportKind,
  ImportOptions,
  ImportProblem,
  ImportSummary,
  PostgresImportTarget,
} from '../importKind';
import { personFingerprint, type RegisteredPerson } from '../../store/personStore';
import { openPostgresRegisterImport } from '../../store/pg/postgresRegisterImport';
import { RegisterImportStore, type UnitAddressRow } from '../../store/registerImportStore';
import { TableReader, type TableRecord } from '../tableHeader';
import { fileSha256, ReadMeter } from '../tableRows';
import { largeTableRows } from '../tableRowsThread';
import { RegisterBatchWriter } from './registerBatchWriter';
import { parseRegisterRow, type ParsedRow } from './registerRow';
import { UnitMatcher } from './unitMatcher';

const PROGRESS_EVERY_ROWS = 2_000;

export type RowFate = 'rejected' | 'created' | 'updated' | 'moved' | 'unchanged';

function rowParser(matcher: UnitMatcher, today: Date) {
  return (record: TableRecord<RegisterField>): ParsedRow =>
    parseRegisterRow(record, matcher, today);
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('import stopped / 导入已停止');
}

export async function runRegistersImport(
  db: Database.Database,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const store = new RegisterImportStore(db);
  const units = store.unitAddresses();
  const table = registerTable(filePath, options);
  const writer = options.dryRun
    ? null
    : new RegisterBatchWriter(store, units, await batchFileOf(filePath, options));
  // Read inside the commit's transaction: no other writer changes the register under it.
  return registerPass(table, units, writer, async () => store.persons.loadIndex(), options);
}

/** The same pass into PostgreSQL (store/pg/postgresRegisterImport.ts). */
export async function runRegistersImportPostgres(
  target: PostgresImportTarget,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const file = options.dryRun ? null : await batchFileOf(filePath, options);
  const opened = await openPostgresRegisterImport(target.pool, target.sealer, file);
  try {
    return await registerPass(
      registerTable(filePath, options),
      opened.units,
      opened.writer,
      opened.loadIndex,
      options,
    );
  } finally {
    await opened.release();
  }
}

/** The batch's file as its row records it. */
export async function batchFileOf(
  filePath: string,
  options: ImportOptions,
): Promise<{ fileName: string; fileSha256: string; actor: string }> {
  return {
    fileName: basename(filePath),
    fileSha256: options.fileSha256 ?? (await fileSha256(filePath)),
    actor: options.actor,
  };
}

interface RegisterTable {
  table: TableReader<RegisterField>;
  meter: ReadMeter;
}

/** The file's rows, read on a thread of their own. */
export function registerTable(filePath: string, options: ImportOptions): RegisterTable {
  const meter = new ReadMeter();
  return {
    meter,
    table: new TableReader(
      largeTableRows(filePath, meter),
      REGISTER_FIELDS,
      options.mapping,
      false,
    ),
  };
}

/** What a commit writes through, on either engine; opened with the commit's transaction. */
export interface RegisterRowWriter {
  /** The register's size before the batch (the bulk load's rule). */
  registerHolds(persons: number): void;
  /** Writes or queues a row; a Promise to await before the next write, when it returns one. */
  write(
    fate: Exclude<RowFate, 'rejected' | 'unchanged'>,
    parsed: ParsedRow,
    existing: RegisteredPerson | undefined,
  ): Promise<void> | undefined;
  /** Writes what is queued and commits with the batch's counts; the batch's id. */
  commit(summary: ImportSummary): Promise<string>;
  /** Rolls back what commit() did not end. */
  close(): Promise<void>;
}

/**
 * The pass over the file (checks, matching, duplicates, fates) with either engine's units,
 * register index and writer (null: a dry run).
 */
export async function registerPass(
  { table, meter }: RegisterTable,
  units: readonly UnitAddressRow[],
  writer: RegisterRowWriter | null,
  loadIndex: () => Promise<Map<string, RegisteredPerson>>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const matcher = new UnitMatcher(units);
  const parse = rowParser(matcher, new Date());
  const problems: ImportProblem[] = [];
  const changes: ImportChanges = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const firstRowOfId = new Map<string, number>();
  let rows = 0;
  let accepted = 0;

  try {
    const registered = await loadIndex();
    writer?.registerHolds(registered.size);
    for await (const record of table.records()) {
      rows++;
      const dataRow = record.row;
      const parsed = parse(record);
      problems.push(...parsed.problems);
      let fate: RowFate = 'rejected';
      const errorFree = !parsed.problems.some((problem) => problem.severity === 'error');
      if (errorFree && parsed.unit !== null) {
        const idNumber = parsed.fields.idNumber;
        const earlier = firstRowOfId.get(idNumber);
        const existing = registered.get(idNumber);
        if (earlier !== undefined) {
          problems.push(duplicateInFile(record, earlier));
        } else if (existing !== undefined && existing.name !== parsed.fields.name) {
          problems.push(registeredToOther(record, existing));
        } else {
          fate = classify(existing, parsed);
        }
        firstRowOfId.set(idNumber, earlier ?? dataRow);
      }
      if (fate !== 'rejected') {
        accepted++;
        changes[fate]++;
        if (fate !== 'unchanged')
          await writer?.write(fate, parsed, registered.get(parsed.fields.idNumber));
      }
      if (rows % PROGRESS_EVERY_ROWS === 0) {
        checkAborted(options.signal);
        options.onProgress?.(rows, meter.estimateRows(rows));
      }
    }
    problems.unshift(...table.fileProblems);
    const fileProblem = problems.some(
      (problem) => problem.row === null && problem.severity === 'error',
    );
    if (fileProblem) accepted = 0;
    const summary: ImportSummary = {
      kind: 'registers',
      rows,
      accepted,
      rejected: rows - accepted,
      changes: fileProblem ? { created: 0, updated: 0, moved: 0, unchanged: 0 } : changes,
      problems,
      mapping: table.mapping,
      batchId: null,
      dryRun: options.dryRun,
    };
    options.onProgress?.(rows, rows);
    if (writer !== null && !fileProblem && accepted > 0) {
      checkAborted(options.signal);
      summary.batchId = await writer.commit(summary);
    }
    return summary;
  } finally {
    await writer?.close();
  }
}

function classify(existing: RegisteredPerson | undefined, parsed: ParsedRow): RowFate {
  if (existing === undefined) return 'created';
  if (existing.unitId !== parsed.unit!.unitId) return 'moved';
  return existing.fingerprint === personFingerprint(parsed.fields) ? 'unchanged' : 'updated';
}

function duplicateInFile(record: TableRecord<RegisterField>, earlier: number): ImportProblem {
  return record.problem(
    'idNumber',
    'duplicate-in-file',
    `公民身份号码与第 ${earlier} 行重复`,
    `ID number repeats row ${earlier}`,
  );
}

function registeredToOther(
  record: TableRecord<RegisterField>,
  existing: RegisteredPerson,
): ImportProblem {
  return record.problem(
    'idNumber',
    'duplicate-in-register',
    `该公民身份号码已登记为“${existing.name}”，与本行姓名不符`,
    `this ID number is registered to "${existing.name}", not the name in this row`,
  );
}

export const registersImportKind: ImportKind = {
  name: 'registers',
  accepts: ['csv', 'xlsx'],
  fields: REGISTER_FIELDS.map(({ key, zh, en, required }) => ({ key, zh, en, required })),
  run: runRegistersImport,
  runPostgres: runRegistersImportPostgres,
};
