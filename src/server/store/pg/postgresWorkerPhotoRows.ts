/**
 * The PostgreSQL adapter of WorkerPhotoRows (migration 0007's `incident_photos`), checked with
 * the SQLite one by incidents/photos/workerPhotoRows.contract.test.ts. A claim and a deletion are
 * conditional on the row being unattached, so under concurrent writers (two nodes) the second
 * waits for the first's row lock, sees the row changed and does nothing.
 */
import type { WorkerPhotoRows } from '../../incidents/photos/workerPhotoRows';
import type { PostgresPool } from './postgresPool';

export class PostgresWorkerPhotoRows implements WorkerPhotoRows {
  constructor(private readonly pool: PostgresPool) {}

  async insert(id: string, workerId: number, bytes: number, createdAtMs: number): Promise<void> {
    await this.pool.query(
      'INSERT INTO incident_photos (id, worker_id, incident_id, bytes, created_at_ms) ' +
        'VALUES ($1, $2, NULL, $3, $4)',
      [id, workerId, bytes, createdAtMs],
    );
  }

  async claim(id: string, workerId: number, incidentId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE incident_photos SET incident_id = $1 ' +
        'WHERE id = $2 AND worker_id = $3 AND incident_id IS NULL',
      [incidentId, id, workerId],
    );
    return rowCount === 1;
  }

  async release(id: string, incidentId: string): Promise<void> {
    await this.pool.query(
      'UPDATE incident_photos SET incident_id = NULL WHERE id = $1 AND incident_id = $2',
      [id, incidentId],
    );
  }

  async incidentOf(id: string): Promise<string | null | undefined> {
    const { rows } = await this.pool.query<{ incident_id: string | null }>(
      'SELECT incident_id FROM incident_photos WHERE id = $1 ' +
        'UNION ALL SELECT incident_id FROM resident_photos WHERE id = $1',
      [id],
    );
    return rows[0]?.incident_id;
  }

  async unattachedBefore(cutoffMs: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM incident_photos WHERE incident_id IS NULL AND created_at_ms < $1 LIMIT $2',
      [cutoffMs, limit],
    );
    return rows.map((row) => row.id);
  }

  async deleteUnattached(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM incident_photos WHERE id = $1 AND incident_id IS NULL',
      [id],
    );
    return rowCount === 1;
  }
}
