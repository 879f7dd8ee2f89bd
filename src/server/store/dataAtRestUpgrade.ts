/**
 * Brings a database written before identifiers were sealed and the audit log was chained up to
 * date, in one transaction, before the schema is applied: persons' clear ID numbers and phones,
 * workers' phones and Open311 reporters' contacts are sealed and their clear columns dropped; existing audit rows
 * are chained in id order. A database already in the new form is left alone.
 */
import { auditRowHash } from './auditChain';
import type { SqliteDatabase } from './openDatabase';
import { identifierSealerFor } from './dataKeyFiles';

type Row = Record<string, unknown>;

function columnsOf(db: SqliteDatabase, table: string): Set<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return new Set(rows.map((row) => row.name));
}

function upgradePersons(db: SqliteDatabase): void {
  if (!columnsOf(db, 'persons').has('id_number')) return;
  const sealer = identifierSealerFor(db);
  for (const column of [
    'id_number_sealed BLOB',
    'id_number_index BLOB',
    'id_number_masked TEXT',
    'phone_sealed BLOB',
    'phone_index BLOB',
    'phone_masked TEXT',
  ])
    db.exec(`ALTER TABLE persons ADD COLUMN ${column}`);
  const update = db.prepare(
    'UPDATE persons SET id_number_sealed = ?, id_number_index = ?, id_number_masked = ?, ' +
      'phone_sealed = ?, phone_index = ?, phone_masked = ? WHERE id = ?',
  );
  const rows = db.prepare('SELECT id, id_number, phone FROM persons').all() as Row[];
  for (const row of rows) {
    const sealed = sealer.sealPerson({
      idNumber: String(row.id_number),
      phone: row.phone === null ? null : String(row.phone),
    });
    update.run(
      sealed.idNumberSealed,
      sealed.idNumberIndex,
      sealed.idNumberMasked,
      sealed.phoneSealed,
      sealed.phoneIndex,
      sealed.phoneMasked,
      row.id,
    );
  }
  db.exec('DROP INDEX IF EXISTS persons_id_tail');
  db.exec('DROP INDEX IF EXISTS persons_phone_tail');
  db.exec('ALTER TABLE persons DROP COLUMN id_number');
  db.exec('ALTER TABLE persons DROP COLUMN phone');
}

function upgradeWorkers(db: SqliteDatabase): void {
  if (!columnsOf(db, 'workers').has('phone')) return;
  const sealer = identifierSealerFor(db);
  for (const column of ['phone_sealed BLOB', 'phone_index BLOB', 'phone_masked TEXT'])
    db.exec(`ALTER TABLE workers ADD COLUMN ${column}`);
  const update = db.prepare(
    'UPDATE workers SET phone_sealed = ?, phone_index = ?, phone_masked = ? WHERE id = ?',
  );
  const rows = db.prepare('SELECT id, phone FROM workers').all() as Row[];
  for (const row of rows) update.run(...sealer.sealWorkerPhone(String(row.phone)), row.id);
  db.exec('ALTER TABLE workers DROP COLUMN phone');
}

function upgradeReporters(db: SqliteDatabase): void {
  if (!columnsOf(db, 'incident_reporters').has('email')) return;
  const sealer = identifierSealerFor(db);
  for (const column of ['name_sealed BLOB', 'phone_sealed BLOB', 'email_sealed BLOB'])
    db.exec(`ALTER TABLE incident_reporters ADD COLUMN ${column}`);
  const update = db.prepare(
    'UPDATE incident_reporters SET name_sealed = ?, phone_sealed = ?, email_sealed = ? ' +
      'WHERE incident_id = ?',
  );
  const rows = db
    .prepare('SELECT incident_id, name, phone, email FROM incident_reporters')
    .all() as Row[];
  for (const row of rows) {
    update.run(
      sealer.seal('reporter_name', String(row.name)),
      sealer.seal('reporter_phone', String(row.phone)),
      sealer.seal('reporter_email', String(row.email)),
      row.incident_id,
    );
  }
  for (const column of ['name', 'phone', 'email'])
    db.exec(`ALTER TABLE incident_reporters DROP COLUMN ${column}`);
}

function upgradeAuditLog(db: SqliteDatabase): void {
  const columns = columnsOf(db, 'audit_log');
  if (columns.size === 0 || columns.has('hash')) return;
  db.exec("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''");
  db.exec("ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''");
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prevHash = '';
  const rows = db
    .prepare(
      'SELECT id, at, username, action, target_type, target_id, fields, reason FROM audit_log ORDER BY id',
    )
    .all() as Row[];
  for (const row of rows) {
    const hash = auditRowHash(prevHash, {
      id: Number(row.id),
      at: String(row.at),
      username: String(row.username),
      action: String(row.action),
      targetType: String(row.target_type),
      targetId: String(row.target_id),
      fields: String(row.fields),
      reason: String(row.reason),
    });
    update.run(prevHash, hash, row.id);
    prevHash = hash;
  }
}

/** True when the database still has a clear identifier column or an unchained audit log. */
export function needsDataAtRestUpgrade(db: SqliteDatabase): boolean {
  const audit = columnsOf(db, 'audit_log');
  return (
    columnsOf(db, 'persons').has('id_number') ||
    columnsOf(db, 'workers').has('phone') ||
    columnsOf(db, 'incident_reporters').has('email') ||
    (audit.size > 0 && !audit.has('hash'))
  );
}

export function upgradeDataAtRest(db: SqliteDatabase): void {
  if (!needsDataAtRestUpgrade(db)) return;
  db.transaction(() => {
    upgradePersons(db);
    upgradeWorkers(db);
    upgradeReporters(db);
    upgradeAuditLog(db);
  })();
  // Dropped columns leave their old bytes in free pages until the file is rewritten.
  db.exec('VACUUM');
}
