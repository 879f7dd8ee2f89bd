/**
 * The `registers` import kind: residents and households from CSV or XLSX.
 *
 * Two passes over the streamed file. The first checks every row, matches it to a unit, finds
 * duplicates (within the file and a different person already holding the ID number) and sorts
 * the valid rows into new / updated / moved / unchanged — that is the dry run, and it keeps only
 * one bit per row and the ID numbers seen. The second pass (commit) reads the file again and
 * writes the accepted rows in ONE transaction with the batch's journal, so a failure half-way
 * leaves nothing behind and the batch can be rolled back later.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { REGISTER_FIELDS, type RegisterField } from '../../../domain/register/registerColumns';
import type {
  ImportChanges,
  ImportKind,
  ImportOptions,
  ImportProblem,
  ImportSummary,
} from '../importKind';
import { personFingerprint, type RegisteredPerson } from '../../store/personStore';
import { RegisterImportStore } from '../../store/registerImportStore';
import { deferRegisterRollups } from '../../store/statsRollups';
import { TableReader, type TableRecord } from '../tableHeader';
import { fileSha256, tableRows } from '../tableRows';
import { householdTypeOf, parseRegisterRow, type ParsedRow } from './registerRow';
import { UnitMatcher } from './unitMatcher';

const PROGRESS_EVERY_ROWS = 2_000;
/**
 * A batch at least this share of the register recomputes the register's cockpit rollups once
 * before its commit instead of through the triggers row by row. Measured at 200k residents: the
 * triggers cost about 100 µs per written row, the recomputation about 26 µs per registered
 * person, so deferring pays from about a quarter of the register.
 */
const DEFER_ROLLUPS_SHARE = 0.25;

export function deferRollups(acceptedRows: number, registeredPersons: number): boolean {
  return acceptedRows >= DEFER_ROLLUPS_SHARE * (registeredPersons + acceptedRows);
}

type RowFate = 'rejected' | 'created' | 'updated' | 'moved' | 'unchanged';
const FATE_CODE: Readonly<Record<RowFate, number>> = {
  rejected: 0,
  created: 1,
  updated: 2,
  moved: 3,
  unchanged: 4,
};

/** A growing byte per data row: its fate from the first pass, read by the second. */
class FateList {
  private bytes = new Uint8Array(1024);
  set(index: number, fate: RowFate): void {
    if (index >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(index + 1, this.bytes.length * 2));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[index] = FATE_CODE[fate];
  }
  get(index: number): number {
    return this.bytes[index] ?? 0;
  }
}

function rowParser(matcher: UnitMatcher, today: Date) {
  return (record: TableRecord<RegisterField>): ParsedRow =>
    parseRegisterRow(record.row, record.cell, record.column, matcher, today);
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
  const matcher = new UnitMatcher(store.unitAddresses());
  const today = new Date();
  const registered = store.persons.loadIndex();
  const problems: ImportProblem[] = [];
  const changes: ImportChanges = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const fates = new FateList();
  const firstRowOfId = new Map<string, number>();
  const table = new TableReader(tableRows(filePath), REGISTER_FIELDS, options.mapping, false);
  const parse = rowParser(matcher, today);
  let rows = 0;
  let accepted = 0;

  for await (const record of table.records()) {
    rows++;
    const dataRow = record.row;
    const parsed = parse(record);
    problems.push(...parsed.problems);
    let fate: RowFate = 'rejected';
    if (!parsed.problems.some((problem) => problem.severity === 'error') && parsed.unit !== null) {
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
    fates.set(dataRow, fate);
    if (fate !== 'rejected') {
      accepted++;
      changes[fate]++;
    }
    if (rows % PROGRESS_EVERY_ROWS === 0) {
      checkAborted(options.signal);
      options.onProgress?.(rows, null);
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
  if (options.dryRun || fileProblem || accepted === 0) return summary;
  checkAborted(options.signal);
  summary.batchId = await commit(
    store,
    filePath,
    options,
    matcher,
    today,
    fates,
    registered,
    summary,
  );
  return summary;
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

async function commit(
  store: RegisterImportStore,
  filePath: string,
  options: ImportOptions,
  matcher: UnitMatcher,
  today: Date,
  fates: FateList,
  registered: Map<string, RegisteredPerson>,
  summary: ImportSummary,
): Promise<string> {
  const batchId = randomUUID();
  const at = new Date().toISOString();
  const sha = await fileSha256(filePath);
  const parse = rowParser(matcher, today);
  const fileHouseholds = new Map<number, number>();
  const createdHouseholds = new Set<number>();
  const headed = new Set<number>();
  const db = store.db;
  let written = 0;

  const householdFor = (unitId: number, category: string, isHead: boolean): number => {
    let household = fileHouseholds.get(unitId);
    if (isHead && (household === undefined || headed.has(household))) household = undefined;
    else if (household === undefined) household = store.firstHousehold(unitId) ?? undefined;
    if (household === undefined) {
      household = store.createHousehold(unitId, householdTypeOf(category));
      store.journal(batchId, 'household', household, 'created', null);
      createdHouseholds.add(household);
    }
    fileHouseholds.set(unitId, household);
    return household;
  };

  db.exec('BEGIN IMMEDIATE');
  try {
    const finishRollups = deferRollups(summary.accepted, registered.size)
      ? deferRegisterRollups(db)
      : () => {};
    store.beginBatch({
      id: batchId,
      kind: 'registers',
      fileName: basename(filePath),
      fileSha256: sha,
      actor: options.actor,
      createdAt: at,
      rows: summary.rows,
      accepted: summary.accepted,
      rejected: summary.rejected,
      changes: summary.changes,
    });
    // The second pass reads the same file under the same mapping, so rows keep their numbers.
    const table = new TableReader(tableRows(filePath), REGISTER_FIELDS, options.mapping, false);
    for await (const record of table.records()) {
      const dataRow = record.row;
      const fate = fates.get(dataRow);
      if (fate === FATE_CODE.rejected || fate === FATE_CODE.unchanged) continue;
      const parsed = parse(record);
      const unit = parsed.unit!;
      const fields = parsed.fields;
      const isHead = fields.relation === 'head';
      let personId: number;
      if (fate === FATE_CODE.created) {
        const household = householdFor(unit.unitId, fields.category, isHead);
        personId = store.persons.insert(household, fields);
        store.journal(batchId, 'person', personId, 'created', null);
        if (isHead && createdHouseholds.has(household)) {
          store.setHouseholdHead(household, personId);
          headed.add(household);
        }
      } else {
        const existing = registered.get(fields.idNumber)!;
        personId = existing.personId;
        const before = store.persons.snapshot(personId);
        if (fate === FATE_CODE.moved) {
          const household = householdFor(unit.unitId, fields.category, isHead);
          store.persons.update(personId, household, fields);
          store.recordMove(personId, existing.unitId, unit.unitId, batchId, at);
          store.journal(batchId, 'person', personId, 'moved', before);
          if (isHead && createdHouseholds.has(household)) {
            store.setHouseholdHead(household, personId);
            headed.add(household);
          }
        } else {
          store.persons.update(personId, existing.householdId, fields);
          store.journal(batchId, 'person', personId, 'updated', before);
        }
      }
      written++;
      if (written % PROGRESS_EVERY_ROWS === 0) {
        checkAborted(options.signal);
        options.onProgress?.(written, summary.accepted);
      }
    }
    finishRollups();
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return batchId;
}

export const registersImportKind: ImportKind = {
  name: 'registers',
  accepts: ['csv', 'xlsx'],
  fields: REGISTER_FIELDS.map(({ key, zh, en, required }) => ({ key, zh, en, required })),
  run: runRegistersImport,
};
