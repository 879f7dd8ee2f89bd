/**
 * Retention deletes of the incident feed, the audit log, the message outbox and the
 * door-knocking claims on SQLite
 * (RetentionRows, dataRetention.ts). The feed's rows carry their time inside the event (a
 * transition's, an escalation's, an arrival's, else the report's); the audit log is deleted
 * oldest first, as its triggers demand, which moves its chain's anchor.
 */
import type { RetentionRows } from '../dataRetention';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';

export function sqliteRetentionRows(db: SqliteDatabase): RetentionRows {
  return promisedMethods(
    {
      purgeIncidentEventsBefore: (cutoffMs: number) => purgeIncidentEventsBefore(db, cutoffMs),
      purgeAuditBefore: (cutoff: Date) => purgeAuditBefore(db, cutoff),
      purgeMessageOutboxBefore: (cutoffMs: number) => purgeMessageOutboxBefore(db, cutoffMs),
      purgeDoorKnockTasksBefore: (cutoffMs: number) =>
        db.prepare(PURGE_DOOR_KNOCK_TASKS_SQL).run(cutoffMs).changes,
    },
    [
      'purgeIncidentEventsBefore',
      'purgeAuditBefore',
      'purgeMessageOutboxBefore',
      'purgeDoorKnockTasksBefore',
    ],
  );
}

/** A claim of a scenario still active keeps its household from a second task: it stays. */
export const PURGE_DOOR_KNOCK_TASKS_SQL =
  'DELETE FROM door_knock_tasks WHERE claimed_at_ms < ? AND scenario_id NOT IN ' +
  "(SELECT scenario_id FROM command_events WHERE status = 'active' AND scenario_id IS NOT NULL)";

const EVENT_TIME_SQL =
  "COALESCE(json_extract(event, '$.transition.atMs'), json_extract(event, '$.escalation.atMs'), " +
  "json_extract(event, '$.arrival.confirmedAtMs'), json_extract(event, '$.incident.reportedAtMs'))";

/** Deletes feed events older than `cutoffMs`; returns how many. */
function purgeIncidentEventsBefore(db: SqliteDatabase, cutoffMs: number): number {
  return db.prepare(`DELETE FROM incident_events WHERE ${EVENT_TIME_SQL} < ?`).run(cutoffMs)
    .changes;
}

/** Deletes audit rows older than `cutoff`, oldest first, stopping at the first newer row. */
function purgeAuditBefore(db: SqliteDatabase, cutoff: Date): number {
  const cutoffIso = cutoff.toISOString();
  return db.transaction(() => {
    const oldest = db.prepare('SELECT id, at FROM audit_log ORDER BY id LIMIT 1');
    const remove = db.prepare('DELETE FROM audit_log WHERE id = ?');
    let deleted = 0;
    for (;;) {
      const row = oldest.get() as { id: number; at: string } | undefined;
      if (row === undefined || !(row.at < cutoffIso)) return deleted;
      remove.run(row.id);
      deleted++;
    }
  })();
}

/** Deletes messages the default gateway wrote before `cutoffMs`; returns how many. */
function purgeMessageOutboxBefore(db: SqliteDatabase, cutoffMs: number): number {
  return db.prepare('DELETE FROM message_outbox WHERE created_at_ms < ?').run(cutoffMs).changes;
}
