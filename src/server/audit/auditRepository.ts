/** Storage of the audit log and of the one audited read: revealing a person's identifiers. */
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

export interface AuditRepository {
  /**
   * Reads a person's full identifiers and writes the audit row in one transaction: either both
   * happen or neither. Null when the person does not exist (nothing is written).
   */
  revealPersonIdentifiers(personId: number, audit: NewAuditRecord): RevealedIdentifiers | null;
  /** Writes one audit row for a sensitive read that is not a reveal (e.g. a worker's track); returns its id. */
  recordAudit(audit: NewAuditRecord): number;
  listAudit(page: PageRequest): PageResult<AuditRecord>;
}
