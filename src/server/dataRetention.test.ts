import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataRetention, retentionSettingsFrom } from './dataRetention';
import { PhotoStore } from './incidents/photos/photoStore';
import { verifyAuditChain } from './store/auditChain';
import { openDatabase, type SqliteDatabase } from './store/openDatabase';
import { SqliteAuditStore } from './store/sqliteAuditStore';
import { sqliteWorkerPhotoRows } from './store/workerPhotoRows';

const DAY_MS = 86_400_000;
const NOW = new Date();

function event(incidentId: string, atMs: number, kind: 'transition' | 'escalation'): string {
  return JSON.stringify({
    incident: { id: incidentId, reportedAtMs: atMs - DAY_MS },
    transition: kind === 'transition' ? { atMs } : null,
    escalation: kind === 'escalation' ? { atMs } : null,
  });
}

describe('data retention', () => {
  let dir: string;
  let db: SqliteDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'retention-'));
    db = openDatabase(join(dir, 'district.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads INCIDENT_EVENT_RETENTION_DAYS and AUDIT_RETENTION_DAYS, refusing audit under 180 days', () => {
    expect(retentionSettingsFrom({})).toEqual({
      incidentEventDays: 90,
      auditDays: 180,
      unattachedPhotoDays: 7,
      messageOutboxDays: 30,
    });
    expect(
      retentionSettingsFrom({
        INCIDENT_EVENT_RETENTION_DAYS: '30',
        AUDIT_RETENTION_DAYS: '365',
        UNATTACHED_PHOTO_RETENTION_DAYS: '2',
        MESSAGE_OUTBOX_RETENTION_DAYS: '14',
      }),
    ).toEqual({
      incidentEventDays: 30,
      auditDays: 365,
      unattachedPhotoDays: 2,
      messageOutboxDays: 14,
    });
    expect(() => retentionSettingsFrom({ MESSAGE_OUTBOX_RETENTION_DAYS: '-1' })).toThrow(
      RangeError,
    );
    expect(() => retentionSettingsFrom({ UNATTACHED_PHOTO_RETENTION_DAYS: '0' })).toThrow(
      RangeError,
    );
    expect(() => retentionSettingsFrom({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/at least 180/);
    expect(() => retentionSettingsFrom({ INCIDENT_EVENT_RETENTION_DAYS: 'x' })).toThrow(RangeError);
  });

  it('deletes feed events and audit rows past retention, keeps the rest and a verifiable chain', async () => {
    const insert = db.prepare(
      "INSERT INTO incident_events (incident_id, grid_code, event) VALUES (?, '350102001', ?)",
    );
    insert.run('INC1', event('INC1', NOW.getTime() - 120 * DAY_MS, 'transition'));
    insert.run('INC1', event('INC1', NOW.getTime() - 95 * DAY_MS, 'escalation'));
    insert.run('INC2', event('INC2', NOW.getTime() - 10 * DAY_MS, 'transition'));
    const audit = new SqliteAuditStore(db);
    for (const ageDays of [400, 200, 100, 0])
      audit.recordAudit({
        at: new Date(NOW.getTime() - ageDays * DAY_MS).toISOString(),
        username: 'admin',
        action: 'reveal',
        targetType: 'person',
        targetId: String(ageDays),
        fields: '',
        reason: 'r',
      });

    const retention = new DataRetention(db, retentionSettingsFrom({}), () => NOW);
    expect(await retention.purgeNow()).toEqual({
      incidentEvents: 2,
      auditRows: 2,
      unattachedPhotos: 0,
      outboxMessages: 0,
    });
    expect(db.prepare('SELECT incident_id FROM incident_events').all()).toEqual([
      { incident_id: 'INC2' },
    ]);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2, anchor: { lastDeletedId: 2 } });
    expect(await retention.purgeNow()).toEqual({
      incidentEvents: 0,
      auditRows: 0,
      unattachedPhotos: 0,
      outboxMessages: 0,
    });
  });

  it("deletes workers' photos never attached after the retention days, file and row, and keeps the rest", async () => {
    // The smallest JPEG the store accepts: SOI, one quantisation table, a scan, EOI.
    const quant = [0xff, 0xdb, 0, 67, 0, ...new Array<number>(64).fill(1)];
    const scan = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xff, 0xd9];
    const jpeg = Uint8Array.from([0xff, 0xd8, ...quant, ...scan]);
    const photos = new PhotoStore(sqliteWorkerPhotoRows(db), dir);
    const at = (ageDays: number) => NOW.getTime() - ageDays * DAY_MS;
    const lost = await photos.save(1, jpeg, at(8));
    const attached = await photos.save(1, jpeg, at(30));
    const recent = await photos.save(1, jpeg, at(6));
    expect(await photos.attach([attached], 1, 'INC1')).toHaveLength(1);
    const file = (id: string) => existsSync(join(dir, 'photos', `${id}.jpg`));

    const retention = new DataRetention(db, retentionSettingsFrom({}), () => NOW, photos);
    expect((await retention.purgeNow()).unattachedPhotos).toBe(1);
    expect(file(lost)).toBe(false);
    expect(db.prepare('SELECT id FROM incident_photos ORDER BY created_at_ms').all()).toEqual([
      { id: attached },
      { id: recent },
    ]);
    expect([file(attached), file(recent)]).toEqual([true, true]);
    // A lost photo can no longer be attached; the kept ones still can.
    expect(
      (await photos.attach([lost, recent], 1, 'INC2')).map((attachment) => attachment.name),
    ).toEqual([`${recent}.jpg`]);
    expect((await retention.purgeNow()).unattachedPhotos).toBe(0);
  });

  it("deletes residents' messages the default gateway wrote once past the retention days, keeping the notification", async () => {
    db.prepare(
      'INSERT INTO command_events (id, title, incident_type, level, status, opened_at_ms, opened_by) ' +
        "VALUES (1, '氯气泄漏', 'hazmat', 'IV', 'active', ?, 'admin')",
    ).run(NOW.getTime() - 40 * DAY_MS);
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
      const at = NOW.getTime() - ageDays * DAY_MS;
      notification.run(id, id, at, at);
      message.run(id, at);
    }
    const retention = new DataRetention(db, retentionSettingsFrom({}), () => NOW);
    expect((await retention.purgeNow()).outboxMessages).toBe(1);
    expect(db.prepare('SELECT notification_id FROM message_outbox').all()).toEqual([
      { notification_id: 2 },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM command_notifications').get()).toEqual({ n: 2 });
  });
});
