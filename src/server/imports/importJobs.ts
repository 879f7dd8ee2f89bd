/**
 * Uploaded files and running imports of the HTTP routes. An upload is streamed to a file under
 * `$DATA_DIR/imports/uploads` (never whole in memory, cut off at the size limit); each import
 * runs in a child process (importChild.ts) whose progress the admin page polls. Jobs are kept
 * in memory: they are the server's current work, their lasting trace is the batch and audit row.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { Crs } from '../../domain/geo/crs';
import type { ChildMessage, ChildRequest } from './importChild';
import type { ImportDatabase } from './importDatabase';
import type { ImportResult } from './runImport';
import { importsDir } from './runImport';
import { tableRows } from './tableRows';

const CHILD_PATH = fileURLToPath(new URL('./importChild.ts', import.meta.url));
/** Default upload limit: a register of a few million rows as CSV. */
export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;
const SAMPLE_ROWS = 5;
/** Finished jobs kept for polling and downloads. */
const KEPT_JOBS = 50;

export class ImportJobError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messageZh: string,
    messageEn: string,
  ) {
    super(`${messageZh} (${messageEn})`);
  }
}

export interface Upload {
  id: string;
  kind: string;
  fileName: string;
  path: string;
  bytes: number;
  owner: string;
}

export interface UploadPreview {
  uploadId: string;
  fileName: string;
  bytes: number;
  /** The first row (header) and a few rows after it, for the mapping editor; tables only. */
  columns: string[];
  sample: string[][];
}

export interface ImportJob {
  id: string;
  uploadId: string;
  kind: string;
  dryRun: boolean;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  result: ImportResult | null;
  error: { code: string; messageZh: string; messageEn: string } | null;
}

export class ImportJobs {
  private readonly uploads = new Map<string, Upload>();
  private readonly jobs = new Map<string, ImportJob>();
  private readonly children = new Set<ChildProcess>();
  /** Set by close(): no job starts, and a result arriving meanwhile announces nothing. */
  private closed = false;

  private readonly database: ImportDatabase;

  /**
   * `database`: where the import processes write (docs/decisions/0040); `dbPath` alone is the
   * SQLite file, as before.
   */
  constructor(
    private readonly options: {
      dataDir: string;
      maxBytes: number;
      /** Told after a job committed rows (the server's caches of the register are stale then). */
      onCommitted?: () => void;
    } & ({ database: ImportDatabase } | { dbPath: string }),
  ) {
    this.database =
      'database' in options ? options.database : { engine: 'sqlite', dbPath: options.dbPath };
  }

  /** Streams the body to a file, refusing it past the size limit (the partial file is removed). */
  async receive(
    body: Readable,
    kind: string,
    fileName: string,
    owner: string,
  ): Promise<UploadPreview> {
    const ending = extname(fileName).toLowerCase();
    if (!/^\.[a-z0-9]{1,8}$/.test(ending)) {
      throw new ImportJobError(400, '文件名缺少扩展名', 'the file name has no extension');
    }
    const dir = join(importsDir(this.options.dataDir), 'uploads');
    await mkdir(dir, { recursive: true });
    const id = randomUUID();
    const path = join(dir, `${id}${ending}`);
    let bytes = 0;
    const limit = this.options.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > limit) {
          callback(
            new ImportJobError(
              413,
              `文件超过 ${limit} 字节上限`,
              `the file is over the ${limit}-byte limit`,
            ),
          );
        } else {
          callback(null, chunk);
        }
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    const upload: Upload = { id, kind, fileName, path, bytes, owner };
    this.uploads.set(id, upload);
    return { uploadId: id, fileName, bytes, ...(await this.sampleOf(path)) };
  }

  private async sampleOf(path: string): Promise<{ columns: string[]; sample: string[][] }> {
    const ending = extname(path).toLowerCase();
    if (ending !== '.csv' && ending !== '.xlsx') return { columns: [], sample: [] };
    const rows: string[][] = [];
    try {
      for await (const row of tableRows(path)) {
        rows.push(row.cells);
        if (rows.length > SAMPLE_ROWS) break;
      }
    } catch {
      // A file that cannot be read as a table says so in the dry run's problem list.
      return { columns: [], sample: [] };
    }
    return { columns: rows[0] ?? [], sample: rows.slice(1) };
  }

  start(request: {
    uploadId: string;
    dryRun: boolean;
    mapping?: Record<string, string>;
    crs: Crs;
    actor: string;
  }): ImportJob {
    if (this.closed) {
      throw new ImportJobError(
        503,
        '服务正在关闭，请稍后重试',
        'the server is closing; try again later',
      );
    }
    const upload = this.uploads.get(request.uploadId);
    if (upload === undefined) {
      throw new ImportJobError(
        404,
        `上传文件 ${request.uploadId} 不存在`,
        `upload ${request.uploadId} does not exist`,
      );
    }
    const running = [...this.jobs.values()].find((job) => job.state === 'running' && !job.dryRun);
    if (!request.dryRun && running !== undefined) {
      throw new ImportJobError(
        409,
        '已有导入正在提交，请稍后',
        'another import is committing; try again when it ends',
      );
    }
    const job: ImportJob = {
      id: randomUUID(),
      uploadId: upload.id,
      kind: upload.kind,
      dryRun: request.dryRun,
      state: 'running',
      done: 0,
      total: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.forget();
    const child = fork(CHILD_PATH, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.children.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') {
        job.done = message.done;
        job.total = message.total;
      } else if (message.type === 'result') {
        job.result = message.result;
        job.done = message.result.rows;
        job.total = message.result.rows;
        job.state = 'done';
        job.finishedAt = new Date().toISOString();
        // While the server closes, its caches and stores are going: nothing to tell them.
        if (!job.dryRun && !this.closed) this.options.onCommitted?.();
      } else {
        job.error = {
          code: message.code,
          messageZh: message.messageZh,
          messageEn: message.messageEn,
        };
        job.state = 'failed';
        job.finishedAt = new Date().toISOString();
      }
    });
    child.once('exit', (code) => {
      this.children.delete(child);
      if (job.state === 'running') {
        job.state = 'failed';
        job.finishedAt = new Date().toISOString();
        job.error = {
          code: 'child-exit',
          messageZh: `导入进程意外退出（代码 ${code}），未写入任何数据`,
          messageEn: `the import process ended unexpectedly (code ${code}); nothing was written. ${stderr.trim()}`,
        };
      }
    });
    const childRequest: ChildRequest = {
      kind: upload.kind,
      filePath: upload.path,
      fileName: upload.fileName,
      crs: request.crs,
      dryRun: request.dryRun,
      ...(request.mapping === undefined ? {} : { mapping: request.mapping }),
      actor: request.actor,
      dataDir: this.options.dataDir,
      database: this.database,
    };
    child.send(childRequest);
    return job;
  }

  job(id: string): ImportJob {
    const job = this.jobs.get(id);
    if (job === undefined)
      throw new ImportJobError(404, `导入任务 ${id} 不存在`, `import job ${id} does not exist`);
    return job;
  }

  /** The problem file of a finished job, checked to exist. */
  async problemFile(id: string, format: 'csv' | 'xlsx'): Promise<string> {
    const job = this.job(id);
    const path = format === 'csv' ? job.result?.errorFile : job.result?.errorFileXlsx;
    if (path === null || path === undefined) {
      throw new ImportJobError(404, '该导入没有问题清单', 'this import has no problem list');
    }
    await stat(path);
    return path;
  }

  /**
   * Stops every import process and resolves once they have ended: an import stopped before its
   * commit rolls back in its own process, so the database the server closes next is not in use.
   */
  async close(): Promise<void> {
    this.closed = true;
    // A child leaves the set in its 'exit' listener: every one here has yet to exit.
    const ended = [...this.children].map(
      (child) => new Promise<void>((resolve) => child.once('exit', () => resolve())),
    );
    for (const child of this.children) child.kill('SIGTERM');
    await Promise.all(ended);
  }

  /** Import processes still running (for the tests of close()). */
  get runningProcesses(): number {
    return this.children.size;
  }

  private forget(): void {
    const finished = [...this.jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS)))
      this.jobs.delete(job.id);
  }
}
