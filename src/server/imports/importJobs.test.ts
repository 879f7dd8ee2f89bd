/**
 * ImportJobs.close(): the server closes its database right after, so every import process has
 * ended when close() resolves (an import stopped before its commit writes nothing), and no job
 * starts once closing has begun.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import {
  registerCsv,
  REGISTER_SAMPLE_ROWS,
  REGISTER_SAMPLE_DISTRICT,
} from '../testing/registerSampleRows';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { ImportJobError, ImportJobs } from './importJobs';

let dir: string;
let dbPath: string;

function persons(): number {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-import-jobs-'));
  dbPath = join(dir, 'district.sqlite');
  writeSyntheticDistrict(dbPath, REGISTER_SAMPLE_DISTRICT);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ImportJobs.close', () => {
  it('resolves once the running import process has ended, having written nothing', async () => {
    const before = persons();
    let announced = 0;
    const jobs = new ImportJobs({
      dataDir: dir,
      dbPath,
      maxBytes: 1024 * 1024,
      onCommitted: () => announced++,
    });
    const upload = await jobs.receive(
      Readable.from([registerCsv(REGISTER_SAMPLE_ROWS)]),
      'registers',
      'register.csv',
      'admin',
    );
    const job = jobs.start({
      uploadId: upload.uploadId,
      dryRun: false,
      crs: 'wgs84',
      actor: 'admin',
    });
    expect(jobs.runningProcesses).toBe(1);
    await jobs.close();
    expect(jobs.runningProcesses).toBe(0);
    expect(job.state).toBe('failed');
    expect(announced).toBe(0);
    expect(persons()).toBe(before);
    let refused: unknown = null;
    try {
      jobs.start({ uploadId: upload.uploadId, dryRun: true, crs: 'wgs84', actor: 'admin' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ImportJobError);
    expect((refused as ImportJobError).statusCode).toBe(503);
    expect(jobs.runningProcesses).toBe(0);
  });
});
