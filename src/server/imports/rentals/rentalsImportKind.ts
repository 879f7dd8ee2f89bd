/**
 * The `rentals` import kind: rental housing (出租房屋) — which unit, its landlord, its tenants
 * and the lease dates — from CSV or XLSX. A lease is keyed by unit and start date, so a
 * re-import updates instead of doubling. Small files (one row per lease): one pass, rows kept,
 * then one transaction with the batch journal for rollback, on SQLite or PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { parseDate } from '../../../domain/register/registerColumns';
import type {
  ImportChanges,
  ImportKind,
  ImportOptions,
  ImportProblem,
  ImportSummary,
  PostgresImportTarget,
} from '../importKind';
import {
  commitPostgresRentals,
  readPostgresRentalRegister,
} from '../../store/pg/postgresRentalImport';
import {
  RegisterImportStore,
  type NewImportBatch,
  type UnitAddressRow,
} from '../../store/registerImportStore';
import { TableReader } from '../tableHeader';
import { fileSha256, tableRows } from '../tableRows';
import { UnitMatcher } from '../registers/unitMatcher';

export const RENTAL_FIELDS = [
  {
    key: 'address',
    zh: '房屋地址',
    en: 'Dwelling address',
    required: true,
    headers: ['房屋地址', '出租房屋地址', '地址'],
  },
  { key: 'room', zh: '房号', en: 'Room', required: true, headers: ['房号', '房间号', '室号'] },
  {
    key: 'landlord',
    zh: '出租人',
    en: 'Landlord',
    required: true,
    headers: ['出租人', '房东', '房主', '出租人姓名'],
  },
  {
    key: 'tenants',
    zh: '承租人',
    en: 'Tenants',
    required: true,
    headers: ['承租人', '租客', '承租人姓名'],
  },
  {
    key: 'startDate',
    zh: '租赁开始日期',
    en: 'Lease start',
    required: true,
    headers: ['租赁开始日期', '起租日期', '租期开始'],
  },
  {
    key: 'endDate',
    zh: '租赁结束日期',
    en: 'Lease end',
    required: true,
    headers: ['租赁结束日期', '到期日期', '租期结束'],
  },
] as const;

type RentalField = (typeof RENTAL_FIELDS)[number]['key'];

export interface LeaseRow {
  unitId: number;
  landlordName: string;
  tenants: string;
  startDate: string;
  endDate: string;
}

/** A lease already in the register (unit and start date), as a re-import finds it. */
export interface ExistingLease {
  id: number;
  landlordName: string;
  tenants: string;
  endDate: string;
}

/** A checked row: the lease, with the register's lease of its unit and start date. */
export interface RentalWrite {
  lease: LeaseRow;
  existing: ExistingLease | null;
}

/** A lease a commit writes: new (`existingId` null), or changed and journaled as it was. */
export interface LeaseWrite {
  lease: LeaseRow;
  existingId: number | null;
  before: string | null;
}

/** What a commit writes on either engine, in the file's order (the journal's). */
export function rentalChanges(leases: readonly RentalWrite[]): LeaseWrite[] {
  const writes: LeaseWrite[] = [];
  for (const { lease, existing } of leases) {
    if (existing === null) writes.push({ lease, existingId: null, before: null });
    else if (
      existing.landlordName !== lease.landlordName ||
      existing.tenants !== lease.tenants ||
      existing.endDate !== lease.endDate
    ) {
      writes.push({ lease, existingId: existing.id, before: JSON.stringify(existing) });
    }
  }
  return writes;
}

export async function runRentalsImport(
  db: Database.Database,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const store = new RegisterImportStore(db);
  const { summary, leases } = await rentalsPass(
    filePath,
    store.unitAddresses(),
    (unitId, startDate) => store.findLease(unitId, startDate),
    options,
  );
  if (options.dryRun || summary.accepted === 0) return summary;
  if (options.signal?.aborted) throw new Error('import stopped / 导入已停止');
  const batch = await rentalBatchOf(filePath, summary, options);
  db.transaction(() => {
    store.beginBatch(batch);
    for (const { lease, existingId, before } of rentalChanges(leases)) {
      if (existingId === null) {
        const id = store.insertLease({ ...lease, batchId: batch.id });
        store.journal(batch.id, 'lease', id, 'created', null);
      } else {
        store.updateLease(existingId, lease);
        store.journal(batch.id, 'lease', existingId, 'updated', before);
      }
    }
  })();
  summary.batchId = batch.id;
  options.onProgress?.(summary.rows, summary.rows);
  return summary;
}

/** The same import into PostgreSQL (store/pg/postgresRentalImport.ts). */
export async function runRentalsImportPostgres(
  target: PostgresImportTarget,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const register = await readPostgresRentalRegister(target.pool);
  const { summary, leases } = await rentalsPass(
    filePath,
    register.units,
    register.findLease,
    options,
  );
  if (options.dryRun || summary.accepted === 0) return summary;
  if (options.signal?.aborted) throw new Error('import stopped / 导入已停止');
  const batch = await rentalBatchOf(filePath, summary, options);
  await commitPostgresRentals(target.pool, batch, rentalChanges(leases));
  summary.batchId = batch.id;
  options.onProgress?.(summary.rows, summary.rows);
  return summary;
}

async function rentalBatchOf(
  filePath: string,
  summary: ImportSummary,
  options: ImportOptions,
): Promise<NewImportBatch> {
  return {
    id: randomUUID(),
    kind: 'rentals',
    fileName: basename(filePath),
    fileSha256: options.fileSha256 ?? (await fileSha256(filePath)),
    actor: options.actor,
    createdAt: new Date().toISOString(),
    rows: summary.rows,
    accepted: summary.accepted,
    rejected: summary.rejected,
    changes: summary.changes,
  };
}

/** The pass over the file: every row checked and matched, the leases it would write. */
async function rentalsPass(
  filePath: string,
  units: readonly UnitAddressRow[],
  findLease: (unitId: number, startDate: string) => ExistingLease | null,
  options: ImportOptions,
): Promise<{ summary: ImportSummary; leases: RentalWrite[] }> {
  const matcher = new UnitMatcher(units);
  const problems: ImportProblem[] = [];
  const changes: ImportChanges = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const leases: RentalWrite[] = [];
  const seen = new Map<string, number>();
  const table = new TableReader(tableRows(filePath), RENTAL_FIELDS, options.mapping, false);
  let rows = 0;
  for await (const record of table.records()) {
    rows++;
    const dataRow = record.row;
    const cell = record.cell.bind(record);
    const rowProblems: ImportProblem[] = [];
    const problem = (field: RentalField, code: string, zh: string, en: string): void => {
      rowProblems.push(record.problem(field, code, zh, en));
    };
    const match = matcher.match(cell('address'), '', cell('room'));
    if (!('unitId' in match)) {
      const hint =
        match.code === 'address-unknown' && match.suggestions.length > 0
          ? match.suggestions.join('；')
          : '';
      problem(
        match.code === 'address-unknown' || match.code === 'address-empty' ? 'address' : 'room',
        match.code,
        `房屋“${cell('address')} ${cell('room')}”未找到${hint === '' ? '' : `，是否为：${hint}`}`,
        `no unit at "${cell('address')} ${cell('room')}"${hint === '' ? '' : `; did you mean: ${hint}`}`,
      );
    }
    const landlordName = cell('landlord').normalize('NFKC').trim();
    if (landlordName === '')
      problem('landlord', 'landlord-empty', '出租人为空', 'landlord is empty');
    const tenants = cell('tenants')
      .normalize('NFKC')
      .split(/[,，、;；\s]+/)
      .filter((name) => name !== '')
      .join('、');
    if (tenants === '') problem('tenants', 'tenants-empty', '承租人为空', 'no tenant named');
    const startDate = parseDate(cell('startDate'));
    const endDate = parseDate(cell('endDate'));
    if (startDate === null)
      problem(
        'startDate',
        'date-invalid',
        `租赁开始日期“${cell('startDate')}”无效`,
        `lease start "${cell('startDate')}" is not a date`,
      );
    if (endDate === null)
      problem(
        'endDate',
        'date-invalid',
        `租赁结束日期“${cell('endDate')}”无效`,
        `lease end "${cell('endDate')}" is not a date`,
      );
    if (startDate !== null && endDate !== null && endDate < startDate) {
      problem(
        'endDate',
        'lease-order',
        '租赁结束日期早于开始日期',
        'the lease ends before it starts',
      );
    }
    if (rowProblems.length === 0 && 'unitId' in match) {
      const key = `${match.unitId}|${startDate}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problem(
          'startDate',
          'duplicate-in-file',
          `同一房屋同一起租日与第 ${earlier} 行重复`,
          `same unit and start date as row ${earlier}`,
        );
      } else {
        seen.set(key, dataRow);
        const lease = {
          unitId: match.unitId,
          landlordName,
          tenants,
          startDate: startDate!,
          endDate: endDate!,
        };
        const existing = findLease(match.unitId, startDate!);
        if (existing === null) changes.created++;
        else if (
          existing.landlordName === landlordName &&
          existing.tenants === tenants &&
          existing.endDate === endDate
        ) {
          changes.unchanged++;
        } else changes.updated++;
        leases.push({ lease, existing });
      }
    }
    problems.push(...rowProblems);
    if (rows % 1000 === 0) options.onProgress?.(rows, null);
  }
  problems.unshift(...table.fileProblems);
  const fileProblem = table.fileProblems.length > 0;
  const accepted = fileProblem ? 0 : leases.length;
  const summary: ImportSummary = {
    kind: 'rentals',
    rows,
    accepted,
    rejected: rows - accepted,
    changes: fileProblem ? { created: 0, updated: 0, moved: 0, unchanged: 0 } : changes,
    problems,
    mapping: table.mapping,
    batchId: null,
    dryRun: options.dryRun,
  };
  return { summary, leases };
}

export const rentalsImportKind: ImportKind = {
  name: 'rentals',
  accepts: ['csv', 'xlsx'],
  fields: RENTAL_FIELDS.map(({ key, zh, en, required }) => ({ key, zh, en, required })),
  run: runRentalsImport,
  runPostgres: runRentalsImportPostgres,
};
