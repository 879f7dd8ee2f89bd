/**
 * The audit log on SQLite, and the audited reveal read (one transaction with its audit row).
 * Rows are appended to a hash chain (auditChain.ts): each insert reads the newest row's hash in
 * the same write transaction (BEGIN IMMEDIATE: the file's write lock, so across processes too),
 * so two writers can never fork the chain, and a capped append counts its rows there too. The
 * repository is asynchronous (sqliteAuditRepository); each method runs the synchronous store's
 * method to its end (promisedMethods.ts), and the store's own recordAudit serves callers that
 * append inside their own SQLite transaction.
 */
import type { Transaction } from 'better-sqlite3';
import {
  AuditLimitReachedError,
  type AuditAppendInTransaction,
  type AuditRecord,
  type AuditRepository,
  type AuditRowLimit,
  type NewAuditRecord,
  type RevealedIdentifiers,
} from '../audit/auditRepository';
import type { PageRequest, PageResult } from '../registry/registryRecords';
import { AUDIT_COLUMNS, CHAIN_COLUMNS, chainedRowValues, toAuditRecord } from './auditChain';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { identifierSealerFor } from './dataKeyFiles';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

export function sqliteAuditRepository(db: SqliteDatabase): AuditRepository {
  return promisedMethods(new SqliteAuditStore(db), [
    'revealPersonIdentifiers',
    'recordAudit',
    'listAudit',
  ]);
}

export class SqliteAuditStore implements AuditAppendInTransaction {
  private readonly statements: StatementCache;
  private readonly revealTransaction: Transaction<
    (personId: number, audit: NewAuditRecord, limit: AuditRowLimit) => RevealedIdentifiers | null
  >;
  private readonly recordTransaction: Transaction<
    (audit: NewAuditRecord, limit: AuditRowLimit | undefined) => number
  >;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    this.revealTransaction = db.transaction(
      (personId: number, audit: NewAuditRecord, limit: AuditRowLimit) => {
        this.checkLimit(audit.username, limit);
        const person = this.statements
          .get('SELECT id_number_sealed, phone_sealed FROM persons WHERE id = ?')
          .get(personId) as Row | undefined;
        if (person === undefined) return null;
        const revealed = identifierSealerFor(this.db).openPerson({
          idNumberSealed: person.id_number_sealed as Buffer,
          phoneSealed: (person.phone_sealed ?? null) as Buffer | null,
        });
        return { ...revealed, auditId: this.appendRow(audit) };
      },
    );
    this.recordTransaction = db.transaction(
      (audit: NewAuditRecord, limit: AuditRowLimit | undefined) => {
        if (limit !== undefined) this.checkLimit(audit.username, limit);
        return this.appendRow(audit);
      },
    );
  }

  /** Throws AuditLimitReachedError when `username` has `limit.limit` rows in the window. */
  private checkLimit(username: string, limit: AuditRowLimit): void {
    const placeholders = limit.actions.map(() => '?').join(', ');
    const row = this.statements
      .get(
        'SELECT COUNT(*) AS n FROM audit_log WHERE username = ? AND at >= ? ' +
          `AND action IN (${placeholders})`,
      )
      .get(username, limit.sinceIso, ...limit.actions) as { n: number };
    if (row.n >= limit.limit) throw new AuditLimitReachedError(row.n);
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
    this.statements
      .get(`INSERT INTO audit_log (${CHAIN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(...chainedRowValues(id, String(head.hash), audit));
    return id;
  }

  revealPersonIdentifiers(
    personId: number,
    audit: NewAuditRecord,
    limit: AuditRowLimit,
  ): RevealedIdentifiers | null {
    return this.revealTransaction.immediate(personId, audit, limit);
  }

  /** Inside a caller's transaction the row commits with it (a nested transaction's savepoint). */
  recordAudit(audit: NewAuditRecord, limit?: AuditRowLimit): number {
    return this.recordTransaction.immediate(audit, limit);
  }

  listAudit(page: PageRequest): PageResult<AuditRecord> {
    const total = this.statements.get('SELECT COUNT(*) AS n FROM audit_log').get() as Row;
    const rows = this.statements
      .get(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(page.pageSize, (page.page - 1) * page.pageSize) as Row[];
    return { total: Number(total.n), items: rows.map(toAuditRecord) };
  }
}
