/**
 * A search worker thread: its own read-only connection to the district database (WAL: it
 * reads committed rows while the service writes), one search at a time, answers by message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/openDatabase';
import { SqliteRegistryStore } from '../store/sqliteRegistry';
import type { SearchJobMessage, SearchWorkerData, SearchWorkerMessage } from './searchProtocol';

const port = parentPort;
if (port === null) throw new Error('searchWorker runs only as a worker thread');
const { dbPath } = workerData as SearchWorkerData;
const registry = new SqliteRegistryStore(openDatabase(dbPath, { readonly: true }));

function answer(message: SearchWorkerMessage): void {
  port!.postMessage(message);
}

port.on('message', (job: SearchJobMessage) => {
  try {
    answer({
      kind: 'result',
      id: job.id,
      result: registry.searchPersons(job.criteria, job.scopes, job.page),
    });
  } catch (error) {
    answer({
      kind: 'failed',
      id: job.id,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
answer({ kind: 'ready' });
