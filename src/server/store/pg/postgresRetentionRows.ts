/**
 * Data retention's deletes on PostgreSQL (RetentionRows, dataRetention.ts), checked with the
 * SQLite ones by dataRetention.contract.test.ts. The audit log goes oldest first in one
 * transaction that first locks the chain's anchor row, as an append does: a purge and the
 * appends of every node take turns, and the anchor ends at the last row deleted (it only moves
 * forward; with the audit log's triggers the delete has moved it already).
 */
import type { RetentionRows } from '../../dataRetention';
import { PURGE_DOOR_KNOCK_TASKS_SQL } from '../retentionRows';
import { inTransaction, type PostgresPool } from './postgresPool';

/** The time of a feed event: a transition's, an escalation's, an arrival's, else the report's. */
const EVENT_TIME_SQL =
  "COALESCE((event::jsonb #>> '{transition,atMs}')::double precision, " +
  "(event::jsonb #>> '{escalation,atMs}')::double precision, " +
  "(event::jsonb #>> '{arrival,confirmedAtMs}')::double precision, " +
  "(event::jsonb #>> '{incident,reportedAtMs}')::double precision)";
/** Audit rows read at a time while deleting. */
const AUDIT_BATCH = 500;

export class PostgresRetentionRows implements RetentionRows {
  constructor(private readonly pool: PostgresPool) {}

  async purgeIncidentEventsBefore(cutoffMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM incident_events WHERE ${EVENT_TIME_SQL} < $1`,
      [cutoffMs],
    );
    return rowCount ?? 0;
  }

  purgeAuditBefore(cutoff: Date): Promise<number> {
    const cutoffIso = cutoff.toISOString();
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT 1 FROM audit_anchor WHERE one = 1 FOR UPDATE');
      let deleted = 0;
      let last: { id: number; hash: string } | null = null;
      for (;;) {
        const { rows } = await client.query<{ id: number; at: string; hash: string }>(
          'SELECT id, at, hash FROM audit_log ORDER BY id LIMIT $1',
          [AUDIT_BATCH],
        );
        const firstKept = rows.findIndex((row) => !(row.at < cutoffIso));
        const old = firstKept === -1 ? rows : rows.slice(0, firstKept);
        for (const row of old) {
          await client.query('DELETE FROM audit_log WHERE id = $1', [row.id]);
          last = row;
          deleted++;
        }
        if (old.length < AUDIT_BATCH) break;
      }
      if (last !== null) {
        await client.query(
          'UPDATE audit_anchor SET last_deleted_id = $1, last_deleted_hash = $2 ' +
            'WHERE one = 1 AND last_deleted_id < $1',
          [last.id, last.hash],
        );
      }
      return deleted;
    });
  }

  async purgeMessageOutboxBefore(cutoffMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM message_outbox WHERE created_at_ms < $1',
      [cutoffMs],
    );
    return rowCount ?? 0;
  }

  async purgeDoorKnockTasksBefore(cutoffMs: number): Promise<number> {
    const { rowCount } = await this.pool.query(PURGE_DOOR_KNOCK_TASKS_SQL.replace('?', '$1'), [
      cutoffMs,
    ]);
    return rowCount ?? 0;
  }
}
