/**
 * A tile worker thread: builds the leaf tiles it is sent (buildLeafTile) and answers each with
 * its .glb, moved to the parent without a copy.
 */
import { parentPort } from 'node:worker_threads';
import { buildLeafTile } from './leafTile';
import type { LeafJob, LeafWorkerMessage } from './leafTilePool';

const port = parentPort;
if (port === null) throw new Error('leafTileWorker runs only as a worker thread');

port.on('message', (job: LeafJob) => {
  buildLeafTile(job.buildings, { meshopt: job.meshopt }).then(
    (leaf) => {
      const message: LeafWorkerMessage = { kind: 'built', id: job.id, leaf };
      port.postMessage(message, [leaf.glb.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const message: LeafWorkerMessage = {
        kind: 'failed',
        id: job.id,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
      port.postMessage(message);
    },
  );
});
