/**
 * The audit log's hash chain. Each row's hash covers the hash of the row before it and every
 * field of its own, so editing, removing or inserting a row anywhere breaks every later link.
 * The schema's triggers refuse UPDATE and DELETE (retention of the oldest rows excepted, which
 * moves audit_anchor) and any INSERT that does not extend the chain; `verifyAuditChain` walks
 * it (npm run audit:verify) and names the first row that does not fit.
 */
import { createHash } from 'node:crypto';
import type { AuditChainReport } from '../audit/auditLogReader';
import type { SqliteDatabase } from './openDatabase';

export type { AuditChainReport };

export interface ChainedFields {
  id: number;
  at: string;
  username: string;
  action: string;
  targetType: string;
  targetId: string;
  fields: string;
  reason: string;
}

/** The name under which every connection of the service defines the hash for the triggers. */
export const AUDIT_ROW_HASH_FUNCTION = 'audit_row_hash';

export function auditRowHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        prevHash,
        row.id,
        row.at,
        row.username,
        row.action,
        row.targetType,
        row.targetId,
        row.fields,
        row.reason,
      ]),
    )
    .digest('hex');
}

/** Defines audit_row_hash(prev, id, at, username, action, target_type, target_id, fields, reason). */
export function defineAuditRowHash(db: SqliteDatabase): void {
  db.function(
    AUDIT_ROW_HASH_FUNCTION,
    { deterministic: true },
    (prev, id, at, username, action, targetType, targetId, fields, reason) =>
      auditRowHash(String(prev), {
        id: Number(id),
        at: String(at),
        username: String(username),
        action: String(action),
        targetType: String(targetType),
        targetId: String(targetId),
        fields: String(fields),
        reason: String(reason),
      }),
  );
}

export interface StoredChainRow extends ChainedFields {
  prevHash: string;
  hash: string;
}

export interface AuditAnchor {
  lastDeletedId: number;
  lastDeletedHash: string;
}

/**
 * Walks the chain from its anchor, one row at a time in id order (the log need not fit in
 * memory); either engine's reader feeds it its rows.
 */
export class AuditChainWalk {
  private prevHash: string;
  private prevId: number;
  private rows = 0;
  private broken: { id: number; problem: string } | null = null;

  constructor(private readonly anchor: AuditAnchor) {
    this.prevHash = anchor.lastDeletedHash;
    this.prevId = anchor.lastDeletedId;
  }

  /** Checks the next row; false once the chain is broken (later rows are not looked at). */
  visit(row: StoredChainRow): boolean {
    if (this.broken !== null) return false;
    this.rows++;
    const problem = this.problemOf(row);
    if (problem !== null) {
      this.broken = { id: row.id, problem };
      return false;
    }
    this.prevHash = row.hash;
    this.prevId = row.id;
    return true;
  }

  report(): AuditChainReport {
    return {
      ok: this.broken === null,
      rows: this.rows,
      firstBroken: this.broken,
      headHash: this.prevHash,
      anchor: this.anchor,
    };
  }

  private problemOf(row: StoredChainRow): string | null {
    const { anchor } = this;
    if (this.rows === 1 && anchor.lastDeletedId > 0 && row.id !== anchor.lastDeletedId + 1)
      return `rows between the anchor (${anchor.lastDeletedId}) and ${row.id} are missing`;
    if (row.id <= this.prevId) return 'id out of order';
    if (row.prevHash !== this.prevHash)
      return 'prev_hash does not match the row before (a row was removed or inserted)';
    if (row.hash !== auditRowHash(this.prevHash, row))
      return 'hash does not match the row (it was edited)';
    return null;
  }
}

type Row = Record<string, unknown>;

/** An audit row's own columns, in SQL (either engine). */
export const AUDIT_COLUMNS = 'id, at, username, action, target_type, target_id, fields, reason';
/** The columns a chain walk reads, and an append writes, in this order. */
export const CHAIN_COLUMNS = `${AUDIT_COLUMNS}, prev_hash, hash`;

export function toAuditRecord(row: Row): ChainedFields {
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

export function storedChainRow(row: Row): StoredChainRow {
  return { ...toAuditRecord(row), prevHash: String(row.prev_hash), hash: String(row.hash) };
}

/** The values of CHAIN_COLUMNS for a row appended as `id` after a row hashed `prevHash`. */
export function chainedRowValues(
  id: number,
  prevHash: string,
  row: Omit<ChainedFields, 'id'>,
): Array<string | number> {
  const fields = { id, ...row };
  return [
    id,
    row.at,
    row.username,
    row.action,
    row.targetType,
    row.targetId,
    row.fields,
    row.reason,
    prevHash,
    auditRowHash(prevHash, fields),
  ];
}

export function verifyAuditChain(db: SqliteDatabase): AuditChainReport {
  const anchorRow = db
    .prepare('SELECT last_deleted_id, last_deleted_hash FROM audit_anchor WHERE one = 1')
    .get() as Row | undefined;
  const walk = new AuditChainWalk({
    lastDeletedId: Number(anchorRow?.last_deleted_id ?? 0),
    lastDeletedHash: String(anchorRow?.last_deleted_hash ?? ''),
  });
  const rowsInOrder = db
    .prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY id`)
    .iterate() as IterableIterator<Row>;
  for (const row of rowsInOrder) if (!walk.visit(storedChainRow(row))) break;
  return walk.report();
}
