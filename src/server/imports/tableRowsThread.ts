/**
 * tableRows on a worker thread: the same rows, read and parsed (xlsxRows, papaparse)
 * on a thread of their own while the caller checks and writes the rows before them, a batch
 * at a time with a few batches read ahead. For the large register imports (decision 0018).
 */
import { stat } from 'node:fs/promises';
import { startWorker } from '../workerThreads';
import {
  TableFormatError,
  tableFormatOf,
  tableRows,
  type ReadMeter,
  type TableRow,
} from './tableRows';
import {
  unpackRows,
  type TableReaderMessage,
  type TableRowsWorkerData,
  type TableRowsWorkerMessage,
} from './tableRowsProtocol';

const WORKER_ENTRY = new URL('./tableRowsWorker.ts', import.meta.url);
/**
 * Rows a message. Each batch is answered with a message granting the next: at 500 rows those
 * grants took ~2 s of a million-row import's main thread, at 2,000 a quarter of that.
 */
const BATCH_ROWS = 2_000;
const BATCHES_AHEAD = 4;
/**
 * The young generation: each scavenge copies the batch being filled, so a small one copies it
 * many times (8 MB: 2,267 scavenges, ~7 s of a million-row XLSX read's ~34 s on this thread).
 * At 32 MB a million-row import took 64–66 s against 67–72 s (XLSX) and 54–61 s against
 * 58–65 s (CSV), two runs each alternated, for ~25 MB more at its peak (decision 0018). The old
 * generation is not capped: the XLSX reader keeps a workbook's shared strings (what Excel
 * writes) for the whole read.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 32 };
/**
 * Smaller files are read on the calling thread: starting the thread (~0.3–0.5 s, TypeScript
 * loaded again) costs more than reading ~25,000 rows there saves.
 */
export const READ_ON_THREAD_FROM_BYTES = 2 * 1024 * 1024;

/** tableRows for a large import: on a thread from READ_ON_THREAD_FROM_BYTES, else here. */
export async function* largeTableRows(
  filePath: string,
  meter?: ReadMeter,
): AsyncGenerator<TableRow> {
  const { size } = await stat(filePath);
  yield* size >= READ_ON_THREAD_FROM_BYTES
    ? tableRowsOnThread(filePath, meter)
    : tableRows(filePath, meter);
}

/** The file's rows as tableRows gives them; `meter` follows the bytes the thread has read. */
export async function* tableRowsOnThread(
  filePath: string,
  meter?: ReadMeter,
): AsyncGenerator<TableRow> {
  tableFormatOf(filePath); // an unsupported file is refused here, before a thread starts
  const data: TableRowsWorkerData = {
    filePath,
    batchRows: BATCH_ROWS,
    batchesAhead: BATCHES_AHEAD,
  };
  const worker = startWorker(WORKER_ENTRY, data, THREAD_HEAP);
  const inbox: TableRowsWorkerMessage[] = [];
  let wakeUp: (() => void) | null = null;
  const receive = (message: TableRowsWorkerMessage) => {
    inbox.push(message);
    wakeUp?.();
    wakeUp = null;
  };
  worker.on('message', receive);
  worker.on('error', (error) =>
    receive({ kind: 'failed', message: error.message, messageZh: null }),
  );
  worker.on('exit', (code) =>
    receive({
      kind: 'failed',
      message: `the table reader stopped (exit code ${code})`,
      messageZh: null,
    }),
  );
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wakeUp = resolve));
      const message = inbox.shift()!;
      if (message.kind === 'end') return;
      if (message.kind === 'failed') {
        throw message.messageZh === null
          ? new Error(message.message)
          : new TableFormatError(message.messageZh, message.message);
      }
      if (meter !== undefined) {
        meter.bytesRead = message.bytesRead;
        meter.size = message.size;
      }
      worker.postMessage({ more: 1 } satisfies TableReaderMessage);
      yield* unpackRows(message.rows);
    }
  } finally {
    await worker.terminate();
  }
}
