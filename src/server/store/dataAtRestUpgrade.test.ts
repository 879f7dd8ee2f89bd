import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './auditChain';
import { openDatabase } from './openDatabase';
import { identifierSealerFor } from './dataKeyFiles';
import { SqliteAuditStore } from './sqliteAuditStore';

const ID_NUMBER = '350102198001011234';
const PHONE = '13912345678';
const REPORTER_PHONE = '13787654321';
const WORKER_PHONE = '13655501234';
const REPORTER_EMAIL = 'citizen@example.org';

/** The tables as a database written before sealing and chaining holds them. */
function writeOldDatabase(dbPath: string): void {
  const db = new Database(dbPath);
  db.exec(`
    CREATE TABLE persons (id INTEGER PRIMARY KEY, household_id INTEGER NOT NULL, name TEXT NOT NULL,
      sex TEXT NOT NULL, birth_date TEXT NOT NULL, id_number TEXT NOT NULL, phone TEXT,
      relation TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '', synthetic INTEGER NOT NULL DEFAULT 1);
    CREATE INDEX persons_id_tail ON persons(substr(id_number, -4));
    CREATE INDEX persons_phone_tail ON persons(substr(phone, -4));
    CREATE TABLE workers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL,
      phone TEXT NOT NULL, synthetic INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE incident_reporters (incident_id TEXT PRIMARY KEY, name TEXT NOT NULL,
      phone TEXT NOT NULL, email TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, username TEXT NOT NULL,
      action TEXT NOT NULL, target_type TEXT NOT NULL, target_id TEXT NOT NULL,
      fields TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '');
  `);
  const person = db.prepare(
    "INSERT INTO persons VALUES (?, 1, '林小明', 'M', '1980-01-01', ?, ?, 'head', '', 1)",
  );
  person.run(1, ID_NUMBER, PHONE);
  person.run(2, '35010219800101555X', null);
  db.prepare("INSERT INTO workers VALUES (1001, '陈网格', 'Chen Wangge', ?, 1)").run(WORKER_PHONE);
  db.prepare("INSERT INTO incident_reporters VALUES ('INC00000001', '王女士', ?, ?)").run(
    REPORTER_PHONE,
    REPORTER_EMAIL,
  );
  const audit = db.prepare(
    "INSERT INTO audit_log (id, at, username, action, target_type, target_id, reason) VALUES (?, '2026-01-01T00:00:00.000Z', 'admin', 'reveal', 'person', '1', 'old')",
  );
  audit.run(1);
  audit.run(3);
  db.close();
}

describe('opening a database written before data at rest was sealed', () => {
  let dir: string;
  let dbPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
    dbPath = join(dir, 'district.sqlite');
    writeOldDatabase(dbPath);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seals identifiers and contacts, drops the clear columns, chains the audit log', () => {
    const db = openDatabase(dbPath);
    const personColumns = (
      db.prepare("SELECT name FROM pragma_table_info('persons')").all() as { name: string }[]
    ).map((column) => column.name);
    expect(personColumns).not.toContain('id_number');
    expect(personColumns).not.toContain('phone');
    const sealer = identifierSealerFor(db);
    const row = db.prepare('SELECT * FROM persons WHERE id = 1').get() as Record<string, Buffer>;
    expect(
      sealer.openPerson({ idNumberSealed: row.id_number_sealed!, phoneSealed: row.phone_sealed! }),
    ).toEqual({
      idNumber: ID_NUMBER,
      phone: PHONE,
    });
    expect(row.id_number_masked).toBe('**************1234');
    expect(row.id_number_index).toEqual(sealer.index('id_number', ID_NUMBER));
    const noPhone = db.prepare('SELECT phone_sealed, phone_masked FROM persons WHERE id = 2').get();
    expect(noPhone).toEqual({ phone_sealed: null, phone_masked: null });
    const reporter = db.prepare('SELECT * FROM incident_reporters').get() as Record<string, Buffer>;
    expect(Object.keys(reporter).sort()).toEqual([
      'email_sealed',
      'incident_id',
      'name_sealed',
      'phone_sealed',
    ]);
    expect(sealer.open('reporter_email', reporter.email_sealed!)).toBe(REPORTER_EMAIL);
    const worker = db.prepare('SELECT * FROM workers').get() as Record<string, Buffer | string>;
    expect(Object.keys(worker)).not.toContain('phone');
    expect(sealer.open('worker_phone', worker.phone_sealed as Buffer)).toBe(WORKER_PHONE);
    expect(worker.phone_index).toEqual(sealer.index('worker_phone', WORKER_PHONE));
    expect(worker.phone_masked).toBe('*******1234');
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2 });
    expect(
      new SqliteAuditStore(db).recordAudit({
        at: new Date().toISOString(),
        username: 'admin',
        action: 'reveal',
        targetType: 'person',
        targetId: '1',
        fields: '',
        reason: 'after upgrade',
      }),
    ).toBe(4);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
    db.close();
    const bytes = readFileSync(dbPath).toString('latin1');
    for (const clear of [ID_NUMBER, PHONE, WORKER_PHONE, REPORTER_PHONE, REPORTER_EMAIL])
      expect(bytes.includes(clear)).toBe(false);
  });

  it('leaves the database, its WAL and the key readable by their owner only', () => {
    const db = openDatabase(dbPath);
    new SqliteAuditStore(db).recordAudit({
      at: new Date().toISOString(),
      username: 'admin',
      action: 'x',
      targetType: 'y',
      targetId: 'z',
      fields: '',
      reason: '',
    });
    for (const path of [dbPath, `${dbPath}-wal`, join(dir, 'data.key')])
      expect(statSync(path).mode & 0o777).toBe(0o600);
    db.close();
    // A second open finds everything in the new form and changes nothing.
    const again = openDatabase(dbPath);
    expect(verifyAuditChain(again)).toMatchObject({ ok: true, rows: 3 });
    again.close();
  });
});
