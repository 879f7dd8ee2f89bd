/**
 * A person's deletion on SQLite: the register rows, the emergency messages waiting in the outbox
 * for their number (found by the phone's keyed-hash index) and the audit
 * row, in one transaction.
 */
import type { Transaction } from 'better-sqlite3';
import type { AuditAppendInTransaction, NewAuditRecord } from '../audit/auditRepository';
import type { PersonErasure } from '../registry/erasePerson';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';

export function sqlitePersonErasure(
  db: SqliteDatabase,
  audit: AuditAppendInTransaction,
): PersonErasure {
  return promisedMethods(new SqlitePersonErasure(db, audit), ['erasePerson']);
}

class SqlitePersonErasure {
  private readonly transaction: Transaction<(personId: number, audit: NewAuditRecord) => boolean>;

  constructor(db: SqliteDatabase, audit: AuditAppendInTransaction) {
    const household = db.prepare('SELECT household_id FROM persons WHERE id = ?');
    const newHead = db.prepare(
      'UPDATE households SET head_person_id = ' +
        '(SELECT MIN(id) FROM persons WHERE household_id = households.id AND id <> ?) ' +
        'WHERE id = ? AND head_person_id = ?',
    );
    const remove = db.prepare('DELETE FROM persons WHERE id = ?');
    const outbox = db.prepare(
      'DELETE FROM message_outbox WHERE phone_index = ' +
        '(SELECT phone_index FROM persons WHERE id = ? AND phone_index IS NOT NULL)',
    );
    this.transaction = db.transaction((personId: number, record: NewAuditRecord) => {
      const row = household.get(personId) as { household_id: number } | undefined;
      if (row === undefined) return false;
      newHead.run(personId, row.household_id, personId);
      outbox.run(personId);
      remove.run(personId);
      audit.recordAudit(record);
      return true;
    });
  }

  erasePerson(personId: number, audit: NewAuditRecord): boolean {
    return this.transaction.immediate(personId, audit);
  }
}
