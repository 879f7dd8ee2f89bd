/**
 * Sealing persons' identifiers off the event loop (decision 0018, bulk import): a worker thread
 * with a copy of the data key seals a batch of ID numbers and phones (`sealPersons`: the batch's
 * ciphers computed together) while the caller goes on reading and checking the next rows. The
 * output is exactly what `IdentifierSealer.sealPerson` gives on the calling thread (the nonce is
 * derived from the value), so rows sealed either way are the same bytes. Batches are answered in
 * the order they were sent.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workerThreads';
import type {
  IdentifierSealer,
  PersonIdentifiers,
  SealedPersonIdentifiers,
} from './sealedIdentifiers';
import type { SealJob, SealingWorkerData, SealingWorkerMessage } from './sealingProtocol';

const WORKER_ENTRY = new URL('./sealingWorker.ts', import.meta.url);
/**
 * A batch's few hundred kilobytes at a time: a small heap keeps the import's peak down. The
 * young generation at 16 MB, not 8: each scavenge copies the batch in hand (with 8 MB, 985
 * scavenges took ~4 s of the thread at a million rows; measured with the reading thread's
 * change, tableRowsThread.ts).
 */
const THREAD_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

interface Waiting {
  resolve(sealed: SealedPersonIdentifiers[]): void;
  reject(error: Error): void;
}

function unpack(message: Extract<SealingWorkerMessage, { kind: 'sealed' }>) {
  const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.length);
  const sealed: SealedPersonIdentifiers[] = [];
  let offset = 0;
  const next = (length: number): Buffer | null => {
    if (length < 0) return null;
    offset += length;
    return bytes.subarray(offset - length, offset);
  };
  for (let person = 0; person * 4 < message.lengths.length; person++) {
    const at = person * 4;
    sealed.push({
      idNumberSealed: next(message.lengths[at]!)!,
      idNumberIndex: next(message.lengths[at + 1]!)!,
      idNumberMasked: message.masked[person * 2]!,
      phoneSealed: next(message.lengths[at + 2]!),
      phoneIndex: next(message.lengths[at + 3]!),
      phoneMasked: message.masked[person * 2 + 1] ?? null,
    });
  }
  return sealed;
}

export class SealingThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private stopped: Error | null = null;

  constructor(sealer: IdentifierSealer) {
    const data: SealingWorkerData = { key: sealer.keyForThread() };
    this.worker = startWorker(WORKER_ENTRY, data, THREAD_HEAP);
    this.worker.on('message', (message: SealingWorkerMessage) => this.answer(message));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) =>
      this.stop(new Error(`the sealing thread stopped (exit code ${code})`)),
    );
  }

  /** The persons' sealed columns, in the order given. */
  seal(persons: readonly PersonIdentifiers[]): Promise<SealedPersonIdentifiers[]> {
    if (this.stopped !== null) return Promise.reject(this.stopped);
    const job: SealJob = {
      id: this.nextId++,
      persons: persons.map(({ idNumber, phone }) => [idNumber, phone]),
    };
    return new Promise((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.stop(new Error('the sealing thread was closed'));
    await this.worker.terminate();
  }

  private answer(message: SealingWorkerMessage): void {
    const waiting = this.waiting.get(message.id);
    if (waiting === undefined) return;
    this.waiting.delete(message.id);
    if (message.kind === 'sealed') waiting.resolve(unpack(message));
    else waiting.reject(new Error(`sealing failed: ${message.message}`));
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const waiting of this.waiting.values()) waiting.reject(this.stopped);
    this.waiting.clear();
  }
}
