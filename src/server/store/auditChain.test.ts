import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAuditRecord } from '../audit/auditRepository';
import { verifyAuditChain } from './auditChain';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { SqliteAuditStore } from './sqliteAuditStore';

const DAY_MS = 86_400_000;

function entry(index: number, at = new Date()): NewAuditRecord {
  return {
    at: at.toISOString(),
    username: 'admin',
    action: 'reveal',
    targetType: 'person',
    targetId: String(index),
    fields: 'id_number,phone',
    reason: `check ${index}`,
  };
}

describe('the audit log hash chain', () => {
  let dir: string;
  let dbPath: string;
  let db: SqliteDatabase;
  let store: SqliteAuditStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-chain-'));
    dbPath = join(dir, 'district.sqlite');
    db = openDatabase(dbPath);
    store = new SqliteAuditStore(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links every row to the one before and verifies', () => {
    for (let index = 1; index <= 5; index++) expect(store.recordAudit(entry(index))).toBe(index);
    const report = verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, rows: 5, firstBroken: null });
    const rows = db.prepare('SELECT prev_hash, hash FROM audit_log ORDER BY id').all() as {
      prev_hash: string;
      hash: string;
    }[];
    expect(rows[0]!.prev_hash).toBe('');
    for (let index = 1; index < rows.length; index++)
      expect(rows[index]!.prev_hash).toBe(rows[index - 1]!.hash);
    expect(report.headHash).toBe(rows[4]!.hash);
  });

  it('refuses UPDATE, DELETE of recent rows, and INSERTs that do not extend the chain', () => {
    store.recordAudit(entry(1));
    store.recordAudit(entry(2));
    expect(() => db.prepare("UPDATE audit_log SET reason = 'x' WHERE id = 1").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/);
    const head = db.prepare('SELECT hash FROM audit_log WHERE id = 2').get() as { hash: string };
    const forge = db.prepare(
      'INSERT INTO audit_log (id, at, username, action, target_type, target_id, fields, reason, prev_hash, hash) ' +
        "VALUES (?, '2026-01-01T00:00:00.000Z', 'admin', 'reveal', 'person', '1', '', 'r', ?, ?)",
    );
    expect(() => forge.run(3, head.hash, 'f'.repeat(64))).toThrow(/out of chain/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log (at, username, action, target_type, target_id) VALUES ('x', 'a', 'b', 'c', 'd')",
        )
        .run(),
    ).toThrow(/out of chain/);
    expect(() => db.prepare('DELETE FROM audit_anchor').run()).toThrow(/anchor/);
    expect(() => db.prepare('UPDATE audit_anchor SET last_deleted_id = 99').run()).toThrow(
      /anchor/,
    );
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('names the first broken row after the file is edited through a raw connection', () => {
    for (let index = 1; index <= 6; index++) store.recordAudit(entry(index));
    db.close();
    const raw = new Database(dbPath);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.exec('DROP TRIGGER audit_log_retention_only');
    raw.prepare("UPDATE audit_log SET reason = 'nothing to see' WHERE id = 4").run();
    raw.close();
    db = openDatabase(dbPath);
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBroken: { id: 4, problem: expect.stringContaining('edited') },
    });
    db.close();
    // Opening through the store put the triggers back: a second raw edit drops them again.
    const raw2 = new Database(dbPath);
    raw2.exec('DROP TRIGGER audit_log_no_update');
    raw2.exec('DROP TRIGGER audit_log_retention_only');
    raw2.exec('DROP TRIGGER audit_log_anchor_on_delete');
    raw2.prepare("UPDATE audit_log SET reason = 'check 4' WHERE id = 4").run();
    raw2.prepare('DELETE FROM audit_log WHERE id = 3').run();
    raw2.close();
    db = openDatabase(dbPath);
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBroken: { id: 4, problem: expect.stringContaining('removed') },
    });
  });

  it('lets retention delete only the oldest rows past 180 days, and the chain still verifies', () => {
    const now = Date.now();
    store.recordAudit(entry(1, new Date(now - 400 * DAY_MS)));
    store.recordAudit(entry(2, new Date(now - 200 * DAY_MS)));
    store.recordAudit(entry(3, new Date(now - 170 * DAY_MS)));
    store.recordAudit(entry(4, new Date(now)));
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);
    db.prepare('DELETE FROM audit_log WHERE id = 1').run();
    db.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 3').run()).toThrow(/append-only/);
    expect(verifyAuditChain(db)).toMatchObject({
      ok: true,
      rows: 2,
      anchor: { lastDeletedId: 2 },
    });
    expect(store.recordAudit(entry(5))).toBe(5);
    expect(verifyAuditChain(db).ok).toBe(true);
  });
});
