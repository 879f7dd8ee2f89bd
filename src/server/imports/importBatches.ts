/**
 * What the import routes need of committed import batches (DESIGN.md §2): the list, and the
 * rollback of the newest batch still in force. Adapters: store/registerImportStore.ts
 * (sqliteImportBatches) and store/pg/postgresImportBatches.ts; the import kinds write batches in
 * the import's own process.
 */
import type { ImportBatchRow } from '../store/registerImportStore';

export interface ImportBatches {
  /** Newest first, at most `limit`. */
  listBatches(limit?: number): Promise<ImportBatchRow[]>;
  /**
   * Undoes the batch in one transaction, newest change first; refuses (RollbackRefused) an
   * unknown batch, one rolled back already, or one with a later batch still in force.
   */
  rollback(batchId: string, actor: string, at: string): Promise<ImportBatchRow>;
}
