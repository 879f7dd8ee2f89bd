/**
 * Runs one import of any kind the same way for the CLI and the HTTP routes: checks the kind
 * and the file type, hashes the file, runs the kind, writes the problem list to
 * `$DATA_DIR/imports/` as CSV and XLSX, and writes the audit row (who, when, file, hash,
 * counts) through the audit repository.
 */
import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Crs } from '../../domain/geo/crs';
import type { NewAuditRecord } from '../audit/auditRepository';
import { writeErrorCsv, writeErrorXlsx } from './errorFile';
import type { ImportKind, ImportOptions, ImportSummary, ImportTarget } from './importKind';
import { findImportKind, importKinds } from './importKinds';
import { fileSha256 } from './tableRows';

export class ImportRequestError extends Error {
  constructor(
    readonly code: string,
    readonly messageZh: string,
    messageEn: string,
  ) {
    super(messageEn);
  }
}

export interface RunImportRequest {
  kind: string;
  filePath: string;
  /** The name the user gave the file (an upload is stored under another name). */
  fileName?: string;
  crs: Crs;
  dryRun: boolean;
  mapping?: Readonly<Record<string, string>>;
  actor: string;
  dataDir: string;
  /** Writes the audit row (after the import's own transaction, as on either engine). */
  recordAudit: (audit: NewAuditRecord) => number | Promise<number>;
  onProgress?: (done: number, total: number | null) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface ImportResult extends ImportSummary {
  fileName: string;
  fileSha256: string;
  /** The CSV problem list (null when there were no problems). */
  errorFile: string | null;
  /** The same list as XLSX. */
  errorFileXlsx: string | null;
  auditId: number;
}

export function importsDir(dataDir: string): string {
  return join(dataDir, 'imports');
}

export async function runImport(
  target: ImportTarget,
  request: RunImportRequest,
): Promise<ImportResult> {
  const kind = findImportKind(request.kind);
  if (kind === null) {
    const known = importKinds().map((entry) => entry.name);
    throw new ImportRequestError(
      'kind-unknown',
      `导入类型“${request.kind}”暂不可用（可用：${known.join('、') || '无'}）`,
      `import kind "${request.kind}" is not available (available: ${known.join(', ') || 'none'})`,
    );
  }
  const fileName = request.fileName ?? basename(request.filePath);
  const ending = extname(fileName).slice(1).toLowerCase();
  if (!kind.accepts.includes(ending)) {
    throw new ImportRequestError(
      'file-type',
      `“${request.kind}”导入不接受 .${ending} 文件（可用：${kind.accepts.join('、')}）`,
      `"${request.kind}" imports do not take .${ending} files (use ${kind.accepts.join(', ')})`,
    );
  }
  if (target.engine === 'postgres' && kind.runPostgres === undefined) {
    const available = importKinds().filter((entry) => entry.runPostgres !== undefined);
    throw new ImportRequestError(
      'kind-engine',
      `“${request.kind}”导入暂不支持 PostgreSQL（可用：${available.map((entry) => entry.name).join('、')}）`,
      `"${request.kind}" imports do not run on PostgreSQL yet (available: ${available.map((entry) => entry.name).join(', ')})`,
    );
  }
  const now = request.now ?? (() => new Date());
  const sha = await fileSha256(request.filePath);
  const summary = await runKind(kind, target, request.filePath, {
    crs: request.crs,
    dryRun: request.dryRun,
    mapping: request.mapping,
    actor: request.actor,
    onProgress: request.onProgress,
    signal: request.signal,
    fileSha256: sha,
  });
  let errorFile: string | null = null;
  let errorFileXlsx: string | null = null;
  if (summary.problems.length > 0) {
    const dir = importsDir(request.dataDir);
    await mkdir(dir, { recursive: true });
    const stem = `${now().toISOString().replace(/[:.]/g, '-')}-${kind.name}-${sha.slice(0, 12)}-problems`;
    errorFile = join(dir, `${stem}.csv`);
    errorFileXlsx = join(dir, `${stem}.xlsx`);
    await writeErrorCsv(errorFile, summary.problems);
    await writeErrorXlsx(errorFileXlsx, summary.problems);
  }
  const auditId = await request.recordAudit({
    at: now().toISOString(),
    username: request.actor,
    action: request.dryRun ? 'import_preview' : 'import_commit',
    targetType: 'import',
    targetId: summary.batchId ?? sha,
    fields: JSON.stringify({
      kind: kind.name,
      file: fileName,
      sha256: sha,
      rows: summary.rows,
      accepted: summary.accepted,
      rejected: summary.rejected,
      changes: summary.changes,
    }),
    reason: '',
  });
  return { ...summary, fileName, fileSha256: sha, errorFile, errorFileXlsx, auditId };
}

function runKind(
  kind: ImportKind,
  target: ImportTarget,
  filePath: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  return target.engine === 'sqlite'
    ? kind.run(target.db, filePath, options)
    : kind.runPostgres!(target, filePath, options);
}
