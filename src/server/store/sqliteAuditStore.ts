/**
 * The audit log on SQLite, and the audited reveal read (one transaction with its audit row).
 * Rows are appended to a hash chain (auditChain.ts): each insert reads the newest row's hash in
 * the same write transaction, so two writers can never fork the chain.
 */
import type { Transaction } from 'better-sqlite3';
import type {
  AuditRecord,
  AuditRepository,
  NewAuditRecord,
  RevealedIdentifiers,
} from '../audit/auditRepository';
import type { PageRequest, PageResult } from '../registry/registryRecords';
import { auditRowHash } from './auditChain';
import type { SqliteDatabase } from './openDatabase';
import { identifierSealerFor } from './sealedIdentifiers';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

export class SqliteAuditStore implements AuditRepository {
  private readonly statements: StatementCache;
  private readonly revealTransaction: Transaction<
    (personId: number, audit: NewAuditRecord) => RevealedIdentifiers | null
  >;
  private readonly recordTransaction: Transaction<(audit: NewAuditRecord) => number>;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.revealTransaction = db.transaction((personId: number, audit: NewAuditRecord) => {
      const person = this.statements
        .get('SELECT id_number_sealed, phone_sealed FROM persons WHERE id = ?')
        .get(personId) as Row | undefined;
      if (person === undefined) return null;
      const revealed = identifierSealerFor(this.db).openPerson({
        idNumberSealed: person.id_number_sealed as Buffer,
        phoneSealed: (person.phone_sealed ?? null) as Buffer | null,
      });
      return { ...revealed, auditId: this.appendRow(audit) };
    });
    this.recordTransaction = db.transaction((audit: NewAuditRecord) => this.appendRow(audit));
  }

  /** Appends one row to the chain; call inside a write transaction. */
  private appendRow(audit: NewAuditRecord): number {
    const head = this.statements
      .get(
        'SELECT COALESCE((SELECT id FROM audit_log ORDER BY id DESC LIMIT 1), last_deleted_id) AS id, ' +
          'COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), last_deleted_hash) AS hash ' +
          'FROM audit_anchor WHERE one = 1',
      )
      .get() as Row;
    const id = Number(head.id) + 1;
    const prevHash = String(head.hash);
    const hash = auditRowHash(prevHash, { id, ...audit });
    this.statements
      .get(
        'INSERT INTO audit_log (id, at, username, action, target_type, target_id, fields, reason, prev_hash, hash) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        audit.at,
        audit.username,
        audit.action,
        audit.targetType,
        audit.targetId,
        audit.fields,
        audit.reason,
        prevHash,
        hash,
      );
    return id;
  }

  revealPersonIdentifiers(personId: number, audit: NewAuditRecord): RevealedIdentifiers | null {
    return this.revealTransaction.immediate(personId, audit);
  }

  recordAudit(audit: NewAuditRecord): number {
    return this.recordTransaction.immediate(audit);
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
