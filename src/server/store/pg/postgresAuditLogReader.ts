/**
 * The PostgreSQL AuditLogReader (SELECT only), checked with the SQLite one by
 * audit/auditRepository.contract.test.ts. An export and a walk of the chain read the log in
 * pages by id inside one REPEATABLE READ transaction: one snapshot, as SQLite's single statement
 * sees, without holding the whole log in memory.
 */
import type { AuditEntry, AuditQuery } from '../../../shared/api';
import type { AuditChainReport, AuditLogReader } from '../../audit/auditLogReader';
import type { PageRequest } from '../../registry/registryRecords';
import {
  AUDIT_COLUMNS as COLUMNS,
  AuditChainWalk,
  CHAIN_COLUMNS,
  storedChainRow,
  toAuditRecord as toEntry,
} from '../auditChain';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

const ROWS_PER_READ = 2000;

/** The filter's clauses, numbered from $1; `at` compares byte by byte (COLLATE "C"). */
function whereOf(filter: AuditQuery): { clauses: string[]; values: string[] } {
  const clauses: string[] = [];
  const values: string[] = [];
  const add = (clause: (parameter: string) => string, value: string | undefined) => {
    if (value === undefined) return;
    values.push(value);
    clauses.push(clause(`$${values.length}`));
  };
  add((p) => `username = ${p}`, filter.username);
  add((p) => `action = ${p}`, filter.action);
  add((p) => `target_type = ${p}`, filter.targetType);
  add((p) => `target_id = ${p}`, filter.targetId);
  add((p) => `at >= ${p}`, filter.from);
  add((p) => `at < ${p}`, filter.to);
  return { clauses, values };
}

function whereSql(clauses: readonly string[]): string {
  return clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
}

/** Runs `work` on one snapshot of the database (read only). */
function inSnapshot<T>(pool: PostgresPool, work: (client: PostgresClient) => Promise<T>) {
  return inTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return work(client);
  });
}

/** Visits the rows the clauses select in id order, ROWS_PER_READ at a time. */
async function eachRowById(
  client: PostgresClient,
  columns: string,
  where: { clauses: string[]; values: string[] },
  visit: (row: Row) => boolean,
): Promise<void> {
  let afterId = 0;
  for (;;) {
    const after = `$${where.values.length + 1}`;
    const { rows } = await client.query(
      `SELECT ${columns} FROM audit_log ${whereSql([...where.clauses, `id > ${after}`])} ` +
        `ORDER BY id LIMIT ${ROWS_PER_READ}`,
      [...where.values, afterId],
    );
    for (const row of rows as Row[]) if (!visit(row)) return;
    if (rows.length < ROWS_PER_READ) return;
    afterId = Number((rows as Row[]).at(-1)!.id);
  }
}

export class PostgresAuditLogReader implements AuditLogReader {
  constructor(private readonly pool: PostgresPool) {}

  async queryAudit(
    filter: AuditQuery,
    page: PageRequest,
  ): Promise<{ total: number; items: AuditEntry[] }> {
    const { clauses, values } = whereOf(filter);
    const where = whereSql(clauses);
    const count = values.length;
    const [total, items] = await Promise.all([
      this.pool.query(`SELECT COUNT(*) AS n FROM audit_log ${where}`, values),
      this.pool.query(
        `SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY id DESC ` +
          `LIMIT $${count + 1} OFFSET $${count + 2}`,
        [...values, page.pageSize, (page.page - 1) * page.pageSize],
      ),
    ]);
    return {
      total: Number((total.rows as Row[])[0]!.n),
      items: (items.rows as Row[]).map(toEntry),
    };
  }

  eachAudit(filter: AuditQuery, visit: (entry: AuditEntry) => void): Promise<void> {
    return inSnapshot(this.pool, (client) =>
      eachRowById(client, COLUMNS, whereOf(filter), (row) => {
        visit(toEntry(row));
        return true;
      }),
    );
  }

  verifyChain(): Promise<AuditChainReport> {
    return inSnapshot(this.pool, async (client) => {
      const { rows } = await client.query(
        'SELECT last_deleted_id, last_deleted_hash FROM audit_anchor WHERE one = 1',
      );
      const anchor = (rows as Row[])[0];
      const walk = new AuditChainWalk({
        lastDeletedId: Number(anchor?.last_deleted_id ?? 0),
        lastDeletedHash: String(anchor?.last_deleted_hash ?? ''),
      });
      await eachRowById(client, CHAIN_COLUMNS, { clauses: [], values: [] }, (row) =>
        walk.visit(storedChainRow(row)),
      );
      return walk.report();
    });
  }
}
