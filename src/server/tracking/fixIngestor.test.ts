import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceFix } from '../../shared/trackingEvents';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { SqliteTrackingStore, sqliteTrackingRepository } from '../store/sqliteTrackingStore';
import { walkingFixes } from '../testing/testDevice';
import { BatchWriter } from './batchWriter';
import { FixIngestor } from './fixIngestor';
import { DUPLICATE_COUNTER, rejectedCounter, STORED_COUNTER } from './trackingCounters';

const NOW_MS = Date.UTC(2026, 10, 27, 3, 0, 0);
const WORKER_ID = 7;
const WINDOW_FIXES = 8;

let rootDir: string;
let db: SqliteDatabase;
let store: SqliteTrackingStore;

function startIngest(): { ingestor: FixIngestor; writer: BatchWriter } {
  const repository = sqliteTrackingRepository(store);
  const writer = new BatchWriter(repository, () => {});
  return { ingestor: new FixIngestor(repository, writer, WINDOW_FIXES), writer };
}

async function ingestNow(ingestor: FixIngestor, writer: BatchWriter, fixes: DeviceFix[]) {
  const ack = ingestor.ingest(WORKER_ID, fixes, NOW_MS);
  await writer.flush();
  return ack;
}

beforeEach(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-ingest-'));
  db = openDatabase(join(rootDir, 'ingest.sqlite'));
  store = new SqliteTrackingStore(db);
});

afterEach(() => {
  db.close();
  rmSync(rootDir, { recursive: true, force: true });
});

describe('FixIngestor', () => {
  const fixes = walkingFixes({ startMs: NOW_MS - 60_000, count: 20 });

  it('answers only validated values: a fix time that is not a number is counted, never echoed', async () => {
    const { ingestor, writer } = startIngest();
    const junk = '<script>'.repeat(1_000);
    const batch = [fixes[0]!, { ...fixes[1]!, fixTimeMs: junk as unknown as number }];
    const ack = await ingestNow(ingestor, writer, batch);
    expect(ack.acknowledgedFixTimesMs).toEqual([fixes[0]!.fixTimeMs]);
    expect(ack.rejected).toEqual([]);
    expect(JSON.stringify(ack)).not.toContain('<script>');
    expect(ack.storedCount).toBe(1);
    expect([...store.readCounters().values()].reduce((sum, count) => sum + count, 0)).toBe(2);
  });

  it('acknowledges every fix of a batch once it is committed, with counts per outcome', async () => {
    const { ingestor, writer } = startIngest();
    const batch = [...fixes.slice(0, 5), fixes[2]!, { ...fixes[5]!, lat: 95 }];
    const ack = await ingestNow(ingestor, writer, batch);
    expect(ack).toEqual({
      acknowledgedFixTimesMs: batch.map((fix) => fix.fixTimeMs),
      storedCount: 5,
      duplicateCount: 1,
      rejected: [{ fixTimeMs: fixes[5]!.fixTimeMs, reason: 'lat_out_of_range' }],
      retryAfterMs: null,
    });
    expect(Object.fromEntries(store.readCounters())).toEqual({
      [STORED_COUNTER]: 5,
      [DUPLICATE_COUNTER]: 1,
      [rejectedCounter('lat_out_of_range')]: 1,
    });
  });

  it('still knows recent fixes after a restart: resends are duplicates, jumps are caught', async () => {
    const before = startIngest();
    await ingestNow(before.ingestor, before.writer, fixes.slice(0, 10));
    // A new ingestor on the same store: the window is seeded from the stored track.
    const after = startIngest();
    const lastStored = fixes[9]!;
    const jump = {
      ...lastStored,
      fixTimeMs: lastStored.fixTimeMs + 1_000,
      lon: lastStored.lon + 0.05,
    };
    const ack = await ingestNow(after.ingestor, after.writer, [fixes[9]!, jump, fixes[10]!]);
    expect(ack.duplicateCount).toBe(1);
    expect(ack.rejected).toEqual([{ fixTimeMs: jump.fixTimeMs, reason: 'impossible_jump' }]);
    expect(ack.storedCount).toBe(1);
  });

  it('falls back on the store for resends older than its window', async () => {
    const { ingestor, writer } = startIngest();
    await ingestNow(ingestor, writer, fixes);
    const ack = await ingestNow(ingestor, writer, fixes.slice(0, 3));
    expect(ack.storedCount).toBe(0);
    expect(ack.duplicateCount).toBe(3);
    expect(store.trackOf(WORKER_ID, 0, NOW_MS)).toHaveLength(fixes.length);
  });

  it('checks a late fix against its neighbours in fix time, not the last to arrive', async () => {
    const { ingestor, writer } = startIngest();
    await ingestNow(ingestor, writer, [fixes[0]!, fixes[10]!]);
    const late = await ingestNow(ingestor, writer, [fixes[5]!]);
    expect(late.storedCount).toBe(1);
    const lateJump = await ingestNow(ingestor, writer, [
      { ...fixes[6]!, lat: fixes[6]!.lat + 0.02 },
    ]);
    expect(lateJump.rejected.map((rejection) => rejection.reason)).toEqual(['impossible_jump']);
    expect(store.trackOf(WORKER_ID, 0, NOW_MS).map((fix) => fix.fixTimeMs)).toEqual(
      [0, 5, 10].map((index) => fixes[index]!.fixTimeMs),
    );
  });
});
