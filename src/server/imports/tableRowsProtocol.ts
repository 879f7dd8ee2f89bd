/** Messages between imports/tableRowsThread.ts and its worker, imports/tableRowsWorker.ts. */
import type { TableRow } from './tableRows';

export interface TableRowsWorkerData {
  filePath: string;
  batchRows: number;
  /** Batches the worker may post before it is granted more. */
  batchesAhead: number;
}

/** Reader to worker: `more` batches may be posted. */
export interface TableReaderMessage {
  more: number;
}

export type TableRowsWorkerMessage =
  | { kind: 'rows'; rows: TableRow[]; bytesRead: number; size: number }
  | { kind: 'end' }
  /** `messageZh`: set when the failure was a TableFormatError. */
  | { kind: 'failed'; message: string; messageZh: string | null };
