/**
 * Photos from workers' phones and residents' reports: stored as files readable by the service
 * only (0600), without their metadata. A worker's is recorded with the worker who took it and
 * attached to an incident step once the worker reports back with it; a resident's is bound to
 * its report at once (residentPhotos.ts). A photo is served to users who may see its incident.
 * A worker's photo never attached is deleted, file and row, by retention (`purgeUnattachedBefore`).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attachment } from '../../../domain/incidents/incident';
import { PHOTOS_API_PATH } from '../../../shared/incidents';
import { stripJpegMetadata } from './jpegMetadata';
import type { WorkerPhotoRows } from './workerPhotoRows';

/** Largest photo accepted (the phone sends about 200 kB: 1280 px, JPEG quality 0.75). */
export const MAX_PHOTO_BYTES = 3 * 1024 * 1024;
/** Photos one feedback may carry. */
export const MAX_PHOTOS_PER_STEP = 4;
export const PHOTO_ID_PATTERN = /^[0-9a-f-]{36}$/;

export class PhotoRefused extends Error {}

/** Unattached photos deleted per pass (a pass runs hourly; a backlog goes over a few). */
const PURGE_BATCH = 1_000;

/**
 * Claims a worker's unattached photo for an incident inside the incident's own SQLite write
 * transaction (a new report's photos), synchronously: the incidents' repository is still
 * synchronous there. It goes when the report's claim moves into the incidents' repository.
 */
export type ClaimPhotoNow = (id: string, workerId: number, incidentId: string) => boolean;

/** A claimed photo as an incident step's attachment. */
export function photoAttachment(id: string): Attachment {
  return { name: `${id}.jpg`, mime: 'image/jpeg', url: `${PHOTOS_API_PATH}/${id}` };
}

export class PhotoStore {
  private readonly dir: string;

  constructor(
    private readonly rows: WorkerPhotoRows,
    dataDir: string,
    private readonly claimNow?: ClaimPhotoNow,
  ) {
    this.dir = join(dataDir, 'photos');
  }

  /**
   * Writes a photo's file without its metadata; refuses anything that is not a JPEG (judged by
   * its bytes, whatever the request claimed) or is too big. The new photo's id and stored size.
   */
  writeFile(bytes: Uint8Array): { id: string; bytes: number } {
    if (bytes.length > MAX_PHOTO_BYTES) throw new PhotoRefused('photo too large');
    const clean = stripJpegMetadata(bytes);
    if (clean === null) throw new PhotoRefused('not a JPEG image');
    const id = randomUUID();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(this.dir, `${id}.jpg`), clean, { mode: 0o600 });
    return { id, bytes: clean.length };
  }

  /** The stored file of a photo known to exist. */
  readFile(id: string): Buffer {
    return readFileSync(join(this.dir, `${id}.jpg`));
  }

  /** Removes a file written for a photo that was then not taken. */
  removeFile(id: string): void {
    rmSync(join(this.dir, `${id}.jpg`), { force: true });
  }

  /** Stores a worker's photo; refuses anything that is not a JPEG or is too big. */
  async save(workerId: number, bytes: Uint8Array, nowMs: number): Promise<string> {
    const { id, bytes: size } = this.writeFile(bytes);
    try {
      await this.rows.insert(id, workerId, size, nowMs);
    } catch (error) {
      this.removeFile(id);
      throw error;
    }
    return id;
  }

  /**
   * The worker's own, not yet attached photos among `ids`, attached to the incident now, as the
   * step's attachments. Unknown ids, other workers' photos and used ones are left out.
   */
  async attach(
    ids: readonly string[],
    workerId: number,
    incidentId: string,
  ): Promise<Attachment[]> {
    const attachments: Attachment[] = [];
    for (const id of photoIdsOfStep(ids)) {
      if (await this.rows.claim(id, workerId, incidentId)) attachments.push(photoAttachment(id));
    }
    return attachments;
  }

  /**
   * `attach` inside the incident's SQLite write transaction (a new report: the id is known only
   * there). Nothing is claimed where the store was built without the synchronous claim.
   */
  attachInTransaction(ids: readonly string[], workerId: number, incidentId: string): Attachment[] {
    const { claimNow } = this;
    if (claimNow === undefined) return [];
    return photoIdsOfStep(ids)
      .filter((id) => claimNow(id, workerId, incidentId))
      .map(photoAttachment);
  }

  /** Undoes `attach` for a step that was refused. */
  async release(ids: readonly string[], incidentId: string): Promise<void> {
    for (const id of ids) await this.rows.release(id, incidentId);
  }

  /** The photo and the incident it belongs to; null when unknown or not attached yet. */
  async read(id: string): Promise<{ incidentId: string; bytes: Buffer } | null> {
    if (!PHOTO_ID_PATTERN.test(id)) return null;
    const incidentId = await this.rows.incidentOf(id);
    if (incidentId === undefined || incidentId === null) return null;
    return { incidentId, bytes: this.readFile(id) };
  }

  /**
   * Deletes workers' photos taken before `cutoffMs` and never attached to an incident: the row,
   * then the file (a photo claimed between the listing and its deletion keeps both). Returns how
   * many.
   */
  async purgeUnattachedBefore(cutoffMs: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = await this.rows.unattachedBefore(cutoffMs, PURGE_BATCH);
      for (const id of ids) {
        if (!(await this.rows.deleteUnattached(id))) continue;
        this.removeFile(id);
        deleted++;
      }
      if (ids.length < PURGE_BATCH) return deleted;
    }
  }
}

/** The ids of a step's photos that may be photos: at most MAX_PHOTOS_PER_STEP looked at. */
function photoIdsOfStep(ids: readonly string[]): string[] {
  return ids.slice(0, MAX_PHOTOS_PER_STEP).filter((id) => PHOTO_ID_PATTERN.test(id));
}
