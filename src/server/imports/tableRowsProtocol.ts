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

/**
 * A batch of rows, flat: every row's cells one after another in `cells`, and per row its line and
 * cell count in `shape` ([line, count, line, count, …], its buffer transferred). Cloning one array
 * of strings costs both threads less than an object and an array per row (packRows, unpackRows).
 */
export interface PackedRows {
  cells: string[];
  shape: Int32Array;
}

export function packRows(rows: readonly TableRow[]): PackedRows {
  const cells: string[] = [];
  const shape = new Int32Array(rows.length * 2);
  rows.forEach((row, index) => {
    shape[index * 2] = row.line;
    shape[index * 2 + 1] = row.cells.length;
    for (const cell of row.cells) cells.push(cell);
  });
  return { cells, shape };
}

export function unpackRows({ cells, shape }: PackedRows): TableRow[] {
  const rows: TableRow[] = new Array<TableRow>(shape.length / 2);
  let next = 0;
  for (let index = 0; index < rows.length; index++) {
    const count = shape[index * 2 + 1]!;
    rows[index] = { line: shape[index * 2]!, cells: cells.slice(next, next + count) };
    next += count;
  }
  return rows;
}

export type TableRowsWorkerMessage =
  | { kind: 'rows'; rows: PackedRows; bytesRead: number; size: number }
  | { kind: 'end' }
  /** `messageZh`: set when the failure was a TableFormatError. */
  | { kind: 'failed'; message: string; messageZh: string | null };
