/**
 * A resident's photos of their own report (decision 0032), uploaded from the public page after
 * the create: only with the token the create answered with (which only the reporting phone
 * holds), only to a citizen's report, only shortly after it was filed, and a few at most. The
 * file is a JPEG by its bytes, stored without its metadata (PhotoStore), and listed on the
 * report's own step, where the wall's drawer and GeoReport's media_url find it.
 */
import type { Attachment, Incident } from '../../../domain/incidents/incident';
import { PHOTOS_API_PATH } from '../../../shared/incidents';
import { reporterChannelOf } from '../incidentActors';
import { MAX_PHOTO_BYTES, PhotoRefused, type PhotoStore } from './photoStore';

/** Photos one report may carry. */
export const MAX_PHOTOS_PER_REPORT = 3;
/** After this, a report takes no more photos: they belong to the moment it was filed. */
export const RESIDENT_PHOTO_WINDOW_MS = 30 * 60_000;

/**
 * Adapters: store/residentPhotoRows.ts (SQLite), store/pg/postgresResidentPhotos.ts; contract
 * suite residentPhotoRepository.contract.test.ts.
 */
export interface ResidentPhotoRepository {
  /**
   * One transaction: the photo's row and its listing on the report's step, unless the report has
   * `maxPerReport` photos already (false; nothing is written then). Photos sent at once count
   * one after another.
   */
  addToReport(
    photo: { id: string; incidentId: string; bytes: number; createdAtMs: number },
    attachment: Attachment,
    maxPerReport: number,
  ): Promise<boolean>;
  isResidentPhoto(id: string): Promise<boolean>;
}

export type ResidentPhotoOutcome =
  | { ok: true; photoId: string; url: string }
  | { ok: false; status: 403 | 404 | 409 | 413 | 415; description: string };

export interface ResidentPhotoDeps {
  photos: Pick<PhotoStore, 'writeFile' | 'removeFile'>;
  repository: ResidentPhotoRepository;
  findIncident: (id: string) => Promise<Incident | null>;
  /** Whether `token` is the one the create of this request answered with. */
  isCreateToken: (id: string, token: unknown) => Promise<boolean>;
  nowMs: () => number;
}

function refused(
  status: 403 | 404 | 409 | 413 | 415,
  description: string,
): Extract<ResidentPhotoOutcome, { ok: false }> {
  return { ok: false, status, description };
}

export class ResidentPhotos {
  constructor(private readonly deps: ResidentPhotoDeps) {}

  /** Whether the photo is a resident's, which anybody may see (a worker's never is). */
  isPublic(photoId: string): Promise<boolean> {
    return this.deps.repository.isResidentPhoto(photoId);
  }

  async add(incidentId: string, token: unknown, bytes: Uint8Array): Promise<ResidentPhotoOutcome> {
    const incident = await this.deps.findIncident(incidentId);
    if (incident === null) return refused(404, `no service request ${incidentId} (未找到)`);
    if (
      reporterChannelOf(incident)?.channel !== 'citizen' ||
      !(await this.deps.isCreateToken(incidentId, token))
    ) {
      return refused(403, 'only the reporting phone may add photos (仅上报本机可添加照片)');
    }
    const nowMs = this.deps.nowMs();
    if (nowMs - incident.reportedAtMs > RESIDENT_PHOTO_WINDOW_MS) {
      return refused(409, 'photos are taken only right after the report (已超过可添加照片的时间)');
    }
    if (bytes.length > MAX_PHOTO_BYTES) {
      return refused(413, `the photo is larger than ${MAX_PHOTO_BYTES} bytes (照片过大)`);
    }
    let stored: { id: string; bytes: number };
    try {
      stored = this.deps.photos.writeFile(bytes);
    } catch (error) {
      if (!(error instanceof PhotoRefused)) throw error;
      return refused(415, `the photo must be a JPEG image (照片须为 JPEG 图像): ${error.message}`);
    }
    const attachment: Attachment = {
      name: `${stored.id}.jpg`,
      mime: 'image/jpeg',
      url: `${PHOTOS_API_PATH}/${stored.id}`,
    };
    const added = await this.deps.repository.addToReport(
      { id: stored.id, incidentId, bytes: stored.bytes, createdAtMs: nowMs },
      attachment,
      MAX_PHOTOS_PER_REPORT,
    );
    if (!added) {
      this.deps.photos.removeFile(stored.id);
      return refused(
        409,
        `a report takes at most ${MAX_PHOTOS_PER_REPORT} photos (每条上报最多 ${MAX_PHOTOS_PER_REPORT} 张照片)`,
      );
    }
    return { ok: true, photoId: stored.id, url: attachment.url };
  }
}
