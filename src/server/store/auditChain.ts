/**
 * The audit log's hash chain. Each row's hash covers the hash of the row before it and every
 * field of its own, so editing, removing or inserting a row anywhere breaks every later link.
 * The schema's triggers refuse UPDATE and DELETE (retention of the oldest rows excepted, which
 * moves audit_anchor) and any INSERT that does not extend the chain; `verifyAuditChain` walks
 * it (npm run audit:verify) and names the first row that does not fit.
 */
import { createHash } from 'node:crypto';
import type { SqliteDatabase } from './openDatabase';

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

type Row = Record<string, unknown>;

export function verifyAuditChain(db: SqliteDatabase): AuditChainReport {
  const anchorRow = db
    .prepare('SELECT last_deleted_id, last_deleted_hash FROM audit_anchor WHERE one = 1')
    .get() as Row | undefined;
  const anchor = {
    lastDeletedId: Number(anchorRow?.last_deleted_id ?? 0),
    lastDeletedHash: String(anchorRow?.last_deleted_hash ?? ''),
  };
  let prevHash = anchor.lastDeletedHash;
  let prevId = anchor.lastDeletedId;
  let rows = 0;
  const rowsInOrder = db
    .prepare(
      'SELECT id, at, username, action, target_type, target_id, fields, reason, prev_hash, hash ' +
        'FROM audit_log ORDER BY id',
    )
    .iterate() as IterableIterator<Row>;
  for (const row of rowsInOrder) {
    rows++;
    const id = Number(row.id);
    const broken = (problem: string): AuditChainReport => ({
      ok: false,
      rows,
      firstBroken: { id, problem },
      headHash: prevHash,
      anchor,
    });
    if (rows === 1 && anchor.lastDeletedId > 0 && id !== anchor.lastDeletedId + 1)
      return broken(`rows between the anchor (${anchor.lastDeletedId}) and ${id} are missing`);
    if (id <= prevId) return broken('id out of order');
    if (String(row.prev_hash) !== prevHash)
      return broken('prev_hash does not match the row before (a row was removed or inserted)');
    const expected = auditRowHash(prevHash, {
      id,
      at: String(row.at),
      username: String(row.username),
      action: String(row.action),
      targetType: String(row.target_type),
      targetId: String(row.target_id),
      fields: String(row.fields),
      reason: String(row.reason),
    });
    if (String(row.hash) !== expected) return broken('hash does not match the row (it was edited)');
    prevHash = expected;
    prevId = id;
  }
  return { ok: true, rows, firstBroken: null, headHash: prevHash, anchor };
}
