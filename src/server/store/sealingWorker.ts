/**
 * A sealing worker thread (store/sealingThread.ts): seals persons' ID numbers and phones with the
 * key its parent hands it, and sends each batch back as one transferred buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IdentifierSealer } from './sealedIdentifiers';
import type { SealJob, SealingWorkerData, SealingWorkerMessage } from './sealingProtocol';

const port = parentPort;
if (port === null) throw new Error('sealingWorker runs only as a worker thread');
const sealer = new IdentifierSealer(Buffer.from((workerData as SealingWorkerData).key));

port.on('message', (job: SealJob) => {
  try {
    const parts: Buffer[] = [];
    const lengths = new Int32Array(job.persons.length * 4);
    const masked: Array<string | null> = [];
    const sealedPersons = sealer.sealPersons(
      job.persons.map(([idNumber, phone]) => ({ idNumber, phone })),
    );
    sealedPersons.forEach((sealed, index) => {
      const blobs = [
        sealed.idNumberSealed,
        sealed.idNumberIndex,
        sealed.phoneSealed,
        sealed.phoneIndex,
      ];
      blobs.forEach((blob, part) => {
        // -1: no value (a person without a phone), as against an empty blob.
        lengths[index * 4 + part] = blob === null ? -1 : blob.length;
        if (blob !== null) parts.push(blob);
      });
      masked.push(sealed.idNumberMasked, sealed.phoneMasked);
    });
    // Its own ArrayBuffer (never the shared pool a small Buffer may come from): transferred.
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    const message: SealingWorkerMessage = { kind: 'sealed', id: job.id, bytes, lengths, masked };
    port.postMessage(message, [bytes.buffer, lengths.buffer]);
  } catch (error) {
    const message: SealingWorkerMessage = {
      kind: 'failed',
      id: job.id,
      message: error instanceof Error ? error.message : String(error),
    };
    port.postMessage(message);
  }
});
