/**
 * Residents' photos in SQLite (decision 0032): one row per photo, bound to its report, and the
 * photo listed on the report's own step in the same transaction, so the wall's incident drawer
 * shows it as it shows a worker's feedback photos.
 */
import type { Attachment } from '../../domain/incidents/incident';
import type { ResidentPhotoRepository } from '../incidents/photos/residentPhotos';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

export class SqliteResidentPhotoStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  addToReport(
    photo: { id: string; incidentId: string; bytes: number; createdAtMs: number },
    attachment: Attachment,
    maxPerReport: number,
  ): boolean {
    return this.db.transaction((): boolean => {
      const { count } = this.statements
        .get('SELECT COUNT(*) AS count FROM resident_photos WHERE incident_id = ?')
        .get(photo.incidentId) as { count: number };
      if (count >= maxPerReport) return false;
      this.statements
        .get(
          'INSERT INTO resident_photos (id, incident_id, bytes, created_at_ms) VALUES (?, ?, ?, ?)',
        )
        .run(photo.id, photo.incidentId, photo.bytes, photo.createdAtMs);
      this.statements
        .get(
          "UPDATE incident_transitions SET attachments = json_insert(attachments, '$[#]', json(?)) " +
            "WHERE incident_id = ? AND action = 'report'",
        )
        .run(JSON.stringify(attachment), photo.incidentId);
      return true;
    })();
  }

  isResidentPhoto(id: string): boolean {
    return this.statements.get('SELECT 1 FROM resident_photos WHERE id = ?').get(id) !== undefined;
  }
}

export function sqliteResidentPhotoRepository(db: SqliteDatabase): ResidentPhotoRepository {
  return promisedMethods(new SqliteResidentPhotoStore(db), ['addToReport', 'isResidentPhoto']);
}
