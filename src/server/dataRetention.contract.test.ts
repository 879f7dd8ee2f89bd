/**
 * The contract of data retention's deletes (RetentionRows) on every engine (docs/decisions/0040),
 * through DataRetention: the rows are written once with the SQLite tools (feed events, a chained
 * audit log, the outbox of an emergency's notifications) and copied to both engines per case;
 * workers' photos are stored per case through the photo store.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataRetention, retentionSettingsFrom, type RetentionRows } from './dataRetention';
import { PhotoStore } from './incidents/photos/photoStore';
import type { WorkerPhotoRows } from './incidents/photos/workerPhotoRows';
import { verifyAuditChain } from './store/auditChain';
import { PostgresRetentionRows } from './store/pg/postgresRetentionRows';
import { PostgresWorkerPhotoRows } from './store/pg/postgresWorkerPhotoRows';
import { sqliteRetentionRows } from './store/retentionRows';
import { openDatabase } from './store/openDatabase';
import { SqliteAuditStore } from './store/sqliteAuditStore';
import { sqliteWorkerPhotoRows } from './store/workerPhotoRows';
import { districtContractEngines } from './testing/districtContractEngines';
import { JPEG_WITH_GPS } from './testing/jpegFixture';

const DAY_MS = 86_400_000;
const NOW = new Date();
const ago = (days: number) => NOW.getTime() - days * DAY_MS;
/** Audit rows past the 180 days: enough that purges racing through two nodes overlap. */
const OLD_AUDIT_AGES_DAYS = Array.from({ length: 20 }, (_, index) => 400 - index);

interface Opened {
  retention(photos?: PhotoStore): DataRetention;
  photoRows: WorkerPhotoRows;
  /** The deletes through two connections (pools), as two server nodes hold them. */
  nodes: readonly [RetentionRows, RetentionRows];
  /** Rows of a query without parameters, on the engine. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** The SQLite chain's own check; null on PostgreSQL (the audit log's reader walks it there). */
  verifySqliteChain(): { ok: boolean } | null;
  close(): void;
}

function event(incidentId: string, atMs: number, kind: 'transition' | 'escalation'): string {
  return JSON.stringify({
    incident: { id: incidentId, reportedAtMs: atMs - DAY_MS },
    transition: kind === 'transition' ? { atMs } : null,
    escalation: kind === 'escalation' ? { atMs } : null,
  });
}

const { engines } = districtContractEngines<Opened>({
  label: 'retention',
  size: {
    streetCount: 1,
    communitiesPerStreet: 1,
    gridsPerCommunity: 1,
    buildingsPerGrid: 1,
    floors: 1,
    unitsPerFloor: 1,
    vacantEvery: 5,
    rentalEvery: 3,
    householdsPerUnit: 1,
    personsPerHousehold: 1,
  },
  tables: [
    'incident_events',
    'audit_anchor',
    'audit_log',
    'command_events',
    'command_notifications',
    'message_outbox',
    'incident_photos',
    'door_knock_tasks',
  ],
  seed(db) {
    const insert = db.prepare(
      "INSERT INTO incident_events (incident_id, grid_code, event) VALUES (?, '350102001', ?)",
    );
    insert.run('INC1', event('INC1', ago(120), 'transition'));
    insert.run('INC1', event('INC1', ago(95), 'escalation'));
    insert.run('INC2', event('INC2', ago(10), 'transition'));
    insert.run('INC3', JSON.stringify({ incident: { id: 'INC3', reportedAtMs: ago(91) } }));
    const audit = new SqliteAuditStore(db);
    for (const ageDays of [...OLD_AUDIT_AGES_DAYS, 100, 0])
      audit.recordAudit({
        at: new Date(ago(ageDays)).toISOString(),
        username: 'admin',
        action: 'reveal',
        targetType: 'person',
        targetId: String(ageDays),
        fields: '',
        reason: 'r',
      });
    db.prepare(
      'INSERT INTO command_events (id, title, incident_type, level, status, scenario_id, opened_at_ms, opened_by) ' +
        "VALUES (1, '氯气泄漏', 'hazmat', 'IV', 'active', 'S-active', ?, 'admin')",
    ).run(ago(40));
    // Door-knocking claims: an ended scenario's, past and within retention; an active one's, past.
    const claim = db.prepare(
      'INSERT INTO door_knock_tasks (scenario_id, household_id, incident_id, claimed_at_ms) VALUES (?, ?, ?, ?)',
    );
    claim.run('S-ended', 1, 'INC1', ago(31));
    claim.run('S-ended', 2, 'INC2', ago(29));
    claim.run('S-active', 1, null, ago(40));
    const notification = db.prepare(
      'INSERT INTO command_notifications (id, event_id, household_id, grid_code, building_name, room_label, ' +
        'tier, channel, phone_masked, state, gateway, attempts, created_at_ms, updated_at_ms) ' +
        "VALUES (?, 1, ?, '350102001', '1号楼', '101', 'evacuate', 'sms', '139****0001', 'outbox', 'outbox', 1, ?, ?)",
    );
    const message = db.prepare(
      'INSERT INTO message_outbox (notification_id, channel, phone_sealed, phone_index, phone_masked, text, created_at_ms) ' +
        "VALUES (?, 'sms', x'01', x'02', '139****0001', '请立即撤离', ?)",
    );
    for (const [id, ageDays] of [
      [1, 31],
      [2, 29],
    ] as const) {
      notification.run(id, id, ago(ageDays), ago(ageDays));
      message.run(id, ago(ageDays));
    }
  },
  sqlite: (db) => {
    const other = openDatabase(db.name);
    return {
      retention: (photos) =>
        new DataRetention(sqliteRetentionRows(db), retentionSettingsFrom({}), () => NOW, photos),
      photoRows: sqliteWorkerPhotoRows(db),
      nodes: [sqliteRetentionRows(db), sqliteRetentionRows(other)],
      rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      verifySqliteChain: () => verifyAuditChain(db),
      close: () => {
        other.close();
        db.close();
      },
    };
  },
  pools: 2,
  postgres: ([pool, otherPool]) => ({
    retention: (photos) =>
      new DataRetention(
        new PostgresRetentionRows(pool!),
        retentionSettingsFrom({}),
        () => NOW,
        photos,
      ),
    photoRows: new PostgresWorkerPhotoRows(pool!),
    nodes: [new PostgresRetentionRows(pool!), new PostgresRetentionRows(otherPool!)],
    rows: async (sql) => (await pool!.query(sql)).rows as Record<string, unknown>[],
    verifySqliteChain: () => null,
    close: () => {},
  }),
});

describe.each(engines)('data retention on $name', (engine) => {
  let opened: Opened;
  let dir: string;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    dir = mkdtempSync(join(tmpdir(), 'gcc-retention-'));
  });
  afterEach(() => {
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes feed events and audit rows past retention, keeps the rest and the chain anchored', async () => {
    const retention = opened.retention();
    expect(await retention.purgeNow()).toEqual({
      incidentEvents: 3,
      auditRows: 20,
      unattachedPhotos: 0,
      outboxMessages: 1,
      doorKnockTasks: 1,
    });
    expect(
      await opened.rows('SELECT incident_id FROM incident_events ORDER BY incident_id'),
    ).toEqual([{ incident_id: 'INC2' }]);
    const [anchor] = await opened.rows(
      'SELECT last_deleted_id, last_deleted_hash FROM audit_anchor',
    );
    const kept = await opened.rows('SELECT id, prev_hash, target_id FROM audit_log ORDER BY id');
    expect(kept.map((row) => [Number(row.id), row.target_id])).toEqual([
      [21, '100'],
      [22, '0'],
    ]);
    expect(Number(anchor!.last_deleted_id)).toBe(20);
    expect(anchor!.last_deleted_hash).toBe(kept[0]!.prev_hash);
    expect(opened.verifySqliteChain() ?? { ok: true }).toMatchObject({ ok: true });

    expect(await retention.purgeNow()).toEqual({
      incidentEvents: 0,
      auditRows: 0,
      unattachedPhotos: 0,
      outboxMessages: 0,
      doorKnockTasks: 0,
    });
    const [still] = await opened.rows('SELECT last_deleted_id FROM audit_anchor');
    expect(Number(still!.last_deleted_id)).toBe(20);
  });

  it("deletes door-knocking claims past the retention days, but an active event's scenario's", async () => {
    expect((await opened.retention().purgeNow()).doorKnockTasks).toBe(1);
    expect(
      await opened.rows(
        'SELECT scenario_id, household_id FROM door_knock_tasks ORDER BY scenario_id, household_id',
      ),
    ).toEqual([
      { scenario_id: 'S-active', household_id: 1 },
      { scenario_id: 'S-ended', household_id: 2 },
    ]);
  });

  it("deletes residents' messages the default gateway wrote once past the retention days, keeping the notification", async () => {
    expect((await opened.retention().purgeNow()).outboxMessages).toBe(1);
    expect(await opened.rows('SELECT notification_id FROM message_outbox')).toEqual([
      { notification_id: 2 },
    ]);
    const [count] = await opened.rows('SELECT COUNT(*) AS n FROM command_notifications');
    expect(Number(count!.n)).toBe(2);
  });

  it("deletes workers' photos never attached after the retention days, file and row, and keeps the rest", async () => {
    const photos = new PhotoStore(opened.photoRows, dir);
    const lost = await photos.save(1, JPEG_WITH_GPS, ago(8));
    const attached = await photos.save(1, JPEG_WITH_GPS, ago(30));
    const recent = await photos.save(1, JPEG_WITH_GPS, ago(6));
    expect(await photos.attach([attached], 1, 'INC1')).toHaveLength(1);
    const file = (id: string) => existsSync(join(dir, 'photos', `${id}.jpg`));

    const retention = opened.retention(photos);
    expect((await retention.purgeNow()).unattachedPhotos).toBe(1);
    expect(file(lost)).toBe(false);
    expect(await opened.rows('SELECT id FROM incident_photos ORDER BY created_at_ms')).toEqual([
      { id: attached },
      { id: recent },
    ]);
    expect([file(attached), file(recent)]).toEqual([true, true]);
    // A lost photo can no longer be attached; the kept ones still can.
    expect((await photos.attach([lost, recent], 1, 'INC2')).map((a) => a.name)).toEqual([
      `${recent}.jpg`,
    ]);
    expect((await retention.purgeNow()).unattachedPhotos).toBe(0);
  });

  it('counts each audit row once when two nodes purge at once, and anchors the chain after it', async () => {
    const cutoff = new Date(ago(180));
    const purged = await Promise.all(
      [0, 1, 0, 1, 0, 1].map((node) => opened.nodes[node]!.purgeAuditBefore(cutoff)),
    );
    expect(purged.reduce((sum, count) => sum + count, 0)).toBe(20);
    const [anchor] = await opened.rows('SELECT last_deleted_id FROM audit_anchor');
    expect(Number(anchor!.last_deleted_id)).toBe(20);
    expect(await opened.rows('SELECT id FROM audit_log ORDER BY id')).toHaveLength(2);
  });
});
