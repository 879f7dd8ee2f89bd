/** Filtered reads of `audit_log` (SELECT only: the log's writes belong to SqliteAuditStore). */
import type { AuditEntry, AuditQuery } from '../../shared/api';
import type { AuditLogReader } from '../audit/auditLogReader';
import type { PageRequest } from '../registry/registryRecords';
import type { SqliteDatabase } from './openDatabase';

type Row = Record<string, unknown>;

const COLUMNS = 'id, at, username, action, target_type, target_id, fields, reason';

function toEntry(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: String(row.at),
    username: String(row.username),
    action: String(row.action),
    targetType: String(row.target_type),
    targetId: String(row.target_id),
    fields: String(row.fields),
    reason: String(row.reason),
  };
}

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

export class SqliteAuditLogReader implements AuditLogReader {
  constructor(private readonly db: SqliteDatabase) {}

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
