/** Wire types and paths of the import routes (admin page "数据导入"). */

export const IMPORTS_API_PATH = '/api/imports';
export const IMPORT_UPLOADS_API_PATH = `${IMPORTS_API_PATH}/uploads`;
export const IMPORT_JOBS_API_PATH = `${IMPORTS_API_PATH}/jobs`;
export const IMPORT_BATCHES_API_PATH = `${IMPORTS_API_PATH}/batches`;
export const IMPORT_KINDS_API_PATH = `${IMPORTS_API_PATH}/kinds`;
/** At most this many problems travel in a job answer; all are in the problem file. */
export const IMPORT_PROBLEMS_ON_WIRE = 500;

export interface ImportFieldInfo {
  key: string;
  zh: string;
  en: string;
  required: boolean;
}

export interface ImportKindInfo {
  name: string;
  accepts: string[];
  fields: ImportFieldInfo[];
}

export interface UploadPreviewWire {
  uploadId: string;
  fileName: string;
  bytes: number;
  columns: string[];
  sample: string[][];
}

export interface ImportProblemWire {
  row: number | null;
  column?: string;
  feature?: string;
  code: string;
  messageZh: string;
  messageEn: string;
  severity: 'error' | 'warning';
}

export interface ImportChangesWire {
  created: number;
  updated: number;
  moved: number;
  unchanged: number;
}

export interface ImportResultWire {
  kind: string;
  rows: number;
  accepted: number;
  rejected: number;
  changes: ImportChangesWire;
  mapping: Record<string, string>;
  batchId: string | null;
  dryRun: boolean;
  fileName: string;
  fileSha256: string;
  problemCount: number;
  /** The first IMPORT_PROBLEMS_ON_WIRE problems. */
  problems: ImportProblemWire[];
  hasProblemFile: boolean;
}

export interface ImportJobWire {
  id: string;
  uploadId: string;
  kind: string;
  dryRun: boolean;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  result: ImportResultWire | null;
  error: { code: string; messageZh: string; messageEn: string } | null;
}

export interface ImportBatchWire {
  id: string;
  kind: string;
  fileName: string;
  fileSha256: string;
  actor: string;
  createdAt: string;
  rows: number;
  accepted: number;
  rejected: number;
  changes: ImportChangesWire;
  rolledBackAt: string | null;
  rolledBackBy: string | null;
}

export const EXPIRING_API_PATH = '/api/rentals/expiring';
/** The default window of the expiring lists, in days. */
export const EXPIRING_DEFAULT_DAYS = 30;

export interface ExpiringListsWire {
  from: string;
  to: string;
  leases: Array<{
    leaseId: number;
    gridCode: string;
    address: string;
    roomLabel: string;
    landlordName: string;
    tenants: string;
    startDate: string;
    endDate: string;
  }>;
  permits: Array<{
    personId: number;
    gridCode: string;
    name: string;
    address: string;
    roomLabel: string;
    permitExpires: string;
  }>;
}
