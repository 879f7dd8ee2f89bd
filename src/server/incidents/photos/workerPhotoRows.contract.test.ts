/**
 * The contract of WorkerPhotoRows, run against every engine (docs/decisions/0040-postgresql.md):
 * SQLite on a file of its own per case, PostgreSQL in a database of this file's own, emptied per
 * case; and the photo store over it (files in a folder of the case's own). Claims and deletions
 * of one photo at once go through two pools on PostgreSQL, as two server nodes would send them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/openDatabase';
import { PostgresWorkerPhotoRows } from '../../store/pg/postgresWorkerPhotoRows';
import { sqliteWorkerPhotoRows } from '../../store/workerPhotoRows';
import { postgresContractEngine, sqliteContractEngine } from '../../testing/contractEngines';
import { JPEG_WITH_GPS } from '../../testing/jpegFixture';
import { PhotoStore } from './photoStore';
import type { WorkerPhotoRows } from './workerPhotoRows';

const T0 = Date.UTC(2026, 11, 6, 9);
const DAY_MS = 86_400_000;
/** Calls at once; each PostgreSQL pool has as many clients. */
const AT_ONCE = 8;
const PHOTO = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Opened {
  /** Two handles on one store (two server nodes on PostgreSQL). */
  rows: readonly [WorkerPhotoRows, WorkerPhotoRows];
  /** A resident's photo bound to a new incident (another table the reads look in). */
  addResidentPhoto(id: string, incidentId: string): Promise<void>;
  close(): void;
}

const INCIDENT_SQL =
  'INSERT INTO incidents (id, category_code, priority, source, lon, lat, grid_code, ' +
  "description, state, reported_at_ms, updated_at_ms) VALUES (?, 'A01', 'normal', 'citizen', " +
  "119.3, 26.08, '350102001001001', '', 'reported', 0, 0)";
const RESIDENT_PHOTO_SQL =
  'INSERT INTO resident_photos (id, incident_id, bytes, created_at_ms) VALUES (?, ?, 1, 0)';

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const ENGINES = [
  sqliteContractEngine<Opened>('worker-photos', (path) => {
    const db = openDatabase(path);
    const rows = sqliteWorkerPhotoRows(db);
    return {
      rows: [rows, sqliteWorkerPhotoRows(db)],
      addResidentPhoto: async (id, incidentId) => {
        db.prepare(INCIDENT_SQL).run(incidentId);
        db.prepare(RESIDENT_PHOTO_SQL).run(id, incidentId);
      },
      close: () => db.close(),
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['incident_photos', 'resident_photos', 'incidents'],
    pools: 2,
    poolSize: AT_ONCE,
    open: ([first, second]) => ({
      rows: [new PostgresWorkerPhotoRows(first!), new PostgresWorkerPhotoRows(second!)],
      addResidentPhoto: async (id, incidentId) => {
        await first!.query(numbered(INCIDENT_SQL), [incidentId]);
        await first!.query(numbered(RESIDENT_PHOTO_SQL), [id, incidentId]);
      },
      close: () => {},
    }),
  }),
];

describe.each(ENGINES)("workers' photo rows on $name", (engine) => {
  let opened: Opened;
  let rows: WorkerPhotoRows;
  let dir: string;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    rows = opened.rows[0];
    dir = mkdtempSync(join(tmpdir(), 'gcc-photos-'));
  });
  afterEach(() => {
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("claims only the worker's own unattached photo, once, and tells whose it is", async () => {
    await rows.insert(PHOTO(1), 7, 100, T0);
    await rows.insert(PHOTO(2), 8, 100, T0);
    expect(await rows.incidentOf(PHOTO(1))).toBeNull();
    expect(await rows.incidentOf(PHOTO(9))).toBeUndefined();

    expect(await rows.claim(PHOTO(2), 7, 'INC1')).toBe(false);
    expect(await rows.claim(PHOTO(9), 7, 'INC1')).toBe(false);
    expect(await rows.claim(PHOTO(1), 7, 'INC1')).toBe(true);
    expect(await rows.claim(PHOTO(1), 7, 'INC2')).toBe(false);
    expect(await rows.incidentOf(PHOTO(1))).toBe('INC1');
    expect(await rows.incidentOf(PHOTO(2))).toBeNull();

    await opened.addResidentPhoto(PHOTO(3), 'INC3');
    expect(await rows.incidentOf(PHOTO(3))).toBe('INC3');
  });

  it('releases a photo only from the incident it is attached to', async () => {
    await rows.insert(PHOTO(1), 7, 100, T0);
    await rows.claim(PHOTO(1), 7, 'INC1');
    await rows.release(PHOTO(1), 'INC2');
    expect(await rows.incidentOf(PHOTO(1))).toBe('INC1');
    await rows.release(PHOTO(1), 'INC1');
    expect(await rows.incidentOf(PHOTO(1))).toBeNull();
    expect(await rows.claim(PHOTO(1), 7, 'INC2')).toBe(true);
  });

  it('lists unattached photos taken before the cutoff, at most the limit, and deletes only unattached ones', async () => {
    for (const n of [1, 2, 3, 4]) await rows.insert(PHOTO(n), 7, 100, T0 + n);
    await rows.claim(PHOTO(2), 7, 'INC1');

    expect((await rows.unattachedBefore(T0 + 4, 10)).sort()).toEqual([PHOTO(1), PHOTO(3)]);
    expect(await rows.unattachedBefore(T0 + 4, 1)).toHaveLength(1);
    expect(await rows.unattachedBefore(T0 + 1, 10)).toEqual([]);

    expect(await rows.deleteUnattached(PHOTO(2))).toBe(false);
    expect(await rows.deleteUnattached(PHOTO(1))).toBe(true);
    expect(await rows.deleteUnattached(PHOTO(1))).toBe(false);
    expect(await rows.incidentOf(PHOTO(1))).toBeUndefined();
    expect(await rows.incidentOf(PHOTO(2))).toBe('INC1');
  });

  it('gives one photo claimed for several incidents at once through two nodes to one of them', async () => {
    await rows.insert(PHOTO(1), 7, 100, T0);
    const claims = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, n) => opened.rows[n % 2]!.claim(PHOTO(1), 7, `INC${n}`)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await rows.incidentOf(PHOTO(1))).toBe(`INC${claims.indexOf(true)}`);
  });

  it('lets a claim and a purge of one photo at once end with the photo either attached or gone', async () => {
    const ids = Array.from({ length: AT_ONCE }, (_, n) => PHOTO(n + 1));
    for (const id of ids) await rows.insert(id, 7, 100, T0);
    const outcomes = await Promise.all(
      ids.map(async (id, n) => {
        const [claimed, deleted] = await Promise.all([
          opened.rows[n % 2]!.claim(id, 7, 'INC1'),
          opened.rows[(n + 1) % 2]!.deleteUnattached(id),
        ]);
        return { claimed, deleted, now: await rows.incidentOf(id) };
      }),
    );
    for (const { claimed, deleted, now } of outcomes) {
      expect(claimed !== deleted).toBe(true);
      expect(now).toBe(claimed ? 'INC1' : undefined);
    }
  });

  it('stores, attaches, serves and purges photos through the photo store', async () => {
    const photos = new PhotoStore(rows, dir);
    const file = (id: string) => existsSync(join(dir, 'photos', `${id}.jpg`));
    const lost = await photos.save(7, JPEG_WITH_GPS, T0 - 8 * DAY_MS);
    const attached = await photos.save(7, JPEG_WITH_GPS, T0 - 30 * DAY_MS);
    const recent = await photos.save(7, JPEG_WITH_GPS, T0 - 6 * DAY_MS);
    const others = await photos.save(8, JPEG_WITH_GPS, T0);

    expect(await photos.read(attached)).toBeNull();
    const attachments = await photos.attach([attached, others, 'not-a-photo', attached], 7, 'INC1');
    expect(attachments).toEqual([
      { name: `${attached}.jpg`, mime: 'image/jpeg', url: `/api/photos/${attached}` },
    ]);
    const served = await photos.read(attached);
    expect(served?.incidentId).toBe('INC1');
    expect(served?.bytes.includes('GPSLatitude')).toBe(false);

    expect(await photos.purgeUnattachedBefore(T0 - 7 * DAY_MS)).toBe(1);
    expect([file(lost), file(attached), file(recent), file(others)]).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(await photos.attach([lost, recent], 7, 'INC2')).toEqual([
      { name: `${recent}.jpg`, mime: 'image/jpeg', url: `/api/photos/${recent}` },
    ]);
    await photos.release([recent], 'INC2');
    expect(await rows.incidentOf(recent)).toBeNull();
    expect(await photos.purgeUnattachedBefore(T0 - 7 * DAY_MS)).toBe(0);
  });
});
