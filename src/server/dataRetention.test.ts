import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataRetention, retentionSettingsFrom } from './dataRetention';
import { verifyAuditChain } from './store/auditChain';
import { openDatabase, type SqliteDatabase } from './store/openDatabase';
import { SqliteAuditStore } from './store/sqliteAuditStore';

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
    expect(retentionSettingsFrom({})).toEqual({ incidentEventDays: 90, auditDays: 180 });
    expect(
      retentionSettingsFrom({ INCIDENT_EVENT_RETENTION_DAYS: '30', AUDIT_RETENTION_DAYS: '365' }),
    ).toEqual({ incidentEventDays: 30, auditDays: 365 });
    expect(() => retentionSettingsFrom({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/at least 180/);
    expect(() => retentionSettingsFrom({ INCIDENT_EVENT_RETENTION_DAYS: 'x' })).toThrow(RangeError);
  });

  it('deletes feed events and audit rows past retention, keeps the rest and a verifiable chain', () => {
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
    expect(retention.purgeNow()).toEqual({ incidentEvents: 2, auditRows: 2 });
    expect(db.prepare('SELECT incident_id FROM incident_events').all()).toEqual([
      { incident_id: 'INC2' },
    ]);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2, anchor: { lastDeletedId: 2 } });
    expect(retention.purgeNow()).toEqual({ incidentEvents: 0, auditRows: 0 });
  });
});
