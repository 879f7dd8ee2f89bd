/**
 * Filtered reads of `audit_log` (SELECT only: the log's writes belong to SqliteAuditStore). The
 * reader is asynchronous (sqliteAuditLogReader); each method runs the synchronous one to its end
 * (promisedMethods.ts), an export's walk over the rows included.
 */
import type { AuditEntry, AuditQuery } from '../../shared/api';
import type { AuditChainReport, AuditLogReader } from '../audit/auditLogReader';
import type { PageRequest } from '../registry/registryRecords';
import { AUDIT_COLUMNS as COLUMNS, toAuditRecord as toEntry, verifyAuditChain } from './auditChain';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';

type Row = Record<string, unknown>;

function whereOf(filter: AuditQuery): { sql: string; values: string[] } {
  const clauses: string[] = [];
  const values: string[] = [];
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    values.push(value);
  };
  equal('username', filter.username);
  equal('action', filter.action);
  equal('target_type', filter.targetType);
  equal('target_id', filter.targetId);
  if (filter.from !== undefined) {
    clauses.push('at >= ?');
    values.push(filter.from);
  }
  if (filter.to !== undefined) {
    clauses.push('at < ?');
    values.push(filter.to);
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, values };
}

export function sqliteAuditLogReader(db: SqliteDatabase): AuditLogReader {
  return promisedMethods(new SqliteAuditLogReader(db), ['queryAudit', 'eachAudit', 'verifyChain']);
}

export class SqliteAuditLogReader {
  constructor(private readonly db: SqliteDatabase) {}

  verifyChain(): AuditChainReport {
    return verifyAuditChain(this.db);
  }

  queryAudit(filter: AuditQuery, page: PageRequest): { total: number; items: AuditEntry[] } {
    const where = whereOf(filter);
    const total = this.db
      .prepare(`SELECT COUNT(*) AS n FROM audit_log ${where.sql}`)
      .get(...where.values) as Row;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(...where.values, page.pageSize, (page.page - 1) * page.pageSize) as Row[];
    return { total: Number(total.n), items: rows.map(toEntry) };
  }

  eachAudit(filter: AuditQuery, visit: (entry: AuditEntry) => void): void {
    const where = whereOf(filter);
    const statement = this.db.prepare(
      `SELECT ${COLUMNS} FROM audit_log ${where.sql} ORDER BY id ASC`,
    );
    for (const row of statement.iterate(...where.values)) visit(toEntry(row as Row));
  }
}
