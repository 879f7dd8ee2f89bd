/**
 * The PostgreSQL adapter of ResidentPhotoRepository (migration 0007), checked with the SQLite one
 * by incidents/photos/residentPhotoRepository.contract.test.ts. A photo is added in one
 * transaction that first locks the report's incident row: photos sent at once are counted one
 * after another, so a report never holds more than its limit.
 */
import type { Attachment } from '../../../domain/incidents/incident';
import type { ResidentPhotoRepository } from '../../incidents/photos/residentPhotos';
import { inRetriedTransaction, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

export class PostgresResidentPhotos implements ResidentPhotoRepository {
  constructor(private readonly pool: PostgresPool) {}

  addToReport(
    photo: { id: string; incidentId: string; bytes: number; createdAtMs: number },
    attachment: Attachment,
    maxPerReport: number,
  ): Promise<boolean> {
    return inRetriedTransaction(this.pool, async (client) => {
      await client.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [photo.incidentId]);
      const { rows } = await client.query(
        'SELECT count(*) AS count FROM resident_photos WHERE incident_id = $1',
        [photo.incidentId],
      );
      if (Number((rows as Row[])[0]!.count) >= maxPerReport) return false;
      await client.query(
        'INSERT INTO resident_photos (id, incident_id, bytes, created_at_ms) VALUES ($1, $2, $3, $4)',
        [photo.id, photo.incidentId, photo.bytes, photo.createdAtMs],
      );
      // The step's attachments are a JSON array stored as text, as on SQLite.
      await client.query(
        'UPDATE incident_transitions SET attachments = ' +
          '(attachments::jsonb || jsonb_build_array($1::jsonb))::text ' +
          "WHERE incident_id = $2 AND action = 'report'",
        [JSON.stringify(attachment), photo.incidentId],
      );
      return true;
    });
  }

  async isResidentPhoto(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM resident_photos WHERE id = $1', [id]);
    return rowCount === 1;
  }
}
