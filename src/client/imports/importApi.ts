/**
 * The import routes from the browser: the session cookie authenticates (same origin). The file
 * goes up as the raw body, so the server streams it to disk without a multipart parser.
 */
import {
  EXPIRING_API_PATH,
  IMPORT_BATCHES_API_PATH,
  IMPORT_JOBS_API_PATH,
  IMPORT_KINDS_API_PATH,
  IMPORT_UPLOADS_API_PATH,
  type ExpiringListsWire,
  type ImportBatchWire,
  type ImportJobWire,
  type ImportKindInfo,
  type UploadPreviewWire,
} from '../../shared/imports';

export class ImportApiError extends Error {}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = (body as { message?: string } | null)?.message ?? `${response.status} ${text}`;
    throw new ImportApiError(message);
  }
  return body as T;
}

export type Fetch = typeof fetch;

export function importApi(fetchImpl: Fetch = (input, init) => fetch(input, init)) {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  return {
    kinds: async () =>
      answer<ImportKindInfo[]>(
        await fetchImpl(IMPORT_KINDS_API_PATH, { credentials: 'same-origin' }),
      ),
    upload: async (kind: string, file: File) =>
      answer<UploadPreviewWire>(
        await fetchImpl(
          `${IMPORT_UPLOADS_API_PATH}?kind=${encodeURIComponent(kind)}&name=${encodeURIComponent(file.name)}`,
          {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/octet-stream' },
            body: file,
          },
        ),
      ),
    start: async (uploadId: string, dryRun: boolean, mapping: Record<string, string>) =>
      answer<ImportJobWire>(
        await fetchImpl(IMPORT_JOBS_API_PATH, {
          method: 'POST',
          credentials: 'same-origin',
          headers: json,
          body: JSON.stringify({ uploadId, dryRun, mapping }),
        }),
      ),
    job: async (jobId: string) =>
      answer<ImportJobWire>(
        await fetchImpl(`${IMPORT_JOBS_API_PATH}/${jobId}`, { credentials: 'same-origin' }),
      ),
    problemFileUrl: (jobId: string, format: 'csv' | 'xlsx') =>
      `${IMPORT_JOBS_API_PATH}/${jobId}/problems?format=${format}`,
    batches: async () =>
      answer<ImportBatchWire[]>(
        await fetchImpl(IMPORT_BATCHES_API_PATH, { credentials: 'same-origin' }),
      ),
    expiring: async (days: number, gridCode: string | null) =>
      answer<ExpiringListsWire>(
        await fetchImpl(
          `${EXPIRING_API_PATH}?days=${days}${gridCode === null ? '' : `&grid=${encodeURIComponent(gridCode)}`}`,
          { credentials: 'same-origin' },
        ),
      ),
    rollback: async (batchId: string) =>
      answer<ImportBatchWire>(
        await fetchImpl(`${IMPORT_BATCHES_API_PATH}/${batchId}/rollback`, {
          method: 'POST',
          credentials: 'same-origin',
        }),
      ),
  };
}

export type ImportApi = ReturnType<typeof importApi>;
