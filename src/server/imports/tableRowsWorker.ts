/**
 * A worker thread that reads a table (imports/tableRowsThread.ts): it parses the file with
 * tableRows and posts its rows a batch at a time, no more batches ahead of the reader than it
 * has been granted, so a slow consumer never lets a whole file pile up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ReadMeter, tableRows, type TableRow } from './tableRows';
import {
  packRows,
  type TableReaderMessage,
  type TableRowsWorkerData,
  type TableRowsWorkerMessage,
} from './tableRowsProtocol';

const port = parentPort;
if (port === null) throw new Error('tableRowsWorker runs only as a worker thread');
const { filePath, batchRows, batchesAhead } = workerData as TableRowsWorkerData;

let granted = batchesAhead;
let wakeUp: (() => void) | null = null;
port.on('message', (message: TableReaderMessage) => {
  granted += message.more;
  wakeUp?.();
  wakeUp = null;
});

function post(message: TableRowsWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function send(rows: TableRow[], meter: ReadMeter): Promise<void> {
  while (granted === 0) await new Promise<void>((resolve) => (wakeUp = resolve));
  granted--;
  const packed = packRows(rows);
  post({ kind: 'rows', rows: packed, bytesRead: meter.bytesRead, size: meter.size }, [
    packed.shape.buffer as ArrayBuffer,
  ]);
}

async function read(): Promise<void> {
  const meter = new ReadMeter();
  let batch: TableRow[] = [];
  try {
    for await (const row of tableRows(filePath, meter)) {
      batch.push(row);
      if (batch.length >= batchRows) {
        await send(batch, meter);
        batch = [];
      }
    }
    if (batch.length > 0) await send(batch, meter);
    post({ kind: 'end' });
  } catch (error) {
    const { message, messageZh } = error as { message?: string; messageZh?: string };
    post({ kind: 'failed', message: message ?? String(error), messageZh: messageZh ?? null });
  }
}

void read();
