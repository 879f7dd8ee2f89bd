/** The audit log on SQLite, and the audited reveal read (one transaction with its audit row). */
import type {
  AuditRecord,
  AuditRepository,
  NewAuditRecord,
  RevealedIdentifiers,
} from '../audit/auditRepository';
import type { PageRequest, PageResult } from '../registry/registryRecords';
import type { SqliteDatabase } from './openDatabase';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

export class SqliteAuditStore implements AuditRepository {
  private readonly statements: StatementCache;
  private readonly revealTransaction: (
    personId: number,
    audit: NewAuditRecord,
  ) => RevealedIdentifiers | null;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.revealTransaction = db.transaction((personId: number, audit: NewAuditRecord) => {
      const person = this.statements
        .get('SELECT id_number, phone FROM persons WHERE id = ?')
        .get(personId) as Row | undefined;
      if (person === undefined) return null;
      const inserted = this.statements
        .get(
          'INSERT INTO audit_log (at, username, action, target_type, target_id, fields, reason) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          audit.at,
          audit.username,
          audit.action,
          audit.targetType,
          audit.targetId,
          audit.fields,
          audit.reason,
        );
      return {
        idNumber: String(person.id_number),
        phone: person.phone === null ? null : String(person.phone),
        auditId: Number(inserted.lastInsertRowid),
      };
    });
  }

  revealPersonIdentifiers(personId: number, audit: NewAuditRecord): RevealedIdentifiers | null {
    return this.revealTransaction(personId, audit);
  }

  recordAudit(audit: NewAuditRecord): number {
    return Number(
      this.statements
        .get(
          'INSERT INTO audit_log (at, username, action, target_type, target_id, fields, reason) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          audit.at,
          audit.username,
          audit.action,
          audit.targetType,
          audit.targetId,
          audit.fields,
          audit.reason,
        ).lastInsertRowid,
    );
  }

  listAudit(page: PageRequest): PageResult<AuditRecord> {
    const total = this.statements.get('SELECT COUNT(*) AS n FROM audit_log').get() as Row;
    const rows = this.statements
      .get(
        'SELECT id, at, username, action, target_type, target_id, fields, reason FROM audit_log ' +
          'ORDER BY id DESC LIMIT ? OFFSET ?',
      )
      .all(page.pageSize, (page.page - 1) * page.pageSize) as Row[];
    return {
      total: Number(total.n),
      items: rows.map((row) => ({
        id: Number(row.id),
        at: String(row.at),
        username: String(row.username),
        action: String(row.action),
        targetType: String(row.target_type),
        targetId: String(row.target_id),
        fields: String(row.fields),
        reason: String(row.reason),
      })),
    };
  }
}
