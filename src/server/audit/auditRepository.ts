/**
 * Storage of the audit log and of the one audited read: revealing a person's identifiers.
 * Asynchronous (docs/decisions/0040-postgresql.md); every append extends the hash chain
 * (store/auditChain.ts) in one transaction that holds the chain's head, on either engine.
 */
import type { PageRequest, PageResult } from '../registry/registryRecords';

export interface AuditRecord {
  id: number;
  at: string;
  username: string;
  action: string;
  targetType: string;
  targetId: string;
  fields: string;
  reason: string;
}

export type NewAuditRecord = Omit<AuditRecord, 'id'>;

export interface RevealedIdentifiers {
  idNumber: string;
  phone: string | null;
  auditId: number;
}

/**
 * A cap on the writer's own rows: the row is appended only while fewer than `limit` rows of its
 * username with one of `actions` are at or after `sinceIso`. Counted in the append's transaction,
 * so appends at once, from any node, cannot pass the cap together.
 */
export interface AuditRowLimit {
  actions: readonly string[];
  sinceIso: string;
  limit: number;
}

/** An append refused by its AuditRowLimit: nothing was read or written. */
export class AuditLimitReachedError extends Error {
  constructor(readonly count: number) {
    super(`audit row limit reached (${count} rows in the window)`);
    this.name = 'AuditLimitReachedError';
  }
}

export interface AuditRepository {
  /**
   * Reads a person's full identifiers and writes the audit row in one transaction: either both
   * happen or neither. Null when the person does not exist (nothing is written). Rejects with
   * AuditLimitReachedError when `limit` is reached.
   */
  revealPersonIdentifiers(
    personId: number,
    audit: NewAuditRecord,
    limit: AuditRowLimit,
  ): Promise<RevealedIdentifiers | null>;
  /**
   * Writes one audit row (e.g. a worker's track read, an admin's change); returns its id. With
   * `limit`, rejects with AuditLimitReachedError instead when it is reached.
   */
  recordAudit(audit: NewAuditRecord, limit?: AuditRowLimit): Promise<number>;
  listAudit(page: PageRequest): Promise<PageResult<AuditRecord>>;
}

/**
 * The SQLite audit store's synchronous append, for a caller that writes its audit row inside its
 * own SQLite transaction (a person's erasure, a register request's review, an import): the row
 * commits or rolls back with the change it records.
 */
export interface AuditAppendInTransaction {
  recordAudit(audit: NewAuditRecord): number;
}
