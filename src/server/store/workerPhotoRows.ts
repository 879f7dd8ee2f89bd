/**
 * Workers' photos in SQLite (WorkerPhotoRows, incidents/photos/workerPhotoRows.ts): one row per
 * photo, with the worker who took it, attached to an incident once the worker's report or
 * feedback names it. Photos never attached (the phone lost the answer and sent the photo again,
 * or the report was never sent) are deleted by retention.
 */
import type { ClaimPhotoNow } from '../incidents/photos/photoStore';
import type { WorkerPhotoRows } from '../incidents/photos/workerPhotoRows';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

/** The asynchronous rows over the synchronous store (docs/decisions/0040-postgresql.md). */
export function sqliteWorkerPhotoRows(db: SqliteDatabase): WorkerPhotoRows {
  return promisedMethods(new SqliteWorkerPhotoRows(db), [
    'insert',
    'claim',
    'release',
    'incidentOf',
    'unattachedBefore',
    'deleteUnattached',
  ]);
}

/**
 * The claim, synchronous, for a new report's photos inside the incident's SQLite write
 * transaction (until the incidents' repository claims them itself).
 */
export function sqliteClaimPhotoNow(db: SqliteDatabase): ClaimPhotoNow {
  const rows = new SqliteWorkerPhotoRows(db);
  return (id, workerId, incidentId) => rows.claim(id, workerId, incidentId);
}

class SqliteWorkerPhotoRows {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  insert(id: string, workerId: number, bytes: number, createdAtMs: number): void {
    this.statements
      .get(
        'INSERT INTO incident_photos (id, worker_id, incident_id, bytes, created_at_ms) VALUES (?, ?, NULL, ?, ?)',
      )
      .run(id, workerId, bytes, createdAtMs);
  }

  /** Attaches the worker's own unattached photo to the incident; false when it is not one. */
  claim(id: string, workerId: number, incidentId: string): boolean {
    return (
      this.statements
        .get(
          'UPDATE incident_photos SET incident_id = ? WHERE id = ? AND worker_id = ? AND incident_id IS NULL',
        )
        .run(incidentId, id, workerId).changes > 0
    );
  }

  release(id: string, incidentId: string): void {
    this.statements
      .get('UPDATE incident_photos SET incident_id = NULL WHERE id = ? AND incident_id = ?')
      .run(id, incidentId);
  }

  /** The incident a worker's or resident's photo belongs to: null unattached, undefined unknown. */
  incidentOf(id: string): string | null | undefined {
    const row = this.statements
      .get(
        'SELECT incident_id FROM incident_photos WHERE id = ? ' +
          'UNION ALL SELECT incident_id FROM resident_photos WHERE id = ?',
      )
      .get(id, id) as { incident_id: string | null } | undefined;
    return row?.incident_id;
  }

  /** Unattached photos taken before `cutoffMs`, at most `limit`. */
  unattachedBefore(cutoffMs: number, limit: number): string[] {
    return (
      this.statements
        .get(
          'SELECT id FROM incident_photos WHERE incident_id IS NULL AND created_at_ms < ? LIMIT ?',
        )
        .all(cutoffMs, limit) as Array<{ id: string }>
    ).map((row) => row.id);
  }

  /** Deletes the row of a photo that is still unattached; false when it was attached meanwhile. */
  deleteUnattached(id: string): boolean {
    return (
      this.statements
        .get('DELETE FROM incident_photos WHERE id = ? AND incident_id IS NULL')
        .run(id).changes > 0
    );
  }
}
