/**
 * ImportJobs over PostgreSQL: the upload is imported by the child process into the database the
 * jobs were given (docs/decisions/0040): a commit and a dry run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySqliteFileToPostgres } from '../testing/copySqliteToPostgres';
import {
  registerCsv,
  REGISTER_SAMPLE_ROWS,
  REGISTER_SAMPLE_DISTRICT,
} from '../testing/registerSampleRows';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { createMigratedTestPostgres, type TestPostgres } from '../testing/testPostgres';
import { ImportJobs, type ImportJob } from './importJobs';

const POLL_MS = 100;

let dir: string;
let database: TestPostgres;
let jobs: ImportJobs;
let personsBefore: number;

async function finished(job: ImportJob): Promise<ImportJob> {
  while (job.state === 'running') await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  return job;
}

async function count(sql: string): Promise<number> {
  return Number((await database.query(sql)).rows[0]!.n);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-import-jobs-pg-'));
  // The child process reads the data key from its environment (inherited) or $DATA_DIR.
  process.env.DATA_KEY = '33'.repeat(32);
  const path = join(dir, 'district.sqlite');
  writeSyntheticDistrict(path, REGISTER_SAMPLE_DISTRICT);
  database = await createMigratedTestPostgres();
  await copySqliteFileToPostgres(path, database.url);
  personsBefore = await count('SELECT COUNT(*) AS n FROM persons');
  jobs = new ImportJobs({
    dataDir: dir,
    maxBytes: 1024 * 1024,
    database: { engine: 'postgres', url: database.url },
  });
});

afterAll(async () => {
  await jobs.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('import jobs on PostgreSQL', () => {
  it('imports a register upload in the child process and audits it', async () => {
    const upload = await jobs.receive(
      Readable.from([registerCsv(REGISTER_SAMPLE_ROWS)]),
      'registers',
      'register.csv',
      'admin',
    );
    const job = await finished(
      jobs.start({ uploadId: upload.uploadId, dryRun: false, crs: 'wgs84', actor: 'admin' }),
    );
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ rows: 8, accepted: 4, rejected: 4 });
    expect(job.result!.errorFile).not.toBeNull();
    expect(await count('SELECT COUNT(*) AS n FROM persons')).toBe(personsBefore + 2);
    const batch = (await database.query('SELECT id, kind, accepted FROM import_batches')).rows;
    expect(batch).toEqual([{ id: job.result!.batchId, kind: 'registers', accepted: 4 }]);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import_commit'")).toBe(
      1,
    );
  });

  it('previews a register upload in the child process, writing nothing but the audit row', async () => {
    const upload = await jobs.receive(
      Readable.from([registerCsv(REGISTER_SAMPLE_ROWS)]),
      'registers',
      'preview.csv',
      'admin',
    );
    const persons = await count('SELECT COUNT(*) AS n FROM persons');
    const job = await finished(
      jobs.start({ uploadId: upload.uploadId, dryRun: true, crs: 'wgs84', actor: 'admin' }),
    );
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ rows: 8, accepted: 4, batchId: null, dryRun: true });
    expect(await count('SELECT COUNT(*) AS n FROM persons')).toBe(persons);
    expect(await count('SELECT COUNT(*) AS n FROM import_batches')).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import_preview'")).toBe(
      1,
    );
  });
});
