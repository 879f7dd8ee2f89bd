/**
 * A start that fails half-way (here: the configured base-map package does not exist, found
 * after the background jobs, the live hub and the incident module have started) stops what had
 * started before the stores close and the error reaches the caller: before, the retention
 * purge, the data retention, the live hub's timers and the batch writer went on against closed
 * stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer } from './createServer';
import { DataRetention } from './dataRetention';
import { writeSyntheticDistrict } from './testing/syntheticDistrict';
import { TEST_DISTRICT_SIZE } from './testing/testServer';
import { BatchWriter } from './tracking/batchWriter';
import { LiveHub } from './tracking/liveHub';
import { RetentionPurge } from './tracking/retentionPurge';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gcc-failed-start-'));
  writeSyntheticDistrict(join(dir, 'district.sqlite'), TEST_DISTRICT_SIZE);
});

afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('createServer when its start fails', () => {
  it('stops the jobs, the live hub and the writer it had started, then rejects', async () => {
    const stopped = [
      vi.spyOn(RetentionPurge.prototype, 'stop'),
      vi.spyOn(DataRetention.prototype, 'stop'),
      vi.spyOn(LiveHub.prototype, 'stop'),
      vi.spyOn(BatchWriter.prototype, 'close'),
    ];
    await expect(
      createServer({
        dbPath: join(dir, 'district.sqlite'),
        staticDir: dir,
        tilesetsDir: dir,
        imagery: { type: 'mbtiles', path: join(dir, 'missing.mbtiles') },
        cluster: null,
      }),
    ).rejects.toThrow();
    for (const stop of stopped) expect(stop).toHaveBeenCalledTimes(1);
  });
});
