/**
 * Reading the audit log for the auditor: filtered pages and the CSV export. Read-only by
 * construction (no route writes the log except through recordAudit, and none updates or
 * deletes it). Reading the log is itself audited for the export, which takes it all away.
 */
import type { AuditEntry, AuditQuery, Page } from '../../shared/api';
import { hasPermission } from '../auth/roles';
import { LocalizedError, type Caller } from '../registry/accessErrors';
import type { PageRequest } from '../registry/registryRecords';
import type { AuditRepository } from './auditRepository';

/** What a walk of the hash chain found (store/auditChain.ts). */
export interface AuditChainReport {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** The first row that does not fit the chain, and why; null when the chain holds. */
  firstBroken: { id: number; problem: string } | null;
  /** Hash of the newest row: write it down elsewhere to detect a rewrite of the whole chain. */
  headHash: string;
  anchor: { lastDeletedId: number; lastDeletedHash: string };
}

/** Asynchronous (docs/decisions/0040-postgresql.md). */
export interface AuditLogReader {
  queryAudit(
    filter: AuditQuery,
    page: PageRequest,
  ): Promise<{ total: number; items: AuditEntry[] }>;
  /** Every matching row, oldest first; resolves once the last was visited. */
  eachAudit(filter: AuditQuery, visit: (entry: AuditEntry) => void): Promise<void>;
  /** Walks the whole hash chain from its anchor (npm run audit:verify). */
  verifyChain(): Promise<AuditChainReport>;
}

export const AUDIT_EXPORT_ACTION = 'audit_export';
const CSV_COLUMNS: ReadonlyArray<keyof AuditEntry> = [
  'id',
  'at',
  'username',
  'action',
  'targetType',
  'targetId',
  'fields',
  'reason',
];

function requireAuditReader(caller: Caller): void {
  if (!hasPermission(caller.role, 'audit.read')) {
    throw new LocalizedError(403, {
      zh: '您的角色无权查看审计日志',
      en: 'your role may not read the audit log',
    });
  }
}

export async function queryAuditLog(
  reader: AuditLogReader,
  caller: Caller,
  filter: AuditQuery,
  page: PageRequest,
): Promise<Page<AuditEntry>> {
  requireAuditReader(caller);
  const result = await reader.queryAudit(filter, page);
  return { ...page, total: result.total, items: result.items };
}

/**
 * One CSV cell. Cells a spreadsheet would run as a formula (= + - @, tab, CR at the start) get a
 * leading apostrophe: an audit reason typed by a user must not execute on the auditor's desk.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export async function exportAuditCsv(
  reader: AuditLogReader,
  audit: Pick<AuditRepository, 'recordAudit'>,
  caller: Caller,
  filter: AuditQuery,
  now: Date,
): Promise<string> {
  requireAuditReader(caller);
  const lines = [CSV_COLUMNS.join(',')];
  await reader.eachAudit(filter, (entry) => {
    lines.push(CSV_COLUMNS.map((column) => csvCell(entry[column])).join(','));
  });
  await audit.recordAudit({
    at: now.toISOString(),
    username: caller.username,
    action: AUDIT_EXPORT_ACTION,
    targetType: 'audit_log',
    targetId: '',
    fields: JSON.stringify(filter),
    reason: '',
  });
  // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
